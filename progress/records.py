"""The statement log: one xAPI-shaped ``Statement`` per thing a learner did.

One reason to change: what a statement records. Also the one check that a page
may be recorded at all (live, public).
"""

from __future__ import annotations

from wagtail.models import Page

from progress.models import ObjectType, Statement, Verb


class NotAvailable(Exception):
    """The page is not live, not public or not a lesson/module: nothing to record."""


def check_public(page: Page):
    hidden_ancestor = page.get_ancestors().filter(depth__gt=1, live=False).exists()
    if not page.live or hidden_ancestor or page.get_view_restrictions().exists():
        raise NotAvailable(page.pk)


def record(user, verb: Verb, object_type: ObjectType, page_or_key, title: str, *, locale: str, score=None, success=None,
           completion=None, duration=None, classroom_id=None) -> Statement:
    key = getattr(page_or_key, "translation_key", page_or_key)
    return Statement.objects.create(
        user=user, verb=verb, object_type=object_type, object_key=key, object_title=title[:255], score_scaled=score,
        success=success, completion=completion, duration_seconds=duration, locale=locale, classroom_id=classroom_id,
    )
