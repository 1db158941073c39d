"""The statement log: one xAPI-shaped ``Statement`` per thing a learner did.

One reason to change: what a statement records, its xAPI context included (the
registration of the enrolment it belongs to, the module a lesson or quiz sits in,
the tracks the learner follows that contain that module). Also the one check that
a page may be recorded at all (live, public).
"""

from __future__ import annotations

from django.db.models import Subquery
from wagtail.models import Page

from curriculum.models import TrackModule
from progress import outbox
from progress.models import Enrolment, ObjectType, Statement, Verb


class NotAvailable(Exception):
    """The page is not live, not public or not a lesson/module: nothing to record."""


def check_public(page: Page):
    hidden_ancestor = page.get_ancestors().filter(depth__gt=1, live=False).exists()
    if not page.live or hidden_ancestor or page.get_view_restrictions().exists():
        raise NotAvailable(page.pk)


def _context(user, object_type: ObjectType, key, module_key) -> tuple:
    """(registration, context activities) of a statement about ``key``.

    A lesson's or a quiz's parent is its module; the registration is that of the
    enrolment in the module (or, for a track, in the track); the grouping is every
    track the learner is enrolled in that holds the module."""
    if user is None:
        return None, {}
    activities = {}
    if object_type in (ObjectType.LESSON, ObjectType.QUIZ):
        enrolled_in = module_key
        if module_key:
            activities["parent"] = [[ObjectType.MODULE.value, str(module_key)]]
    else:
        enrolled_in, module_key = key, key if object_type == ObjectType.MODULE else None
    registration = None
    if enrolled_in:
        registration = Enrolment.objects.filter(user=user, object_key=enrolled_in).values_list("registration", flat=True).first()
    if module_key:
        tracks = (TrackModule.objects.filter(module__translation_key=module_key, track__translation_key__in=Subquery(
            Enrolment.objects.filter(user=user, kind=Enrolment.Kind.TRACK).values("object_key")))
            .values_list("track__translation_key", flat=True).distinct())
        grouping = sorted({str(track) for track in tracks})
        if grouping:
            activities["grouping"] = [[ObjectType.TRACK.value, track] for track in grouping]
    return registration, activities


def record(user, verb: Verb, object_type: ObjectType, page_or_key, title: str, *, locale: str, score=None, success=None,
           completion=None, duration=None, classroom_id=None, module_key=None, timestamp=None,
           statement_id=None) -> Statement:
    """Append a statement (and queue it for each Learning Record Store). ``module_key``: the
    translation key of the module a lesson or quiz belongs to, its xAPI parent; ``timestamp``:
    when the learner acted, if not now (an action done offline and synced later, see offline/,
    or a submit recorded by the worker); ``statement_id``: a fixed id, for work that may run twice."""
    key = getattr(page_or_key, "translation_key", page_or_key)
    registration, activities = _context(user, object_type, key, module_key)
    statement = Statement.objects.create(
        user=user, verb=verb, object_type=object_type, object_key=key, object_title=title[:255], score_scaled=score,
        success=success, completion=completion, duration_seconds=duration, locale=locale, classroom_id=classroom_id,
        registration=registration, context_activities=activities,
        **({"timestamp": timestamp} if timestamp else {}), **({"id": statement_id} if statement_id else {}),
    )
    outbox.queue(statement)
    return statement
