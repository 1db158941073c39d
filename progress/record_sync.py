"""A school server's learning records, sent up to another ALMA (``manage.py sync_records``), and taken in there
(``POST /api/v1/records/sync/``).

Exactly once: the receiver stores statements by their id (a known id with the same content is a duplicate and
changes nothing; the same id with other content is refused, as xAPI asks), and the sender moves its cursor only
after the receiver answered a batch. An interrupted run sends the unanswered batch again: it comes back as
duplicates.

One reason to change: the conversation between the two servers (the xAPI shape itself is ``progress.xapi``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit

import requests
from django.db import transaction
from django.db.models import Q

from progress import outbox
from progress.models import RecordSyncCursor, Statement
from progress.xapi import NotAnAlmaStatement, statement_fields, statement_to_xapi

SYNC_PATH = "api/v1/records/sync/"
TIMEOUT_SECONDS = 60
MAX_BATCH = 2000


# -- the receiving side -------------------------------------------------------------------------------------------

class ConflictingStatements(Exception):
    """Statements whose id is known here with other content: the batch is refused as a whole."""

    def __init__(self, ids: list[str]):
        super().__init__(ids)
        self.ids = ids


@dataclass
class Intake:
    accepted: int
    duplicates: int


def take_in(items: list) -> Intake:
    """Store the statements of one batch that are new here, in one transaction.

    Raises ``NotAnAlmaStatement`` ("statements[3]: verb: …") for a malformed statement and
    ``ConflictingStatements`` for ids known with other content; either way nothing of the batch is stored."""
    parsed = {}
    for index, item in enumerate(items):
        try:
            fields = statement_fields(item)
        except NotAnAlmaStatement as error:
            raise NotAnAlmaStatement(f"statements[{index}]: {error}") from error
        if parsed.setdefault(fields["id"], fields) != fields:
            raise ConflictingStatements([str(fields["id"])])
    with transaction.atomic():
        known = Statement.objects.select_for_update().in_bulk(list(parsed))
        conflicts = [str(pk) for pk, row in known.items()
                     if any(getattr(row, name) != value for name, value in parsed[pk].items())]
        if conflicts:
            raise ConflictingStatements(sorted(conflicts))
        new = [Statement(**fields) for pk, fields in parsed.items() if pk not in known]
        Statement.objects.bulk_create(new)
        for statement in new:
            outbox.queue(statement)  # on to this server's own Learning Record Stores, if it has any
    return Intake(accepted=len(new), duplicates=len(items) - len(new))


# -- the sending side ---------------------------------------------------------------------------------------------

class SyncError(Exception):
    """Why a run stopped, in words for the person at the school server."""


@dataclass
class BatchReport:
    number: int
    accepted: int
    duplicates: int
    left: int


def sync_url(remote: str) -> str:
    parts = urlsplit(remote)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(f"{remote!r} is not a web address: give the other ALMA as https://host/ .")
    return urljoin(remote if remote.endswith("/") else remote + "/", SYNC_PATH)


def _pending(cursor: RecordSyncCursor):
    # A statement with neither learner nor pseudonym (an account removed from the admin, not by "Delete my
    # account") has no actor xAPI can name: the remote would refuse its batch for ever.
    statements = Statement.objects.exclude(user__isnull=True, actor_pseudonym="").order_by("stored", "id")
    if cursor.last_stored is None:
        return statements
    return statements.filter(Q(stored__gt=cursor.last_stored) | Q(stored=cursor.last_stored, id__gt=cursor.last_id))


def _refusal(answer: requests.Response, url: str, number: int) -> SyncError:
    try:
        detail = answer.json()
    except ValueError:
        detail = answer.text[:300]
    if answer.status_code in (401, 403):
        return SyncError(f"{url} refused the token ({answer.status_code}): {detail}. Ask its administrators for a "
                         "token of an account with the permission \u201cCan send school records\u201d.")
    if answer.status_code == 409:
        return SyncError(f"{url} already has other statements with the ids of batch {number}: {detail}. "
                         "Nothing of that batch was stored; the cursor stays before it.")
    return SyncError(f"{url} answered {answer.status_code} to batch {number}: {detail}. "
                     "Nothing is lost: run the command again to send from this batch on.")


def send_records(remote: str, token: str, *, batch: int = 500, session: requests.Session | None = None,
                 on_batch: Callable[[BatchReport], None] = lambda report: None) -> RecordSyncCursor:
    """Send every statement not yet accepted by ``remote``, ``batch`` at a time, moving the cursor after each
    answered batch. Raises ``SyncError`` (what went wrong, and that a new run resumes) on the first failure."""
    if not 1 <= batch <= MAX_BATCH:
        raise SyncError(f"--batch must be between 1 and {MAX_BATCH}, not {batch}.")
    url = sync_url(remote)
    session = session or requests.Session()
    cursor, _ = RecordSyncCursor.objects.get_or_create(remote_url=remote.rstrip("/") + "/")
    left = _pending(cursor).count()
    number = 0
    while statements := list(_pending(cursor)[:batch]):
        number += 1
        try:
            answer = session.post(url, json={"statements": [statement_to_xapi(s) for s in statements]},
                                  headers={"Authorization": f"Token {token}"}, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            raise SyncError(f"Could not reach {url} with batch {number} ({error.__class__.__name__}: {error}). "
                            "Nothing is lost: run the command again when the connection is back.") from error
        if answer.status_code != 200:
            raise _refusal(answer, url, number)
        result = answer.json()
        cursor.last_stored, cursor.last_id = statements[-1].stored, statements[-1].id
        cursor.sent += len(statements)
        cursor.save()
        left = max(left - len(statements), 0)
        on_batch(BatchReport(number, result.get("accepted", 0), result.get("duplicates", 0), left))
    return cursor
