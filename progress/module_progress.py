"""A learner's progress through a module, worked out from their summaries.

One reason to change: when a module counts as done (its lessons completed and
quizzes passed), and what completing it sets off (statement, certificate, tracks).
"""

from __future__ import annotations

from django.utils import timezone

from curriculum.models import ModulePage
from progress.certificate_issuing import issue_certificate
from progress.models import Enrolment, ItemSummary, ObjectType, Verb
from progress.records import record
from progress.structure import module_part_keys
from progress.tracks import refresh_tracks_containing


def _locked_enrolment(user, key, kind=Enrolment.Kind.MODULE) -> Enrolment:
    """The enrolment row, locked until the transaction ends: progress is worked out
    from what other transactions committed before, never from a stale snapshot."""
    enrolment, _ = Enrolment.objects.select_for_update().get_or_create(user=user, object_key=key, defaults={"kind": kind})
    return enrolment


def refresh_module(user, module: ModulePage, enrolment: Enrolment | None = None):
    """Module progress from the learner's summaries: the share of its lessons
    completed and quizzes passed. Completes the module (statement, certificate,
    tracks) when every part is done."""
    enrolment = _locked_enrolment(user, module.translation_key) if enrolment is None else enrolment
    lesson_keys, quiz_keys = module_part_keys(module.translation_key)
    done, seconds = set(), 0
    for key, kind, completed_at, spent in ItemSummary.objects.filter(
            user=user, item_key__in=lesson_keys + list(quiz_keys)).values_list(
            "item_key", "kind", "completed_at", "seconds_spent"):
        if completed_at is not None:
            done.add(key)
        if kind == ItemSummary.Kind.LESSON:
            seconds += spent
    parts = len(lesson_keys) + len(quiz_keys)
    enrolment.progress = len(done) / parts if parts else 0
    enrolment.last_activity_at = timezone.now()
    enrolment.seconds_spent = seconds
    complete = parts > 0 and len(done) == parts
    fields = ["progress", "last_activity_at", "seconds_spent"]
    if complete and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        fields.append("completed_at")
        record(user, Verb.COMPLETED, ObjectType.MODULE, module, module.title, locale=module.locale.language_code, completion=True)
        issue_certificate(user, module, enrolment.seconds_spent)
    enrolment.save(update_fields=fields)
    if enrolment.completed_at:
        refresh_tracks_containing(user, module.translation_key, module.locale_id)
