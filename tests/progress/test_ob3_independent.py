"""The bar: every issued certificate verifies with an INDEPENDENT implementation (Digital Bazaar's
vc + data-integrity + eddsa-rdfc-2022-cryptosuite + ed25519-multikey + vc-bitstring-status-list,
run with node, installed by scripts/ensure-verifier); a revoked one reports revoked (the signed
status list is checked); one with a changed byte fails. Its document loader reads the same
../shared contexts and the documents this site served, never the network."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from progress import certificate_issuing
from progress.badges import keys
from progress.models import Certificate
from tests.progress.ob3_world import BASE, fetch, make_world

VERIFIER = Path(__file__).resolve().parents[2] / "scripts" / "verifier"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(not NODE or not (VERIFIER / "node_modules" / "@digitalbazaar" / "vc").is_dir(),
                                reason="run scripts/ensure-verifier (node and npm) to install the independent verifier")


def run_verifier(tmp_path, credentials: dict, documents: dict) -> dict:
    path = tmp_path / "input.json"
    path.write_text(json.dumps({"contextsDir": str(settings.ALMA_JSONLD_CONTEXTS), "documents": documents,
                                "credentials": credentials}))
    done = subprocess.run([NODE, str(VERIFIER / "verify.mjs"), str(path)], capture_output=True, text=True,
                          cwd=VERIFIER, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def change_one_byte(credential: dict) -> dict:
    """The same credential with one character of the learner's name changed."""
    text = json.dumps(credential, ensure_ascii=False)
    name = next(i["identityHash"] for i in credential["credentialSubject"]["identifier"] if i["identityType"] == "name")
    position = text.index(json.dumps(name, ensure_ascii=False)) + 1
    changed = text[:position] + chr(ord(text[position]) ^ 1) + text[position + 1:]
    assert len(changed.encode()) == len(text.encode()) and changed != text
    return json.loads(changed)


def test_issued_credentials_verify_with_digital_bazaar_revoked_reports_revoked_tampered_fails(site_pages, settings, client,
                                                                                              tmp_path):
    settings.WAGTAILADMIN_BASE_URL = BASE
    world = make_world(site_pages)
    certificates = list(Certificate.objects.order_by("issued_at"))
    credentials = {}
    for number, certificate in enumerate(certificates):
        if number == 2:
            keys.rotate()  # credentials signed before a rotation keep verifying
        response = client.get(f"/{certificate.language}/verify/{certificate.verification_key}/badge.json")
        credentials[str(certificate.verification_key)] = response.json()
    revoked = Certificate.objects.get(user=world.spanish)
    certificate_issuing.revoke_certificate(revoked, "registro erróneo")
    tampered = change_one_byte(credentials[str(certificate.verification_key)])
    documents = {}
    for credential in credentials.values():
        for url in (credential["issuer"]["id"], credential["credentialStatus"]["statusListCredential"]):
            documents[url] = fetch(client, url).json()

    results = run_verifier(tmp_path, {**credentials, "tampered": tampered}, documents)

    assert len(credentials) == 4  # module and track in English, module in Spanish, one from before OB 3.0
    assert len({c["proof"][0]["verificationMethod"] for c in credentials.values()}) == 2  # before and after rotation
    for key, result in results.items():
        if key == "tampered":
            assert result["verified"] is False and result["error"] == "Invalid signature.", result
        elif key == str(revoked.verification_key):
            assert result["verified"] is True and result["revoked"] is True, result
        else:
            assert result == {"verified": True, "revoked": False, "error": None}, (key, result)


def test_a_status_list_with_a_changed_byte_is_refused(site_pages, settings, client, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = BASE
    make_world(site_pages)
    certificate = Certificate.objects.filter(language="es").first()
    credential = client.get(f"/es/verify/{certificate.verification_key}/badge.json").json()
    status_url = credential["credentialStatus"]["statusListCredential"]
    forged = fetch(client, status_url).json()
    forged["validFrom"] = forged["validFrom"].replace("Z", ".1Z")  # or a flipped revocation bit: any change
    documents = {credential["issuer"]["id"]: fetch(client, credential["issuer"]["id"]).json(), status_url: forged}
    result = run_verifier(tmp_path, {"one": credential}, documents)["one"]
    assert result["verified"] is False and "not verified" in result["error"], result
