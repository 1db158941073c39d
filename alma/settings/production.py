import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

# The site's public address: xAPI statements (actor and activity ids), certificates and the admin's
# links name it, so there is no loopback fallback here (check --deploy also refuses a loopback host).
ALMA_BASE_URL = os.environ.get("ALMA_BASE_URL", "").strip().rstrip("/")
if urlsplit(ALMA_BASE_URL).scheme not in ("http", "https") or not urlsplit(ALMA_BASE_URL).hostname:
    raise ImproperlyConfigured("ALMA_BASE_URL must be set in the environment for production: the site's public "
                               "address, e.g. https://aula.example.org (learning records and certificates name it).")
WAGTAILADMIN_BASE_URL = ALMA_BASE_URL

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405
X_FRAME_OPTIONS = "DENY"
# Images only from this site (and its media storage when that is another host): a lesson or a
# question cannot make a learner's browser call a third-party tracker. data: and blob: are
# the previews the admin and the offline pages make in the browser.
_MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if urlsplit(MEDIA_URL).netloc else ""  # noqa: F405
CONTENT_SECURITY_POLICY = f"img-src 'self' data: blob: {_MEDIA_ORIGIN}".strip()
# Hashed, compressed static files with far-future cache headers (WhiteNoise).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405

if not REDIS_URL:  # noqa: F405
    # gunicorn serves with several worker processes. A local-memory cache is one
    # per process: a page published through one worker (or by a management
    # command) would stay stale in the others until it expires, and throttling
    # would count per process. Without Redis, the processes share a cache on disk.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("ALMA_CACHE_DIR", str(BASE_DIR / ".cache")),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
    # A signed-in page reads its session from that shared cache, not the database
    # (written through to the database, so a cleared cache loses no session).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# LTI 1.3 (docs/lti.md): an LMS shows ALMA in an iframe, where browsers send only SameSite=None cookies.
# A site that LMSs embed sets ALMA_LTI_IFRAME_COOKIES=true (cookies are Secure above; CSRF tokens still apply).
if os.environ.get("ALMA_LTI_IFRAME_COOKIES", "").lower() == "true":
    SESSION_COOKIE_SAMESITE = "None"
    CSRF_COOKIE_SAMESITE = "None"
