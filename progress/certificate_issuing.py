"""Issuing and revoking certificates of modules and tracks, with the hours they credit.

One reason to change: what a certificate records when it is issued (drawing it
is ``progress.certificates``).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from curriculum.models import ModulePage, TrackPage
from progress.badges.status_list import allocate_index
from progress.models import Certificate, Enrolment, ObjectType, Verb
from progress.records import record

if TYPE_CHECKING:  # progress.tracks imports this module to issue a track's certificate
    from progress.tracks import TrackStatus


def credited_hours(estimated_hours, seconds: int) -> Decimal:
    """Professional-development hours for a completed module: the active time really
    spent on it, at most the module's estimated hours, rounded down to a tenth."""
    spent = Decimal(seconds or 0) / 3600
    return min(Decimal(estimated_hours or 0), spent).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def issue_certificate(user, module: ModulePage, seconds_spent: int) -> Certificate:
    certificate, created = Certificate.objects.get_or_create(
        user=user, achievement_key=module.translation_key,
        defaults={"kind": Enrolment.Kind.MODULE, "achievement_title": module.title, "learner_name": str(user)[:150],
                  "language": module.locale.language_code, "hours": credited_hours(module.estimated_hours, seconds_spent),
                  "modules": [module.title]},
    )
    if created:
        allocate_index(certificate)  # its revocation bit; the credential is signed when first asked for
        record(user, Verb.EARNED, ObjectType.MODULE, module, module.title, locale=module.locale.language_code)
    return certificate


def revoke_certificate(certificate: Certificate, reason: str):
    if not certificate.is_revoked:
        certificate.revoked_at = timezone.now()
        certificate.revocation_reason = reason[:255]
        certificate.save(update_fields=["revoked_at", "revocation_reason"])


def issue_track_certificate(user, track: TrackPage, status: TrackStatus) -> Certificate:
    titles = {}
    for module in ModulePage.objects.filter(translation_key__in=status.module_keys).only("translation_key", "title", "locale_id"):
        if module.translation_key not in titles or module.locale_id == track.locale_id:
            titles[module.translation_key] = module.title
    certificate, created = Certificate.objects.get_or_create(
        user=user, achievement_key=track.translation_key,
        defaults={"kind": Enrolment.Kind.TRACK, "achievement_title": track.title, "learner_name": str(user)[:150],
                  "language": track.locale.language_code, "hours": status.completed_hours,
                  "modules": [titles[key] for key in status.module_keys if key in titles]},
    )
    if created:
        allocate_index(certificate)
        record(user, Verb.EARNED, ObjectType.TRACK, track, track.title, locale=track.locale.language_code)
    return certificate
