"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC DI EdDSA 1.0, §3.3).

Both the document (without ``proof``) and the proof options (with the document's
``@context``) are canonicalised with RDFC-1.0 (URDNA2015), hashed with SHA-256, and
the signature is Ed25519 over proof hash ‖ document hash, written as base58btc multibase.
"""

import copy
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from progress.badges.contexts import document_loader

ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    return "z" + b58encode(ED25519_PUB_PREFIX + public_key.public_bytes_raw())


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    raw = b58decode(value[1:]) if value.startswith("z") else b""
    if not raw.startswith(ED25519_PUB_PREFIX) or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def canonicalize(document: dict) -> str:
    """RDFC-1.0 canonical N-Quads, contexts read by the local loader only."""
    return jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                       "documentLoader": document_loader, "safe": True})


def _hash_data(document: dict, proof_options: dict) -> bytes:
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof_options.items() if key != "proofValue"}
    options["@context"] = document["@context"]
    return (hashlib.sha256(canonicalize(options).encode()).digest()
            + hashlib.sha256(canonicalize(unsecured).encode()).digest())


def sign(document: dict, private_key: Ed25519PrivateKey, verification_method: str, created: str) -> dict:
    """The document with an ``eddsa-rdfc-2022`` DataIntegrityProof for ``assertionMethod``."""
    proof = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": created,
             "verificationMethod": verification_method, "proofPurpose": "assertionMethod"}
    signature = private_key.sign(_hash_data(document, proof))
    signed = copy.deepcopy({key: value for key, value in document.items() if key != "proof"})
    # A list (a proof set of one): the Open Badges 3.0 JSON Schema requires an array; in JSON-LD it is the same graph.
    signed["proof"] = [{**proof, "proofValue": "z" + b58encode(signature)}]
    return signed


def verify(document: dict, public_key: Ed25519PublicKey) -> bool:
    """Whether the document's proof is a valid ``eddsa-rdfc-2022`` signature by this key."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict) or proof.get("type") != "DataIntegrityProof" \
            or proof.get("cryptosuite") != "eddsa-rdfc-2022" or not str(proof.get("proofValue", "")).startswith("z"):
        return False
    try:
        public_key.verify(b58decode(proof["proofValue"][1:]), _hash_data(document, proof))
    except (InvalidSignature, ValueError):
        return False
    return True
