"""Writing the read model of learner results (``ItemSummary``).

Each function runs inside the caller's transaction, so a summary lands together
with the completion or attempt it summarises. Lock order, everywhere: the
attempt (quizzes), then summaries, then ``LessonProgress``, then enrolments
(module before track). Nothing here locks the user row.

Every submitted attempt counts for the learner's own results; a class report
counts, for a quiz assignment, only the attempts that ran under its rules
(``teachers.rules.counts_for``).
"""

from __future__ import annotations

from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from progress.models import ItemSummary, LessonProgress

ATTEMPT_SECONDS_CAP = 4 * 3600  # a tab left open overnight is not study time


def summarise_lesson(progress: LessonProgress) -> None:
    """Copy a lesson's progress row onto its summary: one upsert. Every writer of
    ``LessonProgress`` calls this after its write."""
    ItemSummary.objects.bulk_create(
        [ItemSummary(user_id=progress.user_id, item_key=progress.lesson_key, kind=ItemSummary.Kind.LESSON,
                     module_key=progress.module_key, first_activity_at=progress.first_viewed_at,
                     last_activity_at=progress.last_viewed_at, seconds_spent=progress.seconds_spent,
                     completed_at=progress.completed_at)],
        update_conflicts=True, unique_fields=["user", "item_key"],
        update_fields=["module_key", "last_activity_at", "seconds_spent", "completed_at"],
    )


def summarise_attempt_started(attempt, module_key=None) -> None:
    """A quiz attempt began: the quiz is "in progress" for this learner, in its module. One upsert."""
    ItemSummary.objects.bulk_create(
        [ItemSummary(user_id=attempt.user_id, item_key=attempt.quiz_key, kind=ItemSummary.Kind.QUIZ,
                     module_key=module_key, first_activity_at=attempt.started_at,
                     last_activity_at=attempt.started_at)],
        update_conflicts=True, unique_fields=["user", "item_key"], update_fields=["module_key", "last_activity_at"],
    )


def summarise_attempt(attempt) -> None:
    """Fold a submitted attempt into the learner's summary of the quiz: one UPDATE (its row lock
    serialises two submits of the same learner), or a new row if the start left none."""
    submitted_at = attempt.submitted_at or timezone.now()
    score = attempt.score or 0.0
    spent = max(0, min(int((submitted_at - attempt.started_at).total_seconds()), ATTEMPT_SECONDS_CAP))
    changes = {
        "tries": F("tries") + 1, "failed_tries": F("failed_tries") + (0 if attempt.passed else 1), "last_score": score,
        "best_score": Greatest(Coalesce("best_score", Value(score)), Value(score)),
        "seconds_spent": F("seconds_spent") + spent,
        "last_activity_at": Greatest("last_activity_at", Value(submitted_at)),
    }
    if attempt.passed:
        changes["completed_at"] = Coalesce("completed_at", Value(submitted_at))
    if ItemSummary.objects.filter(user_id=attempt.user_id, item_key=attempt.quiz_key).update(**changes):
        return
    ItemSummary.objects.bulk_create(
        [ItemSummary(user_id=attempt.user_id, item_key=attempt.quiz_key, kind=ItemSummary.Kind.QUIZ,
                     first_activity_at=attempt.started_at, last_activity_at=attempt.started_at)],
        ignore_conflicts=True)
    ItemSummary.objects.filter(user_id=attempt.user_id, item_key=attempt.quiz_key).update(**changes)
