"""The JSON-LD contexts signing and verifying read, from local files only.

Every IRI maps to a file of ``settings.ALMA_JSONLD_CONTEXTS`` whose SHA-256 is pinned here;
any other IRI is refused, so canonicalisation never fetches anything from the network.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core import checks

VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY = "https://w3id.org/security/data-integrity/v2"

# IRI -> (file, SHA-256), as listed in shared/formats/jsonld-contexts/README.md.
CONTEXTS = {
    VC2: ("credentials-v2.jsonld", "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"),
    OB3: ("ob-v3p0-context-3.0.3.json", "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761"),
    DATA_INTEGRITY: ("data-integrity-v2.jsonld", "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4"),
    MULTIKEY: ("multikey-v1.jsonld", "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597"),
    "https://www.w3.org/ns/credentials/status/v1": (
        "bitstring-status-list-v1.jsonld", "fda5add353231e6a6884a46b12e6c75464281900cb348284d9c360f62381d9f7"),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": (
        "ob-v3p0-context-3.0.2.json", "00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53"),
    "https://www.w3.org/2018/credentials/v1": (
        "credentials-v1.jsonld", "ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc"),
}


class UnknownContext(Exception):
    """A context IRI that is not one of the pinned local files."""


def contexts_dir() -> Path:
    return Path(settings.ALMA_JSONLD_CONTEXTS)


@lru_cache(maxsize=None)
def load_context(url: str) -> dict:
    if url not in CONTEXTS:
        raise UnknownContext(f"Refusing to load JSON-LD context {url!r}: not a pinned local context.")
    name, digest = CONTEXTS[url]
    data = (contexts_dir() / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise UnknownContext(f"{name} does not have the pinned SHA-256 {digest}.")
    return json.loads(data)


def document_loader(url, options=None):
    """A pyld document loader that reads the pinned local files and nothing else."""
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}


@checks.register(checks.Tags.security, deploy=True)
def check_contexts(app_configs=None, **kwargs):
    """``manage.py check --deploy``: certificates cannot be signed without the pinned contexts."""
    errors = []
    for url in (VC2, OB3):
        try:
            load_context.__wrapped__(url)
        except (OSError, UnknownContext, ValueError) as problem:
            errors.append(checks.Error(f"Open Badges cannot be signed: {problem}", hint="Set ALMA_JSONLD_CONTEXTS to a copy "
                                       "of shared/formats/jsonld-contexts.", id="progress.E002"))
    return errors

