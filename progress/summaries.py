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


def summarise_attempt_started(attempt) -> None:
    """A quiz attempt began: the quiz is "in progress" for this learner. One upsert."""
    ItemSummary.objects.bulk_create(
        [ItemSummary(user_id=attempt.user_id, item_key=attempt.quiz_key, kind=ItemSummary.Kind.QUIZ,
                     first_activity_at=attempt.started_at, last_activity_at=attempt.started_at)],
        update_conflicts=True, unique_fields=["user", "item_key"], update_fields=["last_activity_at"],
    )


def summarise_attempt(attempt, module_key=None) -> ItemSummary:
    """Fold a submitted attempt into the learner's summary of the quiz, under a row lock."""
    summary, _created = ItemSummary.objects.select_for_update().get_or_create(
        user_id=attempt.user_id, item_key=attempt.quiz_key,
        defaults={"kind": ItemSummary.Kind.QUIZ, "first_activity_at": attempt.started_at})
    submitted_at = attempt.submitted_at or timezone.now()
    score = attempt.score or 0.0
    summary.module_key = module_key or summary.module_key
    summary.tries += 1
    summary.failed_tries += 0 if attempt.passed else 1
    summary.last_score = score
    summary.best_score = score if summary.best_score is None else max(summary.best_score, score)
    if attempt.passed and summary.completed_at is None:
        summary.completed_at = submitted_at
    spent = int((submitted_at - attempt.started_at).total_seconds())
    summary.seconds_spent += max(0, min(spent, ATTEMPT_SECONDS_CAP))
    summary.last_activity_at = max(summary.last_activity_at, submitted_at)
    summary.save()
    return summary
