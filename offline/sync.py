"""Records a device made offline, accepted exactly once (docs/offline.md).

A batch is checked as a whole for its shape (``parse_batch``: nothing is
written when it is malformed); then each record is accepted or rejected in its
own transaction, so a record is stored whole or not at all, and a batch cut
off half way is simply sent again. The device's id of each record is stored
with it (``SyncedRecord``, unique per user): a record seen before is a
duplicate and changes nothing, also when two tabs send it at the same moment
(the second insert waits for the first transaction and then fails).

Accepting goes through the online code paths: an attempt is created from its
draw and submitted by ``quizzes.attempts`` (scored, summarised, recorded as
any attempt), a completion by ``progress.lesson_progress``. Both keep the time
the learner acted (``acted_at``), not the time of the sync.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lessons.models import LessonPage
from offline.draws import drawn_rows
from offline.models import OfflineDraw, SyncedRecord
from progress import lesson_progress
from progress.records import NotAvailable, check_public
from quizzes import attempts as quiz_attempts

MAX_RECORDS = 100  # per batch: a device with more sends several batches
MAX_IDS = 200  # per status request
CLOCK_SKEW = timedelta(minutes=5)  # a device's clock may run this much ahead of the server's
ATTEMPT, LESSON_COMPLETED = SyncedRecord.Kind.ATTEMPT.value, SyncedRecord.Kind.LESSON_COMPLETED.value


class BadBatch(Exception):
    """The batch as a whole is malformed; ``str(error)`` says what and where. Nothing was written."""


class Rejected(Exception):
    """One record cannot be accepted; ``str(error)`` says why. Nothing of it was written."""


def parse_record_id(value, where: str) -> uuid.UUID:
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise BadBatch(_("%(where)s must be a UUID made on the device, not %(value)s.")
                   % {"where": where, "value": json.dumps(value)[:60]})


def parse_batch(body: bytes) -> list[dict]:
    """The records of a sync request, each with its parsed ``uuid``; raises BadBatch."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        raise BadBatch(_("The request body is not JSON: send {\"records\": [...]}.")) from None
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise BadBatch(_("The request body must be an object with a list “records”."))
    if len(records) > MAX_RECORDS:
        raise BadBatch(ngettext("Send at most %(max)d record per request.", "Send at most %(max)d records per request.",
                                MAX_RECORDS) % {"max": MAX_RECORDS})
    seen = set()
    for n, record in enumerate(records):
        if not isinstance(record, dict):
            raise BadBatch(_("records[%(n)d] must be an object.") % {"n": n})
        record["uuid"] = parse_record_id(record.get("id"), f"records[{n}].id")
        if record.get("type") not in (ATTEMPT, LESSON_COMPLETED):
            raise BadBatch(_("records[%(n)d].type must be “attempt” or “lesson-completed”.") % {"n": n})
        if record["uuid"] in seen:
            raise BadBatch(_("records[%(n)d].id is sent twice in this batch.") % {"n": n})
        seen.add(record["uuid"])
    return records


def parse_ids(text: str) -> list[uuid.UUID]:
    ids = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(ids) > MAX_IDS:
        raise BadBatch(_("Ask about at most %(max)d ids at a time.") % {"max": MAX_IDS})
    return [parse_record_id(value, "ids") for value in ids]


def status(user, ids: list[uuid.UUID]) -> dict:
    """Which of these device ids the server has accepted: one query."""
    known = set(SyncedRecord.objects.filter(user=user, record_id__in=ids).values_list("record_id", flat=True))
    return {"accepted": [str(i) for i in ids if i in known], "unknown": [str(i) for i in ids if i not in known]}


def _time(record: dict, field: str, now: datetime) -> datetime:
    value = record.get(field)
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None or timezone.is_naive(moment):
        raise Rejected(_("“%(field)s” must be an ISO 8601 date and time with its offset, such as "
                         "2026-03-02T14:05:00Z.") % {"field": field})
    if moment > now + CLOCK_SKEW:
        raise Rejected(_("“%(field)s” is in the future: check the device's clock.") % {"field": field})
    return moment


def _attempt(user, record: dict, now: datetime):
    """Create and submit the attempt of a draw; returns it. Raises Rejected."""
    acted_at, started_at = _time(record, "acted_at", now), _time(record, "started_at", now)
    try:
        draw_id = uuid.UUID(str(record.get("draw")))
    except ValueError:
        raise Rejected(_("“draw” must be the id of a quiz draw this server gave you.")) from None
    draw = (OfflineDraw.objects.select_for_update().select_related("quiz__locale")
            .filter(pk=draw_id, user=user).first())
    if draw is None:  # another learner's draw is unknown too
        raise Rejected(_("There is no quiz draw %(draw)s for you: it was replaced by a newer download of the "
                         "quiz, or never made here.") % {"draw": draw_id})
    if draw.used_at is not None:
        raise Rejected(_("Quiz draw %(draw)s was already used by another attempt.") % {"draw": draw_id})
    if not started_at <= acted_at or started_at < draw.created_at - CLOCK_SKEW:
        raise Rejected(_("“started_at” must be after the quiz was downloaded and before “acted_at”."))
    answers = record.get("answers") or {}
    if not isinstance(answers, dict):
        raise Rejected(_("“answers” must be an object keyed by question position."))
    quiz = draw.quiz
    try:
        check_public(quiz)
    except NotAvailable:
        raise Rejected(_("This quiz is no longer published.")) from None
    allowed = draw.rules.get("attempts_allowed") or 0
    if allowed and quiz_attempts.counted_attempts(quiz, user, draw.rules_source) >= allowed:
        raise Rejected(ngettext("You have used the %(count)d attempt this quiz allows.",
                                "You have used all %(count)d attempts this quiz allows.", allowed) % {"count": allowed})
    open_online = quiz_attempts.open_attempt(quiz, user)
    if open_online and not quiz_attempts.close_if_overdue(open_online, now=now):
        raise Rejected(_("You have an attempt of this quiz open online: submit it, then sync again."))
    attempt = quiz_attempts.create_attempt(quiz, user, seed=draw.seed, drawn=drawn_rows(draw), rules=draw.rules,
                                           rules_source=draw.rules_source, started_at=started_at)
    try:
        attempt, _newly = quiz_attempts.submit_attempt(attempt, answers=answers, now=acted_at)
    except quiz_attempts.AnswersRejected as error:
        raise Rejected("; ".join(_("answers[%(position)s]: %(error)s") % {"position": position, "error": message}
                                 for position, message in error.errors.items())) from None
    OfflineDraw.objects.filter(pk=draw.pk).update(used_at=now)
    return attempt


def _lesson(user, record: dict, now: datetime) -> LessonPage:
    acted_at = _time(record, "acted_at", now)
    seconds = record.get("seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= lesson_progress.MAX_REPORTED_SECONDS:
        raise Rejected(_("“seconds” must be a whole number from 0 to %(max)d.")
                       % {"max": lesson_progress.MAX_REPORTED_SECONDS})
    page = record.get("page")
    lesson = (LessonPage.objects.live().filter(pk=page).select_related("locale").first()
              if isinstance(page, int) and not isinstance(page, bool) else None)
    if lesson is None:
        raise Rejected(_("There is no published lesson %(page)s.") % {"page": json.dumps(page)[:30]})
    try:
        lesson_progress.complete_lesson_after_reading(user, lesson, seconds=seconds, at=acted_at)
    except NotAvailable:
        raise Rejected(_("There is no published lesson %(page)s.") % {"page": page}) from None
    except lesson_progress.NotReadYet as error:
        raise Rejected(_("The lesson was not read long enough to be complete: %(seconds)d more seconds of reading.")
                       % {"seconds": error.seconds_left}) from None
    return lesson


def _accept(user, record: dict, now: datetime) -> SyncedRecord:
    """One record in one transaction. Its SyncedRecord row goes in first: a second sender of the same
    record waits on it, then fails on the unique constraint (a duplicate) without doing the work again."""
    with transaction.atomic():
        stored = SyncedRecord.objects.create(user=user, record_id=record["uuid"], kind=record["type"],
                                             object_key=uuid.UUID(int=0), acted_at=_time(record, "acted_at", now),
                                             synced_at=now)
        if record["type"] == ATTEMPT:
            stored.attempt = _attempt(user, record, now)
            stored.object_key = stored.attempt.quiz_key
        else:
            stored.object_key = _lesson(user, record, now).translation_key
        SyncedRecord.objects.filter(pk=stored.pk).update(attempt=stored.attempt, object_key=stored.object_key)
    return stored


def _result(attempt, absolute_url) -> dict:
    return {"score": attempt.score, "passed": attempt.passed,
            "url": absolute_url(attempt.quiz.attempt_url(attempt, "results_route"))}


def sync(user, records: list[dict], *, now: datetime | None = None, absolute_url=lambda url: url) -> dict:
    """Accept each record once; the response of docs/offline.md."""
    now = now or timezone.now()
    out = {"accepted": [], "duplicates": [], "rejected": [], "results": {}}
    seen = {r.record_id: r for r in SyncedRecord.objects.filter(
        user=user, record_id__in=[r["uuid"] for r in records]).select_related("attempt__quiz")}
    for record in records:
        rid = str(record["uuid"])
        stored = seen.get(record["uuid"])
        if stored is None:
            try:
                stored = _accept(user, record, now)
                out["accepted"].append(rid)
            except Rejected as error:
                out["rejected"].append({"id": rid, "error": str(error)})
                continue
            except IntegrityError:
                stored = (SyncedRecord.objects.filter(user=user, record_id=record["uuid"])
                          .select_related("attempt__quiz").first())
                if stored is None:  # another record of the same quiz was stored at the same moment
                    out["rejected"].append({"id": rid, "error": _("Another record was saved at the same moment: "
                                                                   "send this one again.")})
                    continue
                out["duplicates"].append(rid)
        else:
            out["duplicates"].append(rid)
        if stored.attempt is not None:
            out["results"][rid] = _result(stored.attempt, absolute_url)
    return out
