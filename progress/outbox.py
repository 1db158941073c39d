"""The LRS outbox: each new statement is queued for every Learning Record Store an
administrator configured, in the statement's own transaction, and a django-tasks task
is asked (once per transaction, after it commits) to send what is waiting.

One reason to change: what is queued and when sending is asked for (sending itself
is ``progress.forwarding``).
"""

from __future__ import annotations

import logging

from django.db import transaction

from progress.models import LrsDelivery, LrsEndpoint, Statement
from progress.tasks import forward_statements

logger = logging.getLogger(__name__)


def send_soon():
    """Ask the task backend to flush the outbox (with django-tasks' immediate backend, now)."""
    try:
        forward_statements.enqueue()
    except Exception:  # noqa: BLE001 - a learner's action never fails because the LRS or the queue does
        logger.exception("could not enqueue forwarding to the LRS; the outbox keeps the statements")


def queue(statement: Statement):
    endpoints = list(LrsEndpoint.objects.values_list("pk", flat=True))
    if not endpoints:
        return
    LrsDelivery.objects.bulk_create([LrsDelivery(statement=statement, endpoint_id=pk) for pk in endpoints])
    _send_after_commit()


class _AfterCommit:
    def __init__(self):
        self.done = False

    def __call__(self):
        self.done = True
        send_soon()


def _send_after_commit():
    """One send per transaction, however many statements it records."""
    connection = transaction.get_connection()
    pending = getattr(connection, "_alma_lrs_send", None)
    if pending is not None and not pending.done and any(callback is pending for _, callback, _ in connection.run_on_commit):
        return
    connection._alma_lrs_send = _AfterCommit()
    transaction.on_commit(connection._alma_lrs_send, robust=True)
