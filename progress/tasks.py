"""Background work of progress: forwarding statements to Learning Record Stores.

``forward_statements`` sends what the outbox holds. When an LRS fails, it backs off
exponentially (``progress.forwarding``); with a task backend that can defer (the
database backend and its worker), the task schedules its own retry for then. With
django-tasks' immediate backend (no TASKS setting) the task runs after the learner's
transaction commits, and a retry waits for the next statement or for
``manage.py flush_lrs_outbox`` (cron).
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from progress import forwarding


@task()
def forward_statements() -> dict:
    report = forwarding.flush()
    if report.retry_at is not None and forward_statements.get_backend().supports_defer:
        forward_statements.using(run_after=report.retry_at).enqueue()
    return report.as_dict()


@task()
def follow_up_attempt(attempt_id: int) -> bool:
    """A submitted quiz attempt's statement, lesson completions and module progress
    (``progress.receivers.follow_up``), queued by the submit in its own transaction."""
    from progress.receivers import follow_up
    from quizzes.models import Attempt

    with transaction.atomic():
        attempt = Attempt.objects.select_related("user", "quiz__locale").get(pk=attempt_id)
        return follow_up(attempt)
