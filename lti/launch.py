"""Checking an LTI 1.3 launch, with a reason a person can read when it is refused.

pylti1p3 (through django-lti) checks the OIDC state against its cookie, finds the
registration by issuer and client id, verifies the id_token's signature with the
platform's key set and its times (``exp``, ``iat``, both required here), and finds the
deployment. On top of it this module spends the nonce (an id_token launches once), checks
``azp`` when the token names several audiences, and turns pylti1p3's English exception
texts into one of the reasons below, each with a translated message and a status.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone

import jwt
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiLaunch, LtiRegistration
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch
from pylti1p3.exception import LtiException

from lti.models import SpentNonce

REASONS = {
    "signature": (403, _("The launch was not signed by the learning platform registered with ALMA Aula.")),
    "audience": (403, _("The launch is addressed to another tool: its audience is not ALMA Aula's client ID.")),
    "nonce": (403, _("This launch has already been used. Open the activity again from your course.")),
    "expired": (403, _("This launch has expired. Open the activity again from your course.")),
    "platform": (403, _("This learning platform is not registered with ALMA Aula. "
                        "Ask an administrator to register it.")),
    "deployment": (403, _("This deployment of ALMA Aula is not active yet. "
                          "Ask an administrator to activate its deployment ID.")),
    "state": (400, _("Your browser did not keep the launch's cookie, so the launch cannot be checked. "
                     "Open the activity in a new window, or allow cookies for this site.")),
    "keys": (400, _("ALMA Aula could not read the learning platform's public keys. Try again later.")),
    "role": (403, _("Only a course's instructors may choose ALMA Aula content.")),
    "invalid": (400, _("The launch request is incomplete or malformed.")),
}


class LaunchRefused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail

    @property
    def status(self) -> int:
        return REASONS[self.reason][0]

    @property
    def message(self) -> str:
        return str(REASONS[self.reason][1])


def _reason(error: LtiException, body: dict) -> str:
    text = str(error)
    cause = error.__cause__
    if text.startswith("Can't decode id_token"):
        if isinstance(cause, (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError)):
            return "expired"
        if isinstance(cause, jwt.MissingRequiredClaimError):
            return "invalid"
        return "signature"
    if text in ("Unable to find public key", "JWT KID not found", "JWT ALG not found",
                "Can't convert JWT key to PEM format"):
        return "signature"
    if "nonce" in text.lower():
        return "nonce"
    if text.startswith(("Registration not found", "Client id not registered")):
        issuer = body.get("iss")
        known = isinstance(issuer, str) and LtiRegistration.objects.active().filter(issuer=issuer).exists()
        return "audience" if known else "platform"
    if text in ("State not found", "Missing state param") or text.startswith("Missing %s cookie"):
        return "state"
    if text.startswith(("Error during fetch URL", "Invalid response from", "Invalid URL")):
        return "keys"
    return "invalid"


class AlmaMessageLaunch(DjangoMessageLaunch):
    """pylti1p3's launch with ``exp`` and ``iat`` required (PyJWT checks ``exp`` only when present)."""

    def __init__(self, request, tool_config, **kwargs):
        super().__init__(request, tool_config, **kwargs)
        self.set_jwt_verify_options({"verify_aud": False, "require": ["exp", "iat"]})
        self.set_public_key_caching(DjangoCacheDataStorage(), cache_lifetime=600)


def _check_azp(body: dict, client_id: str):
    aud = body.get("aud")
    if isinstance(aud, list):
        if client_id not in aud:
            raise LaunchRefused("audience", "client id not in aud")
        if len(aud) > 1 and body.get("azp") != client_id:
            raise LaunchRefused("audience", "azp is not the client id")


def spend_nonce(registration, body: dict):
    """Record the id_token's nonce; a nonce already spent refuses the launch."""
    SpentNonce.objects.filter(expires_at__lt=timezone.now()).delete()
    expires = datetime.fromtimestamp(int(body["exp"]), tz=dt_timezone.utc) + timedelta(hours=1)
    try:
        with transaction.atomic():
            SpentNonce.objects.create(registration=registration, nonce=str(body["nonce"])[:255], expires_at=expires)
    except IntegrityError:
        raise LaunchRefused("nonce", "nonce already used") from None


def validated_launch(request, registration_uuid=None) -> LtiLaunch:
    """The launch of this POST (id_token and state), checked; ``LaunchRefused`` otherwise."""
    tool_conf = DjangoToolConfig(registration_uuid)
    message_launch = AlmaMessageLaunch(request, tool_conf, launch_data_storage=DjangoCacheDataStorage())
    try:
        message_launch.validate()
    except LtiException as error:
        body = message_launch._jwt.get("body") or {}  # what the token claims, unverified: only to name the reason
        raise LaunchRefused(_reason(error, body if isinstance(body, dict) else {}), str(error)) from error
    launch = LtiLaunch(message_launch)
    body = launch.get_launch_data()
    _check_azp(body, launch.registration.client_id)
    spend_nonce(launch.registration, body)
    return launch


def restored_launch(request, launch_id: str) -> LtiLaunch | None:
    """A launch checked earlier in this session (for the deep-linking answer), from the cache."""
    try:
        message_launch = AlmaMessageLaunch.from_cache(launch_id, request, DjangoToolConfig(),
                                                      launch_data_storage=DjangoCacheDataStorage())
    except LtiException:
        return None
    return LtiLaunch(message_launch)
