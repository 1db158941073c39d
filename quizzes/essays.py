"""Essays: questions a teacher grades by hand (Moodle's "Requires grading").

The rule: an essay is never scored automatically. When the attempt is submitted, each essay's
points stay ``None`` ("needs grading") and the attempt is submitted with its ``points``, ``score``
and ``passed`` left ``None``: they count only once every essay of the attempt is graded. The
grade that completes it scores the attempt as a submit does (``settle``), updates mastery and
announces it (``attempt_submitted``), so the learner's summary, statements and LTI score are
written once, with the final score. A later regrade changes the attempt's score and pass/fail only.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from quizzes import definition as qdef
from quizzes.mastery_records import update_mastery
from quizzes.models import Attempt, AttemptQuestion, OutcomeMastery
from quizzes.scoring import score
from quizzes.signals import attempt_submitted, mastery_changed

MAX_COMMENT_CHARS = 5_000


class GradeError(ValueError):
    """A grade that cannot be saved; the message (marked for translation) says why."""


def needs_grading(definition: dict) -> bool:
    return definition.get("type") in qdef.MANUAL_TYPES


def score_question(aq: AttemptQuestion) -> None:
    """Score one answered question in place; an essay is left "needs grading" (points None)."""
    definition = aq.definition()
    if needs_grading(definition):
        aq.points = aq.fraction = aq.correct = None
        aq.feedback = []
        return
    result = score(definition, aq.answer)
    aq.points, aq.fraction, aq.correct = result.points, result.fraction, result.correct
    aq.feedback = list(result.feedback)


def settle(rules: dict, questions: list[AttemptQuestion]) -> tuple[float | None, float, float | None, bool | None]:
    """``(points, max_points, score 0–1, passed)`` of scored questions; all but max_points None while one awaits a grade."""
    max_points = sum(aq.max_points for aq in questions) or 0.0
    if any(aq.points is None for aq in questions):
        return None, max_points, None, None
    total = round(sum(aq.points for aq in questions), 6)
    ratio = round(total / max_points, 6) if max_points else 0.0
    return total, max_points, ratio, ratio * 100 >= float(rules.get("pass_mark", 0)) - 1e-9


def waiting(attempt: Attempt) -> bool:
    """Submitted, with at least one essay still to grade."""
    return attempt.state == Attempt.State.SUBMITTED and attempt.points is None


def grade(aq: AttemptQuestion, points, comment: str, *, now: datetime | None = None) -> Attempt:
    """Give an essay its points (0…its max) and a comment; score the attempt once every essay is graded."""
    now = now or timezone.now()
    try:
        points = float(str(points).replace(",", "."))
    except ValueError:
        raise GradeError(qdef.gettext_noop("Write the points as a number.")) from None
    if not 0 <= points <= aq.max_points:
        raise GradeError(qdef.gettext_noop("The points must be between 0 and the question's maximum."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise GradeError(qdef.gettext_noop("The comment is too long."))
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("user").get(pk=aq.attempt_id)
        if attempt.state != Attempt.State.SUBMITTED or not needs_grading(aq.definition()):
            raise GradeError(qdef.gettext_noop("Only the essays of a submitted attempt can be graded."))
        first_complete = attempt.points is None
        fraction = round(points / aq.max_points, 6) if aq.max_points else 0.0
        AttemptQuestion.objects.filter(pk=aq.pk).update(points=points, fraction=fraction, correct=fraction >= 1 - 1e-9,
                                                        feedback=[comment] if comment else [])
        questions = list(attempt.questions.select_related("version").order_by("position"))
        total, max_points, ratio, passed = settle(attempt.rules, questions)
        if total is None:
            return attempt
        Attempt.objects.filter(pk=attempt.pk).update(points=total, max_points=max_points, score=ratio, passed=passed)
        attempt.points, attempt.max_points, attempt.score, attempt.passed = total, max_points, ratio, passed
        if first_complete:
            essays = [q for q in questions if needs_grading(q.definition())]
            codes = update_mastery(attempt.user_id, essays, now)
            attempt_submitted.send(sender=Attempt, attempt=attempt)
            if codes:
                mastery_changed.send(sender=OutcomeMastery, user=attempt.user, outcome_codes=codes)
    return attempt
