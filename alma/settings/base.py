"""Settings shared by every environment.

Everything that differs between machines comes from environment variables:
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, MEDIA_ROOT/MEDIA_URL,
STATIC_ROOT and ALMA_MEDIA_STORAGE. With none of them set, ALMA Aula runs on
SQLite and the local-memory cache.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    # ALMA Aula, lowest layer first (see DESIGN.md)
    "alma",
    "accounts",
    "curriculum",
    "datasets",
    "quizzes",
    "lessons",
    "progress",
    "impact",
    "teachers",
    "contributions",
    "offline",  # study without a connection: the web app, offline draws, the exactly-once sync (docs/offline.md)
    "lti",  # ALMA as an LTI 1.3 tool (docs/lti.md); its platform records are django-lti's lti_tool
    "lti_tool",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.users_app.AlmaUsersAppConfig",  # wagtail.users with the institution on its user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    # API
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alma.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alma.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "alma.middleware.PersonalVersionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lti.frames.LtiFrameMiddleware",  # after (below) X-Frame-Options: registered LMSs may frame LTI sessions
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    "contributions.admin_guard.ContributorPagesMiddleware",
    "teachers.roster.OneTimePasswordMiddleware",  # a roster student chooses their password before anything else
]

ROOT_URLCONF = "alma.urls"
WSGI_APPLICATION = "alma.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "alma.data_saver.context",
                "alma.personal.shared_context",  # last: overrides user, perms, messages, csrf_token
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "alma.postgresql"  # Django's, reading timestamps faster (see its base.py)
    # Parameters sent apart from the SQL (psycopg's server-side binding): psycopg no longer
    # merges them into the text, and a statement run again and again (a quiz submit's) is
    # prepared once per connection. A fifth of a submit's CPU (make bench, quiz_submit_cpu_app_ms).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock under concurrent writers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    # Kept open like PostgreSQL's (conn_max_age above): opening a SQLite file and
    # running the pragmas costs more than a signed-in page served from the cache.
    # Each sync worker holds one; in autocommit it sees other processes' commits.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "alma"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Sign-in throttling (django-axes), for the site and the Wagtail admin alike. A whole
# school may share one public address, so failures lock a username *from one
# address*, never an address: one learner's typos or a class signing in at once
# do not lock anybody else out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Collect the minimum about minors: no log of every successful sign-in.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Per-address ceilings (a school's public address included): account creations and
# wrong join codes, per hour.
ALMA_SIGNUPS_PER_ADDRESS_PER_HOUR = 200
ALMA_JOIN_FAILURES_PER_ADDRESS_PER_HOUR = 200

# --- Languages --------------------------------------------------------------
# Adding a locale is a change here (and a translated catalogue): nothing else.
LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("en", _("English")),
    ("fr", _("French")),
] + [tuple(item.split(":", 1)) for item in env_list("ALMA_EXTRA_LANGUAGES")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Santiago"

# --- Files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": os.environ.get("ALMA_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "ALMA Aula"
WAGTAILADMIN_BASE_URL = os.environ.get("ALMA_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend with each language's stemming (PostgreSQL text search
# configurations in production, Snowball stems of the query elsewhere).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "alma.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "zip", "h5"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so a bad token gets a 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "600/hour", "user": "5000/hour"},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ALMA Aula API",
    "DESCRIPTION": "Curriculum, modules and lessons of ALMA Aula, per locale.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["alma.api.public_api_only"],
    # Several models have a "kind" field with different choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "InstitutionKindEnum": "accounts.models.Institution.Kind",
        "LearningKindEnum": "progress.models.Enrolment.Kind",
        "AssignmentKindEnum": "teachers.models.Assignment.Kind",
        # Quizzes and assignments share one choice set for "when feedback/answers are shown".
        "ReviewWhenEnum": "quizzes.models.ReviewWhen",
    },
}

# --- ALMA -------------------------------------------------------------------
ALMA_CONTENT_DIR = BASE_DIR / "content"
# The sourced CSVs the seed datasets are built from (a copy of shared/data, with its SOURCES.md).
ALMA_DATA_DIR = ALMA_CONTENT_DIR / "datasets"
# Seconds a rendered public page stays in the cache; a publish invalidates at once.
ALMA_PAGE_CACHE_SECONDS = 600
# Seconds a signed-in learner's filled page (personal parts included) may be served again
# while nothing of theirs changes: bounds what time alone changes (an assignment opening).
ALMA_PERSONAL_PAGE_SECONDS = 60
# "Mark as complete" counts only after real reading: active seconds on the lesson (the
# time-on-task beacon) of at least a third of its estimated minutes, capped at this.
ALMA_LESSON_MIN_READING_SECONDS = int(os.environ.get("ALMA_LESSON_MIN_READING_SECONDS", 120))
# Open Badges 3.0: the JSON-LD contexts signing reads (never fetched from the network; their
# SHA-256 is pinned in progress/badges/contexts.py), and the secret the issuer's private keys
# are encrypted with (default: derived from SECRET_KEY).
_SHARED_CONTEXTS = [p / "shared" / "formats" / "jsonld-contexts" for p in (BASE_DIR.parent, BASE_DIR.parent.parent)]
ALMA_JSONLD_CONTEXTS = os.environ.get("ALMA_JSONLD_CONTEXTS") or str(next((p for p in _SHARED_CONTEXTS if p.is_dir()), _SHARED_CONTEXTS[0]))
ALMA_ISSUER_KEY_SECRET = os.environ.get("ALMA_ISSUER_KEY_SECRET", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
