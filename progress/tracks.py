"""A learner's progress through a track: its modules, its pass mark and minimum hours.

One reason to change: when a track counts as complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from curriculum.models import ModulePage, TrackModule, TrackPage
from progress.certificate_issuing import credited_hours, issue_track_certificate
from progress.models import Enrolment, ItemSummary, ObjectType, Verb
from progress.records import record
from progress.structure import module_quiz_keys


def track_module_keys(track: TrackPage) -> list:
    """Translation keys of the track's modules, in order."""
    keys = []
    for key in TrackModule.objects.filter(track=track).order_by("sort_order").values_list("module__translation_key", flat=True):
        if key not in keys:
            keys.append(key)
    return keys


def track_modules_in_language(track: TrackPage) -> list[ModulePage]:
    """The track's live modules in order, each in the track's language when it has that version."""
    keys = track_module_keys(track)
    chosen = {}
    for module in ModulePage.objects.live().filter(translation_key__in=keys):
        if module.translation_key not in chosen or module.locale_id == track.locale_id:
            chosen[module.translation_key] = module
    return [chosen[key] for key in keys if key in chosen]


@dataclass
class TrackStatus:
    module_keys: list
    completed: set
    passed_at_mark: set
    hours: object  # Decimal: hours of the track's modules
    completed_hours: object

    @property
    def progress(self) -> float:
        return len(self.completed) / len(self.module_keys) if self.module_keys else 0


def track_status(user, track: TrackPage) -> TrackStatus:
    keys = track_module_keys(track)
    seconds_by_key = dict(Enrolment.objects.filter(user=user, object_key__in=keys, completed_at__isnull=False)
                          .values_list("object_key", "seconds_spent"))
    completed = set(seconds_by_key)
    hours_by_key = {}
    for key, hours in ModulePage.objects.filter(translation_key__in=keys).values_list("translation_key", "estimated_hours"):
        hours_by_key.setdefault(key, hours)
    mark = (track.pass_mark or 0) / 100
    passed_at_mark = set()
    for key in keys:
        quiz_keys = module_quiz_keys(key)
        best = dict(ItemSummary.objects.filter(user=user, item_key__in=quiz_keys, completed_at__isnull=False)
                    .values_list("item_key", "best_score"))
        if set(best) == quiz_keys and all((score or 0) + 1e-9 >= mark for score in best.values()):
            passed_at_mark.add(key)
    return TrackStatus(keys, completed, passed_at_mark, sum(hours_by_key.values(), Decimal(0)),
                       sum((credited_hours(hours_by_key.get(k, 0), seconds_by_key[k]) for k in completed), Decimal(0)))


def refresh_track(user, track: TrackPage, enrolment: Enrolment):
    """Track progress is the share of its modules completed; the track completes
    when every module is, each module quiz passed at the track's pass mark, and
    the modules add up to the track's minimum hours."""
    status = track_status(user, track)
    enrolment.progress = status.progress
    enrolment.last_activity_at = timezone.now()
    enrolment.seconds_spent = Enrolment.objects.filter(user=user, object_key__in=status.module_keys).aggregate(
        total=Sum("seconds_spent"))["total"] or 0
    fields = ["progress", "last_activity_at", "seconds_spent"]
    complete = (bool(status.module_keys) and status.completed == set(status.module_keys)
                and status.passed_at_mark == set(status.module_keys)
                and status.completed_hours >= (track.minimum_hours or 0))
    if complete and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        fields.append("completed_at")
        record(user, Verb.COMPLETED, ObjectType.TRACK, track, track.title, locale=track.locale.language_code, completion=True)
        issue_track_certificate(user, track, status)
    enrolment.save(update_fields=fields)


def refresh_tracks_containing(user, module_key, locale_id=None):
    """``locale_id``: the language the learner is taking the module in; a track in that
    language is preferred, so its certificate is in the language the learner studied in."""
    track_keys = set(Enrolment.objects.filter(user=user, kind=Enrolment.Kind.TRACK).values_list("object_key", flat=True))
    if not track_keys:
        return
    tracks = {}
    for track in TrackPage.objects.live().filter(translation_key__in=track_keys,
                                                 track_modules__module__translation_key=module_key).distinct():
        if track.translation_key not in tracks or track.locale_id == locale_id:
            tracks[track.translation_key] = track
    for key, track in tracks.items():
        enrolment = Enrolment.objects.select_for_update().get(user=user, object_key=key)
        refresh_track(user, track, enrolment)
