"""Certificates as a PNG image (Pillow) and an Open Badges 3.0 credential."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from progress.models import Certificate

INK, COPPER, PAPER = (31, 41, 51), (160, 72, 28), (251, 247, 240)


def verification_url(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        path = reverse("certificate-verify", args=[certificate.verification_key])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def public_issue_date(certificate: Certificate) -> str:
    """The issue day only: the exact time would match the `earned` statement in research exports."""
    return f"{certificate.issued_at.date().isoformat()}T00:00:00Z"


def render_png(certificate: Certificate) -> bytes:
    width, height = 1600, 1130
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([30, 30, width - 30, height - 30], outline=COPPER, width=8)

    def centred(text, y, size, fill=INK):
        font = ImageFont.load_default(size=size)
        box = draw.textbbox((0, 0), text, font=font)
        draw.text(((width - (box[2] - box[0])) / 2, y), text, font=font, fill=fill)

    with translation.override(certificate.language):
        centred("ALMA Aula", 110, 64, COPPER)
        centred(_("Certificate of completion"), 220, 52)
        centred(_("awarded to"), 340, 36)
        centred(certificate.learner_name, 410, 72)
        centred(_("for completing"), 540, 36)
        centred(certificate.achievement_title[:70], 610, 54)
        centred(date_format(certificate.issued_at, "DATE_FORMAT"), 740, 36)
        centred(_("Verify at %(url)s") % {"url": verification_url(certificate)}, 940, 26)
        centred(_("Certificate id %(id)s") % {"id": certificate.verification_key}, 990, 24)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def open_badge(certificate: Certificate) -> dict:
    """An Open Badges 3.0 OpenBadgeCredential (unsigned JSON)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": verification_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": base, "type": ["Profile"], "name": "ALMA Aula"},
        "validFrom": public_issue_date(certificate),
        "name": certificate.achievement_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.learner_name,
            "achievement": {
                "id": f"{base}/achievements/{certificate.kind}/{certificate.achievement_key}",
                "type": ["Achievement"],
                "name": certificate.achievement_title,
                "description": certificate.achievement_title,
                "criteria": {"narrative": "All lessons completed and every quiz passed at its pass mark."},
            },
        },
    }
    if certificate.is_revoked:
        credential["credentialStatus"] = {"type": "Revoked", "revokedAt": certificate.revoked_at.isoformat(),
                                          "reason": certificate.revocation_reason}
    return credential
