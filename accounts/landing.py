"""Where a person lands after signing in or up, and what the site header offers them.

accounts sits at the bottom of the layers, so it does not know "My learning"
(progress) or "My classes" (teachers). Upper layers register Wagtail hooks in
their ``wagtail_hooks.py`` instead:

* ``LANDING_HOOK``: ``func(user) -> url | None``. The first function, by hook
  ``order``, that answers decides where the user lands (a curator who is also a
  learner lands on the review queue, a teacher who follows a track on their
  classes). With no answer the user goes home.
* ``NAV_ITEM_HOOK``: ``func(request) -> NavItem | None`` for a link in the site
  header, shown by hook ``order``; ``None`` when the link is not for this person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import hooks

LANDING_HOOK = "alma_landing"
NAV_ITEM_HOOK = "alma_nav_item"


def landing_url_for(user, default: str = "/") -> str:
    """The page of this user's day: the first answer of the registered landings, by priority."""
    if user is not None and user.is_authenticated:
        for func in hooks.get_hooks(LANDING_HOOK):
            url = func(user)
            if url:
                return url
    return default


def safe_next(request, target: str | None) -> str | None:
    """``target`` when it is a same-site address (a ``next`` parameter), else None."""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str = ""
    current: bool = False


def nav_items(request) -> list[NavItem]:
    """The header links this person needs, in order."""
    return [item for func in hooks.get_hooks(NAV_ITEM_HOOK) if (item := func(request))]
