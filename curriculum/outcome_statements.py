"""Learning outcomes' statements by code, for pages that show many of them at once (the class report's
heat map): read once per content version, as a framework snippet saved bumps ``alma.page_cache``'s."""

from django.core.cache import cache
from django.utils.translation import get_language

from alma.page_cache import content_version, store
from curriculum.models import LearningOutcome


def statements_by_code() -> dict[str, str]:
    """``{code: statement}`` in the active language, else in the first language that has the outcome."""
    language = get_language()
    key = f"alma:outcome-statements:{content_version()}:{language}"
    statements = cache.get(key)
    if statements is None:
        statements = {}
        for code, statement, code_language in LearningOutcome.objects.order_by("locale_id").values_list(
                "code", "statement", "locale__language_code"):
            if code_language == language or code not in statements:
                statements[code] = statement
        store(key, statements, 3600)
    return statements
