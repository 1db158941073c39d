from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "alma-test"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "10000/hour", "user": "10000/hour"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Tests that search build the index explicitly (manage.py update_index); indexing
# on every page save would only slow the rest down. On SQLite the backend is
# Wagtail's fallback (alma.search_backend), which needs no full-text table.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "alma.search_backend", "AUTO_UPDATE": False}}
