"""Helpers for translatable content (Wagtail's TranslatableMixin)."""

from django.conf import settings
from django.utils import translation
from wagtail.models import Locale


def localized_list(objects, locale=None):
    """Return ``objects`` in ``locale`` (default: the active one), in one query.

    Each object is replaced by its translation when one exists and kept as it is
    otherwise, so a framework snippet never disappears for lack of a translation.
    Unlike ``obj.localized`` (one query per object) this costs one query in all.
    """
    objects = list(objects)
    if not objects:
        return []
    locale = locale or Locale.get_active()
    model = type(objects[0])
    translated = {
        obj.translation_key: obj
        for obj in model.objects.filter(
            translation_key__in=[o.translation_key for o in objects], locale=locale
        )
    }
    return [translated.get(o.translation_key, o) for o in objects]


def language_name(code: str) -> str:
    names = dict(settings.LANGUAGES)
    return str(names.get(code, code))


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def native_language_name(code: str) -> str:
    """The language's own name ("Português"), as shown in a language switcher."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return language_name(code)
