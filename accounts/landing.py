"""Where a person lands after signing in or up, and what the site header offers them.

accounts sits at the bottom of the layers, so it does not know "My learning"
(progress) or "My classes" (teachers). Upper layers register here instead:

* ``register_landing(func, priority)``: ``func(user) -> url | None``. The
  highest-priority function that answers decides where the user lands (a
  curator who is also a learner lands on the review queue, a teacher who
  follows a track on their classes). With no answer the user goes home.
* ``register_nav_item(func, order)``: ``func(request) -> NavItem | None`` for a
  link in the site header; ``None`` when the link is not for this person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.utils.http import url_has_allowed_host_and_scheme

_landings: list[tuple[int, Callable]] = []
_nav_items: list[tuple[int, Callable]] = []


def register_landing(func: Callable, priority: int = 0) -> Callable:
    """Register ``func(user) -> url | None``; higher priority is asked first. Registering twice is a no-op."""
    if all(registered is not func for _priority, registered in _landings):
        _landings.append((priority, func))
        _landings.sort(key=lambda entry: -entry[0])
    return func


def landing_url_for(user, default: str = "/") -> str:
    """The page of this user's day: the first answer of the registered landings, by priority."""
    if user is not None and user.is_authenticated:
        for _priority, func in _landings:
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


def register_nav_item(func: Callable, order: int = 50) -> Callable:
    """Register ``func(request) -> NavItem | None``; lower order is shown first. Registering twice is a no-op."""
    if all(registered is not func for _order, registered in _nav_items):
        _nav_items.append((order, func))
        _nav_items.sort(key=lambda entry: entry[0])
    return func


def nav_items(request) -> list[NavItem]:
    """The header links this person needs, in order."""
    return [item for _order, func in _nav_items if (item := func(request))]
