"""Who may upload packages and edit which modules."""

from __future__ import annotations

from accounts.models import Role
from curriculum.models import ModulePage


def _groups(user) -> set[str]:
    if not getattr(user, "_alma_groups", None):
        user._alma_groups = set(user.groups.values_list("name", flat=True))
    return user._alma_groups


def is_curator(user) -> bool:
    return user.is_superuser or Role.CURATOR.value in _groups(user)


def is_contributor(user) -> bool:
    return Role.CONTRIBUTOR.value in _groups(user)


def can_upload(user) -> bool:
    return user.is_authenticated and user.is_active and (is_curator(user) or is_contributor(user))


def module_of(page):
    """The module a page belongs to (itself, or its parent module), or None."""
    page = page.specific if hasattr(page, "specific") else page
    if isinstance(page, ModulePage):
        return page
    parent = page.get_parent() if page.pk else None
    parent = parent.specific if parent else None
    return parent if isinstance(parent, ModulePage) else None


def may_edit_module(user, module) -> bool:
    """Curators edit every module; a contributor only their institution's."""
    if module is None or is_curator(user) or not is_contributor(user):
        return True
    return module.institution_id is not None and module.institution_id == user.institution_id


def is_translator(user) -> bool:
    return Role.TRANSLATOR.value in _groups(user)


def can_see_translations(user) -> bool:
    """The "What needs translating" dashboard: translators and curators."""
    return user.is_authenticated and user.is_active and (is_curator(user) or is_translator(user))


def publishes_translations_only(user) -> bool:
    """Translators may publish translations (wagtail-localize's editor), not sources."""
    return is_translator(user) and not is_curator(user)
