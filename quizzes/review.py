"""What a submitted attempt may show the learner: marks, feedback, right answers, scores per outcome.

One reason to change: the review rules (``ReviewWhen``) copied onto an attempt.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from quizzes import definition as qdef
from quizzes.attempts import attempts_left
from quizzes.models import Attempt, AttemptQuestion, ReviewWhen
from quizzes.scoring import gap_shares


def _allowed(when: str, attempt: Attempt, now: datetime) -> bool:
    if attempt.is_open or when == ReviewWhen.NEVER:
        return False
    if when == ReviewWhen.AFTER_PASSED_OR_LAST:
        return bool(attempt.passed) or _no_attempts_left(attempt)
    if when == ReviewWhen.AFTER_DUE_DATE:
        due = parse_datetime(attempt.rules["due_at"]) if attempt.rules.get("due_at") else None
        if due is not None:
            return now >= due
        # No due date: wait until the learner can start no other attempt, so what is shown never helps a later
        # try. With no attempt limit that is never.
        return attempts_left(attempt.quiz, attempt.user) == 0
    return True


def _no_attempts_left(attempt: Attempt) -> bool:
    """True when the rules this attempt ran under allow no further attempt (never, with no limit)."""
    allowed = (attempt.rules or {}).get("attempts_allowed") or 0
    return bool(allowed) and Attempt.objects.filter(user_id=attempt.user_id, quiz_key=attempt.quiz_key).count() >= allowed


def review_rules(attempt: Attempt, now: datetime | None = None) -> dict:
    """What this attempt may show now, by the rules copied onto it when it started."""
    now = now or timezone.now()
    rules = attempt.rules or {}
    feedback_when = rules.get("feedback_when", ReviewWhen.AFTER_SUBMISSION)
    answers_when = rules.get("answers_when", ReviewWhen.AFTER_SUBMISSION)
    return {
        "marks": not attempt.is_open,
        "feedback": _allowed(feedback_when, attempt, now),
        "answers": _allowed(answers_when, attempt, now),
        "immediate_feedback": feedback_when == ReviewWhen.IMMEDIATELY,
        "immediate_answers": answers_when == ReviewWhen.IMMEDIATELY,
    }


def question_review(aq: AttemptQuestion, review: dict) -> dict:
    """What may be shown about one question now: feedback and right answers only when allowed."""
    show_feedback = review["feedback"] or (review["immediate_feedback"] and aq.locked)
    show_answers = review["answers"] or (review["immediate_answers"] and aq.locked)
    # Right or wrong on one question gives its key away (true/false, two choices, any "right"), so per-question
    # marks wait for the right answers; checking question by question (immediate feedback) shows them by choice.
    # The attempt's total stays with review["marks"].
    essay = aq.version.definition.get("type") in qdef.MANUAL_TYPES
    # An essay's mark gives no key away: shown once graded. Its rubric stays the grader's.
    out = {"show_marks": (review["marks"] and (show_answers or essay)) or (review["immediate_feedback"] and aq.locked),
           "show_feedback": show_feedback or (essay and review["marks"]), "show_answers": show_answers,
           "feedback": [], "general_feedback": "", "correct_answers": [],
           "waiting": essay and review["marks"] and aq.points is None}
    show_feedback = out["show_feedback"]
    if show_feedback:
        out["feedback"] = list(aq.feedback or [])
        out["general_feedback"] = aq.version.definition.get("general_feedback", "")
    if show_answers:
        out["correct_answers"] = translate_words(aq.version.definition, qdef.correct_answer_text(aq.version.definition))
    if out["show_marks"] and aq.points is not None and aq.version.definition.get("type") == "cloze":
        out["gap_marks"] = list(enumerate(gap_shares(aq.version.definition, aq.answer), 1))
    return out


def translate_words(definition: dict, words: list[str]) -> list[str]:
    """The pure module's answer words, with True/False in the active language."""
    if definition.get("type") == "truefalse":
        return [_("True") if w == "True" else _("False") for w in words]
    return words


def outcome_scores(questions: Iterable[AttemptQuestion]) -> list[dict]:
    """Points per outcome code in one attempt: [{"code", "points", "max_points", "fraction"}]."""
    totals: dict[str, list[float]] = {}
    for aq in questions:
        if aq.points is None and aq.version.definition.get("type") in qdef.MANUAL_TYPES:
            continue  # waiting for a teacher's grade: neither strong nor weak yet
        for code in aq.version.outcome_codes or []:
            t = totals.setdefault(code, [0.0, 0.0])
            t[0] += aq.points or 0.0
            t[1] += aq.max_points
    return [{"code": code, "points": round(p, 4), "max_points": m, "fraction": round(p / m, 4) if m else 0.0}
            for code, (p, m) in sorted(totals.items())]
