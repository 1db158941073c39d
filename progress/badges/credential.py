"""The OpenBadgeCredential of a certificate, its Achievement and the issuer's Profile.

Everything a person reads (names, description, criteria, the verification link) is in the
language the module or track was taken in (``Certificate.language``). The credential is
signed once and frozen in ``Certificate.credential``; revocation changes only its bit in the
status list, so the signature stays valid and the status tells.
"""

import hashlib
import secrets

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from alma.i18n import localized_list
from curriculum.models import ModulePage, SiteChoices, TrackPage
from progress.badges import data_integrity, keys, status_list
from progress.badges.contexts import MULTIKEY, OB3, VC2
from progress.certificates import public_issue_date, verification_url
from progress.models import Certificate, Enrolment, IssuerKey


def base_url() -> str:
    return SiteChoices.current().site_base_url()


def issuer_id() -> str:
    return base_url() + reverse("badges:issuer")


def key_id(key: IssuerKey) -> str:
    return f"{issuer_id()}#{key.public_key_multibase}"


def status_list_url(number: int) -> str:
    return base_url() + reverse("badges:status-list", args=[number])


def achievement_url(kind: str, key, language: str) -> str:
    return base_url() + reverse("badges:achievement", args=[kind, key, language])


def image(kind: str, key, language: str, title: str) -> dict:
    return {"id": base_url() + reverse("badges:achievement-image", args=[kind, key, language]), "type": "Image",
            "caption": title}


# The controller-document terms of the issuer profile (the W3C security vocabulary's IRIs, as
# in the DID and security contexts): none of the pinned contexts defines them at the top level.
CONTROLLER_TERMS = {
    "verificationMethod": {"@id": "https://w3id.org/security#verificationMethod", "@type": "@id", "@container": "@set"},
    "assertionMethod": {"@id": "https://w3id.org/security#assertionMethod", "@type": "@id", "@container": "@set"},
}


def issuer_profile() -> dict:
    """The issuer's OB 3.0 Profile, also its controller document: every key, the retired ones too,
    as a Multikey; only the active one may sign new credentials but all verify what they signed."""
    choices = SiteChoices.current()
    keys.active_key()  # the first key is made before anyone asks to verify with it
    methods = [{"id": key_id(key), "type": "Multikey", "controller": issuer_id(),
                "publicKeyMultibase": key.public_key_multibase} for key in IssuerKey.objects.order_by("created_at")]
    return {"@context": [VC2, OB3, MULTIKEY, CONTROLLER_TERMS], "id": issuer_id(), "type": ["Profile"], "name": choices.certificate_issuer,
            "url": base_url() + "/", "verificationMethod": methods, "assertionMethod": [m["id"] for m in methods]}


def verification_method(url: str) -> dict | None:
    """The Multikey document a verification method URL names (``issuer#z6Mk…``)."""
    for method in issuer_profile()["verificationMethod"]:
        if method["id"] == url:
            return {"@context": MULTIKEY, **method}
    return None


def _page(kind: str, key, language: str):
    model = TrackPage if kind == Enrolment.Kind.TRACK else ModulePage
    pages = model.objects.live().filter(translation_key=key).select_related("locale")
    return next((page for page in pages if page.locale.language_code == language), None) or pages.first()


def _modules(kind: str, page) -> list:
    return page.modules() if kind == Enrolment.Kind.TRACK else [page]


def _alignments(kind: str, page, locale) -> list[dict]:
    alignments, seen = [], set()
    for module in _modules(kind, page):
        for outcome in localized_list(module.outcomes.all(), locale):
            if outcome.code in seen:
                continue
            seen.add(outcome.code)
            alignments.append({"type": ["Alignment"], "targetName": f"{outcome.code} — {outcome.statement}"[:250],
                               "targetCode": outcome.code, "targetDescription": outcome.statement,
                               "targetFramework": "ALMA Aula", "targetUrl": (module.full_url or base_url() + "/") + "#outcomes-title"})
    return alignments


def _criteria(kind: str, page) -> str:
    if kind == Enrolment.Kind.TRACK:
        return _("Complete every module of the track, pass each module quiz with at least %(mark)s%% and credit at "
                 "least %(hours)s hours of professional development.") % {"mark": page.pass_mark, "hours": page.minimum_hours}
    return _("Complete every lesson of the module and pass each of its quizzes at its pass mark.")


def achievement(kind: str, key, language: str, title: str | None = None) -> dict | None:
    """The Achievement, in ``language``; ``None`` when its module or track no longer exists."""
    page = _page(kind, key, language)
    if page is None:
        return None
    locale = Locale.objects.filter(language_code=language).first() or page.locale
    with translation.override(language):
        return {"id": achievement_url(kind, key, language), "type": ["Achievement"],
                "achievementType": "CertificateOfCompletion", "name": title or page.title,
                "description": page.summary or page.title, "criteria": {"narrative": _criteria(kind, page)},
                "inLanguage": language, "image": image(kind, key, language, title or page.title),
                "alignment": _alignments(kind, page, locale)}


def _recipient(certificate: Certificate) -> list[dict]:
    """A salted SHA-256 of the e-mail (or, without one, of the username), and the name as printed."""
    user = certificate.user
    salt = secrets.token_hex(8)
    identity, kind = ((user.email.strip().lower(), "emailAddress") if user and user.email
                      else (user.get_username() if user else str(certificate.verification_key), "userName"))
    digest = hashlib.sha256((identity + salt).encode()).hexdigest()
    return [{"type": "IdentityObject", "identityHash": f"sha256${digest}", "identityType": kind, "hashed": True,
             "salt": salt},
            {"type": "IdentityObject", "identityHash": certificate.learner_name, "identityType": "name", "hashed": False}]


def unsigned_credential(certificate: Certificate) -> dict:
    if certificate.status_index is None:
        status_list.allocate_index(certificate)
    language = certificate.language
    subject_achievement = achievement(certificate.kind, certificate.achievement_key, language,
                                      certificate.achievement_title)
    with translation.override(language):
        if subject_achievement is None:  # the page is gone: what the certificate recorded
            subject_achievement = {"id": achievement_url(certificate.kind, certificate.achievement_key, language),
                                   "type": ["Achievement"], "achievementType": "CertificateOfCompletion",
                                   "name": certificate.achievement_title, "description": certificate.achievement_title,
                                   "criteria": {"narrative": _("All lessons completed and every quiz passed at its pass mark.")},
                                   "inLanguage": language, "image": image(certificate.kind, certificate.achievement_key,
                                                                           language, certificate.achievement_title)}
        description = _("%(hours)s hours of professional development") % {"hours": certificate.hours} + "."
        if certificate.kind == Enrolment.Kind.TRACK and certificate.modules:
            description = _("Modules: %(modules)s") % {"modules": "; ".join(certificate.modules)} + ". " + description
    list_url = status_list_url(status_list.list_number(certificate.status_index))
    choices = SiteChoices.current()
    return {
        "@context": [VC2, OB3],
        "id": verification_url(certificate, choices),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": choices.certificate_issuer, "url": base_url() + "/"},
        "validFrom": public_issue_date(certificate),
        "name": certificate.achievement_title,
        "description": description,
        "credentialSubject": {"type": ["AchievementSubject"], "identifier": _recipient(certificate),
                              "achievement": subject_achievement},
        "credentialStatus": status_list.entry(certificate, list_url),
    }


def sign(document: dict) -> dict:
    key = keys.active_key()
    created = timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return data_integrity.sign(document, keys.private_key(key), key_id(key), created)


def signed_credential(certificate: Certificate) -> dict:
    """The certificate's signed credential: signed on first request (certificates from before
    Open Badges 3.0 included), then always the same document."""
    if certificate.credential is None:
        credential = sign(unsigned_credential(certificate))
        updated = Certificate.objects.filter(pk=certificate.pk, credential__isnull=True).update(credential=credential)
        certificate.credential = credential if updated else Certificate.objects.get(pk=certificate.pk).credential
    return certificate.credential


def signed_status_list(number: int) -> dict:
    return sign(status_list.list_credential(number, status_list_url(number), issuer_id()))
