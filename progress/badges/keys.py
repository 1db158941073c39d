"""The issuer's Ed25519 keys: generated once, rotated by an administrator, never deleted.

The private key is stored encrypted (PKCS#8 with the best available encryption) under a
secret derived from ``ALMA_ISSUER_KEY_SECRET`` or, when unset, ``SECRET_KEY``: a copy of the
database alone does not give the key away.
"""

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from progress.badges.data_integrity import public_key_from_multibase, public_key_multibase
from progress.models import IssuerKey


def _password() -> bytes:
    secret = settings.ALMA_ISSUER_KEY_SECRET or settings.SECRET_KEY
    return hashlib.sha256(b"alma-aula issuer key\0" + secret.encode()).hexdigest().encode()


def _create() -> IssuerKey:
    private_key = Ed25519PrivateKey.generate()
    encrypted = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.BestAvailableEncryption(_password()))
    return IssuerKey.objects.create(public_key_multibase=public_key_multibase(private_key.public_key()),
                                    encrypted_private_key=encrypted)


def active_key() -> IssuerKey:
    """The key that signs now; the first one is generated on first use."""
    key = IssuerKey.objects.filter(retired_at=None).first()
    if key is None:
        with transaction.atomic():
            IssuerKey.objects.select_for_update().filter(retired_at=None).exists()  # serialise first use
            key = IssuerKey.objects.filter(retired_at=None).first() or _create()
    return key


def rotate() -> IssuerKey:
    """A new signing key; the old ones are retired (kept, and still published, for verifying)."""
    with transaction.atomic():
        IssuerKey.objects.select_for_update().filter(retired_at=None).update(retired_at=timezone.now())
        return _create()


def private_key(key: IssuerKey) -> Ed25519PrivateKey:
    return serialization.load_pem_private_key(bytes(key.encrypted_private_key), password=_password())


def public_key(key: IssuerKey) -> Ed25519PublicKey:
    return public_key_from_multibase(key.public_key_multibase)
