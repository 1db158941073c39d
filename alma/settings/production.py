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
            "BACKEND": "alma.file_cache.SparselyCulledFileCache",  # Django's, culled less often
            "LOCATION": os.environ.get("ALMA_CACHE_DIR", str(BASE_DIR / ".cache")),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
    # A signed-in page reads its session from that shared cache, not the database
    # (written through to the database, so a cleared cache loses no session).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Scaled out: PgBouncer, Redis, object storage, a task worker (docs/deployment.md) -------
# Each service is chosen by the environment; alma/services.py checks at start-up that those
# configured answer (and, with ALMA_REQUIRE_SERVICES, that none is missing).
if os.environ.get("ALMA_PGBOUNCER", "").lower() == "true":
    # PgBouncer in transaction mode hands each transaction to any server connection:
    # no cursor may outlive its transaction, and psycopg must not keep prepared statements.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", 60))  # noqa: F405

if REDIS_URL:  # noqa: F405
    # django-redis, told to ignore a Redis that went away: a cache read is then a miss and a
    # write is skipped, so pages get slower (sessions come from the database, cached_db)
    # and nothing answers 500; short timeouts keep a dead Redis from holding requests.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,  # noqa: F405
            "KEY_PREFIX": os.environ.get("ALMA_CACHE_PREFIX", "alma"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", 0.5)),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", 0.5)),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Media (images, packages, datasets, certificates, exports) in S3-compatible object
    # storage; credentials come from boto3's own environment (AWS_ACCESS_KEY_ID, ...).
    STORAGES = {**STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        # Public media through a CDN or the load balancer (MEDIA_URL's host), unsigned.
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "url_protocol": os.environ.get("AWS_S3_URL_PROTOCOL", "https:"),
        "querystring_auth": not os.environ.get("AWS_S3_CUSTOM_DOMAIN"),
        "file_overwrite": False,
    }}}

if os.environ.get("ALMA_TASKS") == "database":
    # Background work (package imports, ...) queued in the database and run by
    # `manage.py db_worker --queue-name '*'` in its own process.
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks", "django_tasks_db"]  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}

if os.environ.get("ALMA_SECURE_COOKIES", "true").lower() == "false":
    # Only for a cluster on loopback without TLS (scripts/cluster): cookies over plain HTTP.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# LTI 1.3 (docs/lti.md): an LMS shows ALMA in an iframe, where browsers send only SameSite=None cookies.
# A site that LMSs embed sets ALMA_LTI_IFRAME_COOKIES=true (cookies are Secure above; CSRF tokens still apply).
if os.environ.get("ALMA_LTI_IFRAME_COOKIES", "").lower() == "true":
    SESSION_COOKIE_SAMESITE = "None"
    CSRF_COOKIE_SAMESITE = "None"
