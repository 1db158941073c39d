"""Where a person lands after signing in, by role.

Apps above ``accounts`` register a rule: a function ``rule(user)`` returning a
URL, or None when the rule is not about this user. The first rule (by
``order``, lowest first) with an answer wins; without one, LOGIN_REDIRECT_URL.
"""

from __future__ import annotations

from typing import Callable

from django.conf import settings

LandingRule = Callable[[object], "str | None"]
_rules: list[tuple[int, LandingRule]] = []


def register_landing(rule: LandingRule, order: int = 100) -> LandingRule:
    if all(existing is not rule for _order, existing in _rules):
        _rules.append((order, rule))
        _rules.sort(key=lambda item: item[0])
    return rule


def landing_url_for(user) -> str:
    for _order, rule in _rules:
        url = rule(user)
        if url:
            return url
    return settings.LOGIN_REDIRECT_URL
