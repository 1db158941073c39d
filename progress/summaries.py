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

from django.db import connections, router
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
    if _fold_attempt(attempt):
        return
    ItemSummary.objects.bulk_create(
        [ItemSummary(user_id=attempt.user_id, item_key=attempt.quiz_key, kind=ItemSummary.Kind.QUIZ,
                     first_activity_at=attempt.started_at, last_activity_at=attempt.started_at)],
        ignore_conflicts=True)
    _fold_attempt(attempt)


def _fold_attempt(attempt) -> int:
    """The UPDATE itself, written out: it runs on every submit, and the ORM's expressions for it
    cost more to compile than the database takes to run it. Plain SQL that SQLite and PostgreSQL
    read alike (CASE rather than GREATEST, which SQLite lacks); a NULL best score or activity
    time takes the attempt's."""
    submitted_at = attempt.submitted_at or timezone.now()
    score = attempt.score or 0.0
    spent = max(0, min(int((submitted_at - attempt.started_at).total_seconds()), ATTEMPT_SECONDS_CAP))
    connection = connections[router.db_for_write(ItemSummary)]
    field = ItemSummary._meta.get_field
    at = field("last_activity_at").get_db_prep_save(submitted_at, connection)
    sql = f"""UPDATE {connection.ops.quote_name(ItemSummary._meta.db_table)} SET
        tries = tries + 1, failed_tries = failed_tries + %s, last_score = %s,
        best_score = CASE WHEN best_score >= %s THEN best_score ELSE %s END,
        seconds_spent = seconds_spent + %s,
        last_activity_at = CASE WHEN last_activity_at >= %s THEN last_activity_at ELSE %s END,
        completed_at = CASE WHEN %s THEN COALESCE(completed_at, %s) ELSE completed_at END
        WHERE user_id = %s AND item_key = %s"""
    params = [0 if attempt.passed else 1, score, score, score, spent, at, at, bool(attempt.passed), at,
              attempt.user_id, field("item_key").get_db_prep_value(attempt.quiz_key, connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
