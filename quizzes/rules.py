"""Per-learner quiz rules set by upper layers (a teacher's assignment, for example).

A quiz page carries its own rules (``QuizPage.rules()``). An upper layer that
knows better for a given learner — ``teachers`` knows that this student's class
was given the quiz with one attempt and no feedback — registers a *rule
provider* here; quizzes never imports that layer (see alma/overlays.py for the
same pattern with HTML).

``func(quiz_page, user) -> dict | None`` returns the rules it overrides for that
learner, or ``None`` (or ``{}``) when it has nothing to say. Only the keys in
``OVERRIDABLE`` are taken; a value of ``None`` means "no override".

Precedence, deliberately simple and documented:

* an override **wins** over the quiz's own setting, whether it is stricter or
  more lenient: the teacher who assigned the quiz decides for their class;
* when several providers override the same key, the one registered last wins
  (there is one provider today, ``teachers``; it resolves conflicts between
  several classes itself, see ``teachers.rules``);
* the merged rules are *copied onto the attempt when it starts*
  (``quizzes.services.start_attempt``), so changing an assignment later never
  changes an attempt already started, and its review stays as it was promised.

With no provider registered (or none answering) the quiz's own rules apply
unchanged.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Callable

OVERRIDABLE = ("attempts_allowed", "time_limit_minutes", "pass_mark", "due_at", "feedback_when", "answers_when")

RuleProvider = Callable[..., "dict | None"]

_providers: list[RuleProvider] = []


def register_rule_provider(func: RuleProvider) -> RuleProvider:
    """Register ``func(quiz_page, user) -> dict | None``; usable as a decorator. Registering twice is a no-op."""
    if func not in _providers:
        _providers.append(func)
    return func


def unregister_rule_provider(func: RuleProvider) -> None:
    if func in _providers:
        _providers.remove(func)


def providers() -> tuple[RuleProvider, ...]:
    return tuple(_providers)


def _json_value(value):
    """Rules are stored as JSON on the attempt: dates become ISO 8601 strings."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def overrides_for(quiz, user) -> dict:
    """The merged overrides of every provider for this learner (empty for anonymous visitors)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    merged: dict = {}
    for func in _providers:
        for key, value in (func(quiz, user) or {}).items():
            if key in OVERRIDABLE and value is not None:
                merged[key] = _json_value(value)
    return merged


def rules_for(quiz, user) -> dict:
    """The quiz's own rules with this learner's overrides applied: what a new attempt copies."""
    rules = quiz.rules()
    rules.update(overrides_for(quiz, user))
    return rules
