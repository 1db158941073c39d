"""Letting the registered LMSs, and only them, show ALMA in an iframe.

Everywhere else ALMA answers ``X-Frame-Options`` (``DENY`` in production). The LTI
endpoints (login, launch, deep linking) may be framed by the origins of the active
registrations (issuer and auth login URL) and the frame origins an administrator added or a
verified launch taught (``FrameOrigin``: an institution's own Canvas domain). After a launch, the session remembers the
origins that launched it (plus the LMS's own address from the verified launch: its
return URL and ``tool_platform.url``, which for Canvas is the institution's domain), and
every page of that session may be framed by them: ``Content-Security-Policy:
frame-ancestors`` instead of ``X-Frame-Options``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from lti_tool.models import LtiRegistration

from lti.models import FrameOrigin
from lti.origins import origin

SESSION_KEY = "alma_lti_frame_origins"
REGISTERED_KEY = "lti:registered-origins"


def registration_origins(registration) -> set[str]:
    return {o for o in (origin(registration.issuer), origin(registration.auth_url)) if o}


def registered_origins() -> list[str]:
    origins = cache.get(REGISTERED_KEY)
    if origins is None:
        origins = set()
        for registration in LtiRegistration.objects.active().only("issuer", "auth_url"):
            origins |= registration_origins(registration)
        origins |= set(FrameOrigin.objects.filter(registration__is_active=True).values_list("origin", flat=True))
        origins = sorted(origins)
        cache.set(REGISTERED_KEY, origins, 300)
    return origins


def forget_registered_origins(**kwargs):
    cache.delete(REGISTERED_KEY)


def launch_origins(launch) -> list[str]:
    """The origins that may frame the pages a verified launch opens; those the platform's
    registration did not name yet are remembered for its next launches (``FrameOrigin``)."""
    found = registration_origins(launch.registration)
    learnt = set()
    presentation = launch.get_claim("https://purl.imsglobal.org/spec/lti/claim/launch_presentation") or {}
    platform = launch.get_claim("https://purl.imsglobal.org/spec/lti/claim/tool_platform") or {}
    for url in (presentation.get("return_url") if isinstance(presentation, dict) else None,
                platform.get("url") if isinstance(platform, dict) else None):
        if origin(url):
            learnt.add(origin(url))
    known = set(FrameOrigin.objects.filter(registration=launch.registration).values_list("origin", flat=True))
    new = learnt - known - found
    if new:
        FrameOrigin.objects.bulk_create([FrameOrigin(registration=launch.registration, origin=o, learnt=True)
                                         for o in sorted(new)], ignore_conflicts=True)
        forget_registered_origins()
    return sorted(found | learnt | known)


def allow_frames(response, origins):
    if not origins:
        return response
    response.xframe_options_exempt = True
    if "X-Frame-Options" in response.headers:
        del response.headers["X-Frame-Options"]
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
    ancestors = "frame-ancestors 'self' " + " ".join(origins)
    response.headers["Content-Security-Policy"] = f"{policy}; {ancestors}" if policy else ancestors
    return response


class LtiFrameMiddleware:
    """Sits below Django's XFrameOptionsMiddleware, so it sees the response first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = getattr(request, "lti_frame_origins", None)
        if origins is None and settings.SESSION_COOKIE_NAME in request.COOKIES and hasattr(request, "session"):
            origins = request.session.get(SESSION_KEY)
        if origins is None and request.path_info.startswith("/lti/"):
            origins = registered_origins()
        return allow_frames(response, origins or [])
