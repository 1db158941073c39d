from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

from alma.personal import bump_users

# Paths outside i18n_patterns: a 404 there is final, not a cue to retry under /es/.
UNPREFIXED = ("/api/", "/lti/", "/admin/", "/django-admin/", "/documents/", "/images/", "/healthz", "/i18n/", "/static/", "/media/",
              "/offline/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` (production: images only from this site and
    its media storage), unless a view set its own. Django 5.2 has no CSP of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


class PersonalVersionMiddleware:
    """A signed-in user's write request (completing a lesson, the reading beacon, a quiz
    submit, joining a class, editing their profile) may change what their pages show:
    their cached filled pages are stale (alma/personal.py)."""

    SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                bump_users([user.pk])
        return response
