"""Which ALMA page an LTI link opens, and what an instructor may pick when deep linking.

A link names its page by ``translation_key`` (the custom parameter ``alma_page``, which
Deep Linking writes, or ``?page=`` on the target link URI), so it opens the page in the
learner's language when it exists and every language shares one set of results.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.utils import translation
from wagtail.models import Page

from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import QuizPage

TARGET_TYPES = (ModulePage, LessonPage, QuizPage)


def page_key_from(launch) -> uuid.UUID | None:
    """The translation key the launch asks for, or None (then ALMA's home page opens)."""
    custom = launch.get_claim("https://purl.imsglobal.org/spec/lti/claim/custom") or {}
    value = custom.get("alma_page") if isinstance(custom, dict) else None
    if not value:
        target = launch.get_claim("https://purl.imsglobal.org/spec/lti/claim/target_link_uri") or ""
        value = (parse_qs(urlsplit(str(target)).query).get("page") or [None])[0]
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def page_for(key, language: str | None = None):
    """The live module, lesson or quiz with this key, in ``language`` if it has one; else None."""
    if key is None:
        return None
    language = language or translation.get_language()
    candidates = (Page.objects.live().public().filter(translation_key=key).select_related("locale")
                  .specific())
    pages = [page for page in candidates if isinstance(page, TARGET_TYPES)]
    for page in pages:
        if page.locale.language_code == language:
            return page
    return pages[0] if pages else None


def is_quiz(page) -> bool:
    return isinstance(page, QuizPage)


@dataclass
class Choice:
    page: object
    kind: str
    children: list = field(default_factory=list)


def choices(language: str) -> list[Choice]:
    """The live modules of ``language`` with their lessons and quizzes, for the deep-linking picker."""
    modules = ModulePage.objects.live().public().filter(locale__language_code=language).order_by("path")
    if not modules.exists():
        modules = ModulePage.objects.live().public().filter(locale__language_code=translation.get_language()
                                                            ).order_by("path")
    result = []
    for module in modules:
        parts = [Choice(page, "lesson") for page in module.lessons()]
        parts += [Choice(page, "quiz") for page in module.quizzes()]
        result.append(Choice(module, "module", parts))
    return result
