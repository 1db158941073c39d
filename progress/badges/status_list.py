"""Revocation through a W3C Bitstring Status List (VC Bitstring Status List 1.0).

Each certificate owns one bit, at a random free index (herd privacy); list ``n`` holds
indexes ``n * SIZE`` to ``(n + 1) * SIZE - 1``. The list credential is signed by the issuer
each time it is served, so a verifier reads the revocations of that moment.
"""

import base64
import gzip
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from progress.badges.contexts import VC2
from progress.models import Certificate, WithdrawnStatusIndex

SIZE = 131072  # bits per list: 16 KiB, the minimum the specification sets for herd privacy


def allocate_index(certificate: Certificate) -> int:
    """Give the certificate a random unused bit; a new list opens once the current ones are half full."""
    for _attempt in range(50):
        taken = Certificate.objects.exclude(status_index=None).count() + WithdrawnStatusIndex.objects.count()
        index = secrets.randbelow(SIZE * (1 + taken * 2 // SIZE))
        if WithdrawnStatusIndex.objects.filter(index=index).exists():
            continue
        try:
            with transaction.atomic():
                updated = Certificate.objects.filter(pk=certificate.pk, status_index=None).update(status_index=index)
        except IntegrityError:
            continue  # taken meanwhile
        if updated:
            certificate.status_index = index
        else:
            certificate.refresh_from_db(fields=["status_index"])
        return certificate.status_index
    raise RuntimeError("No free status list index found")


def list_number(index: int) -> int:
    return index // SIZE


def entry(certificate: Certificate, list_url: str) -> dict:
    return {"id": f"{list_url}#{certificate.status_index}", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": str(certificate.status_index % SIZE),
            "statusListCredential": list_url}


def encoded_list(number: int) -> str:
    """The list's bits (index 0 is the first byte's most significant bit), GZIP, base64url, multibase ``u``."""
    bits = bytearray(SIZE // 8)
    revoked = Certificate.objects.filter(status_index__gte=number * SIZE, status_index__lt=(number + 1) * SIZE,
                                         revoked_at__isnull=False).values_list("status_index", flat=True)
    withdrawn = WithdrawnStatusIndex.objects.filter(index__gte=number * SIZE, index__lt=(number + 1) * SIZE)
    for index in [*revoked, *withdrawn.values_list("index", flat=True)]:
        position = index % SIZE
        bits[position // 8] |= 0x80 >> (position % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def is_set(encoded: str, index: int) -> bool:
    """Read one bit back from an encoded list (what a verifier does)."""
    data = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    return bool(data[index // 8] & (0x80 >> (index % 8)))


def list_credential(number: int, list_url: str, issuer_id: str) -> dict:
    """The unsigned BitstringStatusListCredential of list ``number``."""
    now = timezone.now().replace(microsecond=0)
    return {
        "@context": [VC2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": now.isoformat().replace("+00:00", "Z"),
        "credentialSubject": {"id": f"{list_url}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": encoded_list(number)},
    }
