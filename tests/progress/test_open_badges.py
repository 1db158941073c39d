"""Open Badges 3.0: signed (eddsa-rdfc-2022), offline canonicalisation checked against 1EdTech's
test vector, keys, recipient, language, alignments, status list, baking, dereferenceable ids."""

import hashlib
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from PIL import Image
from pyld import jsonld

from progress import certificate_issuing
from progress.badges import baking, contexts, data_integrity, keys, status_list
from progress.badges.credential import signed_credential
from progress.models import Certificate, IssuerKey
from tests.progress.ob3_world import BASE, fetch, make_world

CONTEXTS = Path(settings.ALMA_JSONLD_CONTEXTS)
# The "Teamwork Badge" input of 1EdTech's linked-data-proof test vector (ob_v3p0/impl/linked-data-proof-ob.html),
# with the 3.0.3 context the README of the shared contexts names, and the page's published test key.
TEAMWORK = {
    "@context": [contexts.VC2, contexts.OB3], "id": "http://example.com/credentials/3527",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "url": "https://www.imsglobal.org",
               "name": "Example Corp"},
    "validFrom": "2010-01-01T00:00:00Z", "name": "Teamwork Badge",
    "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": ["AchievementSubject"], "achievement": {
        "id": "https://example.com/achievements/21st-century-skills/teamwork", "type": ["Achievement"],
        "criteria": {"narrative": "Team members are nominated for this badge by their peers and recognized upon review "
                                  "by Example Corp management."},
        "description": "This badge recognizes the development of the capacity to collaborate within a group environment.",
        "name": "Teamwork"}},
}
TEST_SECRET = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"
TEST_METHOD = "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
PUBLISHED_PROOF_VALUE = "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"


@pytest.fixture
def world(site_pages, settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    return make_world(site_pages)


def test_canonicalisation_and_signature_match_1edtech_test_vector():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    assert data_integrity.canonicalize(TEAMWORK) == (CONTEXTS / "ob3_test_vector_document-canon.nq.txt").read_text()
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(TEST_SECRET))
    assert data_integrity.public_key_multibase(key.public_key()) == TEST_METHOD.split("#")[1]
    signed = data_integrity.sign(TEAMWORK, key, TEST_METHOD, "2010-01-01T19:23:24Z")
    options = {k: v for k, v in signed["proof"][0].items() if k != "proofValue"} | {"@context": TEAMWORK["@context"]}
    assert data_integrity.canonicalize(options) == (CONTEXTS / "ob3_test_vector_proof-canon.nq.txt").read_text()
    assert signed["proof"][0]["proofValue"] == PUBLISHED_PROOF_VALUE
    assert data_integrity.verify(signed, key.public_key())
    tampered = json.loads(json.dumps(signed).replace("Teamwork Badge", "Teamwork Badgf"))
    assert not data_integrity.verify(tampered, key.public_key())


def test_the_document_loader_never_reaches_the_network():
    with pytest.raises(contexts.UnknownContext):
        contexts.document_loader("https://example.org/evil-context.jsonld")
    with pytest.raises(jsonld.JsonLdError):
        data_integrity.canonicalize({**TEAMWORK, "@context": [contexts.VC2, "https://schema.org/"]})


def test_keys_are_made_once_stored_encrypted_and_rotation_keeps_the_old_ones(db, settings):
    first = keys.active_key()
    assert keys.active_key() == first and IssuerKey.objects.count() == 1
    stored = bytes(first.encrypted_private_key)
    assert b"ENCRYPTED PRIVATE KEY" in stored
    raw = keys.private_key(first).private_bytes_raw()
    assert raw not in stored and raw.hex().encode() not in stored
    second = keys.rotate()
    first.refresh_from_db()
    assert first.retired_at and keys.active_key() == second and IssuerKey.objects.count() == 2
    settings.ALMA_ISSUER_KEY_SECRET = "another secret"
    with pytest.raises(ValueError):
        keys.private_key(second)


def test_issued_credentials_are_signed_valid_ob3_in_the_learners_language(world, client):
    schema = json.loads((CONTEXTS / "ob3_achievementcredential.schema.json").read_text())
    profile = client.get("/ob/issuer.json").json()
    public = {m["id"]: data_integrity.public_key_from_multibase(m["publicKeyMultibase"]) for m in profile["verificationMethod"]}
    for certificate in Certificate.objects.all():
        response = client.get(f"/{certificate.language}/verify/{certificate.verification_key}/badge.json")
        assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
        credential = response.json()
        jsonschema.Draft201909Validator(schema).validate(credential)
        [proof] = credential["proof"]
        assert proof["cryptosuite"] == "eddsa-rdfc-2022" and proof["verificationMethod"] in public
        assert data_integrity.verify(credential, public[proof["verificationMethod"]])
        assert proof["verificationMethod"] in profile["assertionMethod"]
        assert credential["issuer"]["id"] == profile["id"] == f"{BASE}/ob/issuer.json"
    track = Certificate.objects.get(user=world.english, kind="track")
    credential = signed_credential(track)
    assert track.language == "en" and credential["id"] == f"{BASE}/en/verify/{track.verification_key}/"
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "Teacher training" and achievement["inLanguage"] == "en"
    assert achievement["criteria"]["narrative"].startswith("Complete every module of the track")
    assert achievement["alignment"][0]["targetCode"] == "CM-SEC-01"
    assert achievement["alignment"][0]["targetDescription"] == "Explains the water cycle of a mine."
    spanish = signed_credential(Certificate.objects.get(user=world.spanish))
    assert spanish["credentialSubject"]["achievement"]["criteria"]["narrative"].startswith("Completa")
    assert spanish["id"].startswith(f"{BASE}/es/verify/")


def test_recipient_is_a_salted_hash_of_the_email(world):
    credential = signed_credential(Certificate.objects.get(user=world.english, kind="track"))
    email = next(i for i in credential["credentialSubject"]["identifier"] if i["identityType"] == "emailAddress")
    assert email["hashed"] is True and len(email["salt"]) == 16
    assert email["identityHash"] == "sha256$" + hashlib.sha256(("rosa@example.org" + email["salt"]).encode()).hexdigest()
    assert "rosa@example.org" not in json.dumps(credential).lower()


def test_ids_dereference_to_json(world, client):
    credential = signed_credential(Certificate.objects.get(user=world.english, kind="track"))
    achievement = fetch(client, credential["credentialSubject"]["achievement"]["id"])
    assert achievement.status_code == 200 and achievement.json()["name"] == "Teacher training"
    assert achievement.json()["type"] == ["Achievement"]
    issuer = fetch(client, credential["issuer"]["id"])
    assert issuer.status_code == 200 and issuer.json()["type"] == ["Profile"]
    jsonld.expand(issuer.json(), {"documentLoader": contexts.document_loader})  # valid JSON-LD, offline
    jsonld.expand(achievement.json(), {"documentLoader": contexts.document_loader})
    picture = fetch(client, achievement.json()["image"]["id"])
    assert picture.status_code == 200 and Image.open(io.BytesIO(picture.content)).size == (600, 600)
    assert client.get("/ob/achievements/module/00000000-0000-0000-0000-000000000000/es.json").status_code == 404
    assert client.get("/ob/achievements/track/00000000-0000-0000-0000-000000000000/es.png").status_code == 404
    assert client.get("/ob/achievements/quiz/00000000-0000-0000-0000-000000000000/es.json").status_code == 404
    assert client.get("/ob/status/99.json").status_code == 404


def test_revocation_sets_the_certificates_bit_in_the_signed_status_list(world, client):
    certificate = Certificate.objects.get(user=world.spanish)
    credential = signed_credential(certificate)
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    index = int(status["statusListIndex"])

    def bit():
        listed = fetch(client, status["statusListCredential"]).json()
        assert data_integrity.verify(listed, keys.public_key(keys.active_key()))
        return status_list.is_set(listed["credentialSubject"]["encodedList"], index)

    assert bit() is False
    certificate_issuing.revoke_certificate(certificate, "registro erróneo")
    assert bit() is True
    certificate.refresh_from_db()
    assert signed_credential(certificate) == credential  # the credential is unchanged: only its status changed


def test_status_indexes_are_distinct_and_old_certificates_get_one(world):
    indexes = [signed_credential(c)["credentialStatus"]["statusListIndex"] for c in Certificate.objects.all()]
    assert len(indexes) == 4 and len(set(indexes)) == 4
    assert all(0 <= int(i) < status_list.SIZE for i in indexes)


def test_baked_png_carries_the_signed_credential(world, client):
    certificate = Certificate.objects.get(user=world.english, kind="track")
    response = client.get(f"/en/verify/{certificate.verification_key}/badge.png")
    assert response.status_code == 200 and response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"iTXtopenbadgecredential\x00" in response.content
    assert baking.unbake(response.content) == signed_credential(certificate)
    Image.open(io.BytesIO(response.content)).verify()
    client.force_login(world.english)
    own = client.get(f"/en/certificates/{certificate.id}.png")
    assert baking.unbake(own.content)["proof"] == signed_credential(certificate)["proof"]


def test_deploy_check_reports_missing_contexts(settings, tmp_path):
    assert contexts.check_contexts() == []
    settings.ALMA_JSONLD_CONTEXTS = str(tmp_path)
    assert [error.id for error in contexts.check_contexts()] == ["progress.E002", "progress.E002"]
    (tmp_path / "credentials-v2.jsonld").write_text("{}")  # present but not the pinned document
    assert "SHA-256" in contexts.check_contexts()[0].msg


def test_an_administrator_rotates_the_signing_key_in_the_admin(client, db):
    from tests.factories import UserFactory
    first = keys.active_key()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get("/admin/certificates/signing-keys/")
    assert page.status_code == 200 and first.public_key_multibase in page.content.decode()
    assert client.post("/admin/certificates/signing-keys/", {"rotate": "yes"}).status_code == 302
    assert keys.active_key() != first and IssuerKey.objects.count() == 2
    first.refresh_from_db()
    assert first.retired_at is not None


def test_a_deleted_accounts_bit_is_set_and_never_given_again(world, client):
    from progress.account_deletion import delete_account
    credential = signed_credential(Certificate.objects.get(user=world.spanish))
    status = credential["credentialStatus"]
    delete_account(world.spanish)
    listed = fetch(client, status["statusListCredential"]).json()
    assert status_list.is_set(listed["credentialSubject"]["encodedList"], int(status["statusListIndex"]))
    assert not Certificate.objects.filter(status_index=int(status["statusListIndex"])).exists()
