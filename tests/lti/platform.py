"""A learning platform simulated for the LTI tests: its own RSA key, signed id_tokens, and a
tiny HTTP server on loopback that serves its key set (JWKS), an OAuth 2 token endpoint
(checking the tool's signed client assertion), an AGS line item that records the scores it
is sent, and an NRPS memberships endpoint. No other network.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Platform:
    """One LMS with one client id and deployment; ``url`` is its loopback server."""

    client_id = "alma-aula-client"
    deployment_id = "deployment-1"

    def __init__(self):
        self.key, self.kid = new_key(), "platform-key-1"
        self.scores: list[dict] = []  # what the AGS line item received
        self.token_requests: list[dict] = []
        self.members: list[dict] = []
        self.tool_jwks: dict = {"keys": []}  # the tool's public keys, to check its client assertions
        self.tokens: set[str] = set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def issuer(self):
        return self.url

    def jwks(self):
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def registration_fields(self):
        return {"name": "Moodle de prueba", "issuer": self.issuer, "client_id": self.client_id,
                "auth_url": f"{self.url}/auth", "token_url": f"{self.url}/token", "keyset_url": f"{self.url}/jwks"}

    # --- what the platform signs ---------------------------------------------------------------

    def id_token(self, nonce, *, sub="lms-user-1", roles=("Learner",), message_type="LtiResourceLinkRequest",
                 key=None, aud=None, exp_in=300, extra=None, drop=()):
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": aud or self.client_id, "sub": sub, "nonce": nonce,
            "iat": now, "exp": now + exp_in, "name": "Valentina Rojas", "email": "valentina@example.edu",
            "locale": "es-CL",
            LTI + "message_type": message_type, LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "roles": [ROLE + role for role in roles],
            LTI + "context": {"id": "course-42", "label": "MIN-201", "title": "Metalurgia del cobre",
                              "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]},
            LTI + "launch_presentation": {"document_target": "iframe", "return_url": f"{self.url}/course/42"},
            LTI + "tool_platform": {"guid": "moodle-test", "name": "Moodle de prueba", "url": self.url},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": f"{self.url}/memberships", "service_versions": ["2.0"]},
        }
        if message_type == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = {"id": "link-1", "title": "Cuestionario"}
            claims[LTI + "target_link_uri"] = "http://testserver/lti/launch/"
        else:
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": f"{self.url}/deep-link-return", "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"], "accept_multiple": True,
                "data": "opaque-platform-data"}
            claims[LTI + "target_link_uri"] = "http://testserver/lti/launch/"
        claims.update(extra or {})
        for name in drop:
            claims.pop(name, None)
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    # --- the HTTP side -------------------------------------------------------------------------

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, body, content_type="application/json"):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self, scope):
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                return token in platform.tokens

            def do_GET(self):
                path = urlsplit(self.path).path
                if path == "/jwks":
                    return self._json(200, platform.jwks())
                if path == "/memberships":
                    if not self._authorised(NRPS_SCOPE):
                        return self._json(401, {"error": "unauthorised"})
                    return self._json(200, {"id": f"{platform.url}/memberships",
                                            "context": {"id": "course-42", "title": "Metalurgia del cobre"},
                                            "members": platform.members},
                                      "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
                return self._json(404, {})

            def do_POST(self):
                path = urlsplit(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                if path == "/token":
                    form = {k: v[0] for k, v in parse_qs(body).items()}
                    platform.token_requests.append(form)
                    try:
                        kid = jwt.get_unverified_header(form["client_assertion"])["kid"]
                        jwk = next(k for k in platform.tool_jwks["keys"] if k["kid"] == kid)
                        claims = jwt.decode(form["client_assertion"], RSAAlgorithm.from_jwk(json.dumps(jwk)),
                                            algorithms=["RS256"], audience=f"{platform.url}/token")
                        assert claims["iss"] == claims["sub"] == platform.client_id
                    except Exception as error:  # noqa: BLE001 - any failure is a refused client
                        return self._json(401, {"error": "invalid_client", "detail": str(error)})
                    token = uuid.uuid4().hex
                    platform.tokens.add(token)
                    return self._json(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                                            "scope": form.get("scope", "")})
                if path.startswith("/lineitems/") and path.endswith("/scores"):
                    if not self._authorised(SCORE_SCOPE):
                        return self._json(401, {"error": "unauthorised"})
                    platform.scores.append({"lineitem": path.removesuffix("/scores"),
                                            "content_type": self.headers.get("Content-Type"),
                                            **json.loads(body)})
                    return self._json(200, {})
                return self._json(404, {})

        return Handler
