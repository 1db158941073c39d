"""Per-learner quiz rules set by upper layers (a teacher's assignment, for example).

A quiz page carries its own rules (``QuizPage.rules()``). An upper layer that
knows better for a given learner — ``teachers`` knows that this student's class
was given the quiz with one attempt and no feedback — registers a *rule
provider* as the Wagtail hook ``RULES_HOOK``; quizzes never imports that layer (see alma/overlays.py for the
same pattern with HTML).

``func(quiz_page, user)`` returns ``None`` when it has nothing to say, or a
``ProvidedRules``: the rules it overrides for that learner (only the keys in
``OVERRIDABLE`` are taken; a value of ``None`` means "no override"), an opaque
``source`` naming what the rules come from, and ``opens_at``, before which the
learner may not start an attempt. A plain dict is taken as overrides alone.

Precedence, deliberately simple and documented:

* an override **wins** over the quiz's own setting, whether it is stricter or
  more lenient: the teacher who assigned the quiz decides for their class;
* when several providers override the same key, the last by hook order wins
  (``teachers`` and ``progress`` provide today; it resolves conflicts between
  several classes itself with ``strictest``, see ``teachers.rules``);
* the merged rules and their source are *copied onto the attempt when it
  starts* (``Attempt.rules`` and ``Attempt.rules_source``, see
  ``quizzes.services.start_attempt``), so changing an assignment later never
  changes an attempt already started, its review stays as it was promised, and
  an upper layer can tell which attempts ran under its rules.

With no provider registered (or none answering) the quiz's own rules apply
unchanged and the source is ``""``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from django.utils.dateparse import parse_datetime
from wagtail import hooks

from quizzes.models import ReviewWhen

OVERRIDABLE = ("attempts_allowed", "time_limit_minutes", "pass_mark", "due_at", "feedback_when", "answers_when")

# From the most to the least generous: a later entry shows the learner less, later.
REVIEW_ORDER = (ReviewWhen.IMMEDIATELY, ReviewWhen.AFTER_SUBMISSION, ReviewWhen.AFTER_PASSED_OR_LAST,
                ReviewWhen.AFTER_DUE_DATE, ReviewWhen.NEVER)


@dataclass(frozen=True)
class ProvidedRules:
    overrides: dict = field(default_factory=dict)
    source: str = ""  # opaque to quizzes; copied onto Attempt.rules_source
    opens_at: datetime | None = None  # the learner may not start an attempt before this


@dataclass(frozen=True)
class ResolvedRules:
    rules: dict  # what a new attempt copies
    source: str  # "" when the quiz's own rules apply
    opens_at: datetime | None


# Upper layers provide a learner's rules through this Wagtail hook (in their wagtail_hooks.py):
# ``func(quiz_page, user) -> ProvidedRules | dict | None``.
RULES_HOOK = "alma_quiz_rules"


def _json_value(value):
    """Rules are stored as JSON on the attempt: dates become ISO 8601 strings."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _as_datetime(value):
    return parse_datetime(value) if isinstance(value, str) else value


def _fewest(values):
    """Attempts and minutes: the smallest limit wins; 0 (no limit) only when every set has none."""
    limits = [v for v in values if v]
    return min(limits) if limits else 0


def _latest_due(values):
    """The latest due date; no due date at all is later than any (see ``services.review_rules``)."""
    dates = [_as_datetime(v) for v in values]
    return None if any(d is None for d in dates) else max(dates)


def _latest_review(values):
    known = [v for v in values if v in REVIEW_ORDER]
    return max(known, key=REVIEW_ORDER.index) if known else None


STRICTEST = {
    "attempts_allowed": _fewest,
    "time_limit_minutes": _fewest,
    "pass_mark": lambda values: max(v or 0 for v in values),
    "due_at": _latest_due,
    "feedback_when": _latest_review,
    "answers_when": _latest_review,
}


def strictest(rule_sets: list[dict]) -> dict:
    """Merge complete rule sets key by key, keeping for each key the value that gives the learner least.

    The order, per key: fewest attempts and shortest time limit (0, "no limit",
    loses to any limit); highest pass mark; latest due date (none at all counts
    as the latest, since "after the due date" then waits until no attempt is
    left); feedback and right answers shown latest (immediately < after
    submission < after the due date < never).
    """
    if not rule_sets:
        return {}
    return {key: _json_value(merge([rules.get(key) for rules in rule_sets])) for key, merge in STRICTEST.items()}


def _provided(answer) -> ProvidedRules:
    if answer is None:
        return ProvidedRules()
    if isinstance(answer, dict):
        return ProvidedRules(overrides=answer)
    return answer


def resolve(quiz, user) -> ResolvedRules:
    """The rules a new attempt of this learner copies, where they come from and when they open."""
    rules = quiz.rules()
    if user is None or not getattr(user, "is_authenticated", False):
        return ResolvedRules(rules, "", None)
    sources, opens = [], []
    for func in hooks.get_hooks(RULES_HOOK):
        provided = _provided(func(quiz, user))
        for key, value in provided.overrides.items():
            if key in OVERRIDABLE and value is not None:
                rules[key] = _json_value(value)
        if provided.source:
            sources.append(provided.source)
        if provided.opens_at is not None:
            opens.append(provided.opens_at)
    return ResolvedRules(rules, " ".join(sources), max(opens) if opens else None)


def rules_for(quiz, user) -> dict:
    """The quiz's own rules with this learner's overrides applied: what a new attempt copies."""
    return resolve(quiz, user).rules
