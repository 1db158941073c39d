"""Talking to one Learning Record Store over xAPI 1.0.3: posting statements with
HTTP Basic or OAuth 2.0 client-credentials authentication.

One reason to change: the HTTP conversation (headers, authentication, timeouts).
What to do with an answer is ``progress.forwarding``'s.
"""

from __future__ import annotations

import hashlib

import requests
from django.conf import settings
from django.core.cache import cache

from progress.models import LrsEndpoint

XAPI_VERSION = "1.0.3"


class LrsUnavailable(Exception):
    """The LRS could not be reached or answered with a server error: try again later."""


def _timeout() -> float:
    return float(getattr(settings, "ALMA_LRS_TIMEOUT_SECONDS", 10))


class LrsClient:
    def __init__(self, endpoint: LrsEndpoint, session: requests.Session | None = None):
        self.endpoint = endpoint
        self.session = session or requests.Session()

    @property
    def statements_url(self) -> str:
        return self.endpoint.url.rstrip("/") + "/statements"

    def _token_key(self) -> str:
        e = self.endpoint
        digest = hashlib.sha256(f"{e.token_url}\n{e.username}\n{e.password}\n{e.scope}".encode()).hexdigest()[:32]
        return f"alma:lrs-token:{e.pk}:{digest}"

    def _oauth_token(self, fresh=False) -> str:
        key = self._token_key()
        token = None if fresh else cache.get(key)
        if token:
            return token
        data = {"grant_type": "client_credentials"}
        if self.endpoint.scope:
            data["scope"] = self.endpoint.scope
        try:
            answer = self.session.post(self.endpoint.token_url, data=data, timeout=_timeout(),
                                       auth=(self.endpoint.username, self.endpoint.password))
        except requests.RequestException as error:
            raise LrsUnavailable(f"token endpoint unreachable: {error}") from error
        if answer.status_code != 200:
            raise LrsUnavailable(f"token endpoint answered {answer.status_code}: {answer.text[:300]}")
        try:
            payload = answer.json()
            token = payload["access_token"]
            lifetime = int(payload.get("expires_in") or 300)
        except (ValueError, KeyError, TypeError) as error:
            raise LrsUnavailable(f"token endpoint answered without an access token: {answer.text[:300]}") from error
        cache.set(key, token, max(1, lifetime - 30))
        return token

    def _headers(self, fresh_token=False) -> dict:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"}
        if self.endpoint.auth == LrsEndpoint.Auth.OAUTH2:
            headers["Authorization"] = f"Bearer {self._oauth_token(fresh=fresh_token)}"
        return headers

    def post_statements(self, body: bytes) -> requests.Response:
        """POST a JSON array of statements; the LRS's answer, whatever its status.
        Raises LrsUnavailable when it cannot be reached."""
        auth = (self.endpoint.username, self.endpoint.password) if self.endpoint.auth == LrsEndpoint.Auth.BASIC else None
        for attempt in (0, 1):
            try:
                answer = self.session.post(self.statements_url, data=body, headers=self._headers(fresh_token=attempt > 0),
                                           auth=auth, timeout=_timeout())
            except requests.RequestException as error:
                raise LrsUnavailable(f"{type(error).__name__}: {error}") from error
            # An OAuth token the LRS no longer accepts (revoked, expired early): one new token, once.
            if answer.status_code == 401 and self.endpoint.auth == LrsEndpoint.Auth.OAUTH2 and attempt == 0:
                continue
            return answer
        return answer
