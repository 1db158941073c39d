"""Enrolling a learner in a module or a track (and in each module of the track).

One reason to change: what enrolling does.
"""

from __future__ import annotations

from django.db import transaction

from curriculum.models import ModulePage, TrackPage
from progress.models import Enrolment, ObjectType, Verb
from progress.module_progress import refresh_module
from progress.records import NotAvailable, check_public, record
from progress.tracks import refresh_track, track_modules_in_language


@transaction.atomic
def enrol(user, module: ModulePage) -> tuple[Enrolment, bool]:
    check_public(module)
    enrolment, created = Enrolment.objects.get_or_create(user=user, object_key=module.translation_key,
                                                         defaults={"kind": Enrolment.Kind.MODULE})
    if created:
        record(user, Verb.REGISTERED, ObjectType.MODULE, module, module.title, locale=module.locale.language_code)
        refresh_module(user, module, enrolment)
    return enrolment, created


@transaction.atomic
def enrol_track(user, track: TrackPage) -> tuple[Enrolment, bool]:
    """Enrol in a track and in each of its modules (in the track's language where it has one)."""
    check_public(track)
    enrolment, created = Enrolment.objects.get_or_create(user=user, object_key=track.translation_key,
                                                         defaults={"kind": Enrolment.Kind.TRACK})
    if created:
        record(user, Verb.REGISTERED, ObjectType.TRACK, track, track.title, locale=track.locale.language_code)
        for module in track_modules_in_language(track):
            try:
                enrol(user, module)
            except NotAvailable:
                continue  # an unpublished module of the track: nothing to enrol in yet
        refresh_track(user, track, enrolment)
    return enrolment, created
