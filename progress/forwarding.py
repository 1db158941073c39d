"""Sending the outbox to each Learning Record Store, in batches, with back-off.

One reason to change: what an LRS's answer means for the statements sent.

- 200/204: every statement of the batch is accepted (marked sent).
- 409 for one statement: the LRS already holds that id, so it was delivered before
  (an earlier answer lost on the way): accepted, never sent as a new one.
- 409 or 400/413 for a batch: it is sent again one statement at a time, so the
  statements the LRS takes are not held up by the one it refuses.
- 400 for one statement: that statement waits, with its own back-off and the LRS's
  message; it is never dropped.
- anything else (unreachable, 401/403, 429, 5xx): the LRS is down or misconfigured;
  nothing is marked, the endpoint backs off exponentially and is tried again then.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from progress.lrs_client import LrsClient, LrsUnavailable
from progress.models import LrsDelivery, LrsEndpoint
from progress.xapi import statement_to_xapi

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # a sender that died gives its batch back after this


def backoff(failures: int) -> timedelta:
    """Exponential: base, 2 × base, 4 × base… up to the ceiling (seconds from settings)."""
    base = float(getattr(settings, "ALMA_LRS_RETRY_SECONDS", 30))
    ceiling = float(getattr(settings, "ALMA_LRS_RETRY_MAX_SECONDS", 6 * 3600))
    return timedelta(seconds=min(ceiling, base * 2 ** max(0, failures - 1)))


@dataclass
class Report:
    accepted: int = 0
    refused: int = 0
    failed_endpoints: list = field(default_factory=list)
    retry_at: datetime | None = None  # set when this run backed off: when to try again

    def as_dict(self) -> dict:
        return {"accepted": self.accepted, "refused": self.refused, "failed_endpoints": self.failed_endpoints,
                "retry_at": self.retry_at.isoformat() if self.retry_at else None}

    def later(self, when: datetime):
        self.retry_at = when if self.retry_at is None else min(self.retry_at, when)


def _due(now) -> Q:
    return ((Q(retry_at__isnull=True) | Q(retry_at__lte=now))
            & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))


def _claim(endpoint: LrsEndpoint, size: int) -> list[LrsDelivery]:
    """Up to ``size`` waiting deliveries, oldest first, leased to this sender (short transaction:
    nothing is locked while the LRS is called)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(LrsDelivery.objects.select_for_update(skip_locked=True)
                   .filter(_due(now), endpoint=endpoint, sent_at__isnull=True)
                   .order_by("pk").values_list("pk", flat=True)[:size])
        LrsDelivery.objects.filter(pk__in=ids).update(claimed_until=now + LEASE, attempts=F("attempts") + 1)
    return list(LrsDelivery.objects.filter(pk__in=ids).select_related("statement").order_by("pk"))


def _accept(deliveries):
    LrsDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(sent_at=timezone.now(), claimed_until=None, error="")


def _release(deliveries):
    LrsDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(claimed_until=None)


def _refuse(delivery: LrsDelivery, message: str):
    LrsDelivery.objects.filter(pk=delivery.pk).update(
        claimed_until=None, error=message[:2000], retry_at=timezone.now() + backoff(delivery.attempts))


def _describe(answer) -> str:
    return f"HTTP {answer.status_code}: {answer.text[:500]}"


def _send(client: LrsClient, deliveries: list[LrsDelivery], report: Report):
    """Send one batch; raises LrsUnavailable when the LRS is down (the caller backs off)."""
    body = json.dumps([statement_to_xapi(d.statement) for d in deliveries], ensure_ascii=False).encode()
    answer = client.post_statements(body)
    status = answer.status_code
    if status in (200, 204) or (status == 409 and len(deliveries) == 1):
        if status == 409:
            logger.warning("LRS %s already holds statement %s: counted as delivered", client.endpoint, deliveries[0].statement_id)
        _accept(deliveries)
        report.accepted += len(deliveries)
    elif status in (400, 409, 413) and len(deliveries) > 1:
        for delivery in deliveries:  # find the one it refuses
            _send(client, [delivery], report)
    elif status in (400, 413):
        logger.error("LRS %s refused statement %s: %s", client.endpoint, deliveries[0].statement_id, _describe(answer))
        _refuse(deliveries[0], _describe(answer))
        report.refused += 1
    else:
        raise LrsUnavailable(_describe(answer))


def _back_off(endpoint: LrsEndpoint, message: str) -> datetime:
    failures = endpoint.failures + 1
    retry_at = timezone.now() + backoff(failures)
    LrsEndpoint.objects.filter(pk=endpoint.pk).update(failures=failures, retry_at=retry_at, last_error=message[:2000])
    logger.warning("LRS %s failed (%s in a row), next try at %s: %s", endpoint, failures, retry_at.isoformat(), message)
    return retry_at


def flush_endpoint(endpoint: LrsEndpoint, report: Report, client: LrsClient | None = None):
    client = client or LrsClient(endpoint)
    sent_any = False
    while batch := _claim(endpoint, max(1, min(endpoint.batch_size, 500))):
        try:
            _send(client, batch, report)
        except LrsUnavailable as error:
            _release(batch)
            report.failed_endpoints.append(endpoint.name)
            report.later(_back_off(endpoint, str(error)))
            return
        except Exception:
            _release(batch)
            raise
        sent_any = True
    if sent_any or endpoint.failures:
        LrsEndpoint.objects.filter(pk=endpoint.pk).update(failures=0, retry_at=None, last_error="",
                                                          **({"last_sent_at": timezone.now()} if sent_any else {}))


def flush(*, force=False) -> Report:
    """Send what is waiting to every enabled LRS that is not backing off (``force``: to those too)."""
    report = Report()
    now = timezone.now()
    endpoints = LrsEndpoint.objects.filter(enabled=True)
    if not force:
        endpoints = endpoints.filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
    for endpoint in endpoints:
        flush_endpoint(endpoint, report)
    return report


def pending(endpoint: LrsEndpoint | None = None) -> int:
    waiting = LrsDelivery.objects.filter(sent_at__isnull=True)
    return (waiting.filter(endpoint=endpoint) if endpoint else waiting).count()
