"""At start-up, is every service this deployment uses there? (docs/deployment.md)

``problems()`` lists, in plain words, each configured service that does not answer
(PostgreSQL, Redis, the object storage) and each one that ALMA_REQUIRE_SERVICES
(comma-separated: database, redis, storage, tasks) asks for but the environment does
not configure. ``alma.wsgi`` and ``manage.py check_services`` refuse to start with them.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SERVICES = ("database", "redis", "storage", "tasks")


def required() -> set[str]:
    names = {name.strip() for name in os.environ.get("ALMA_REQUIRE_SERVICES", "").split(",") if name.strip()}
    unknown = names - set(SERVICES)
    if unknown:
        raise ImproperlyConfigured(f"ALMA_REQUIRE_SERVICES names unknown services: {', '.join(sorted(unknown))} "
                                   f"(known: {', '.join(SERVICES)})")
    return names


def _database() -> str | None:
    from django.db import connection

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return "missing" if "database" in required() else None
    where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db.get('NAME')}"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure is reported the same way
        return f"PostgreSQL at {where} (DATABASE_URL) does not answer: {str(error).strip().splitlines()[0]}"
    finally:
        connection.close()  # never hand an open connection to forked workers
    return None


def _redis() -> str | None:
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return "missing" if "redis" in required() else None
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {url} (REDIS_URL) does not answer: {error}"
    return None


def _storage() -> str | None:
    backend = settings.STORAGES["default"]["BACKEND"]
    if not backend.startswith("storages.backends.s3"):
        return "missing" if "storage" in required() else None
    from botocore.exceptions import BotoCoreError, ClientError
    from django.core.files.storage import default_storage

    options = settings.STORAGES["default"].get("OPTIONS", {})
    where = f"bucket {options.get('bucket_name')} at {options.get('endpoint_url') or 'AWS S3'}"
    try:
        default_storage.connection.meta.client.head_bucket(Bucket=default_storage.bucket_name)
    except (BotoCoreError, ClientError) as error:
        return f"Object storage, {where} (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL), does not answer: {error}"
    return None


def _tasks() -> str | None:
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    if "tasks" in required() and backend in ("", "django_tasks.backends.immediate.ImmediateBackend"):
        return "missing"
    return None


MISSING = {
    "database": "DATABASE_URL is not set: production needs PostgreSQL (postgres://user@host:port/name)",
    "redis": "REDIS_URL is not set: app servers need a shared cache (redis://host:port/db)",
    "storage": "AWS_STORAGE_BUCKET_NAME is not set: media would stay on one server's disk",
    "tasks": "ALMA_TASKS is not 'database': background work would run inside web requests",
}


def problems() -> list[str]:
    found = []
    for name, check in (("database", _database), ("redis", _redis), ("storage", _storage), ("tasks", _tasks)):
        problem = check()
        if problem:
            found.append(MISSING[name] if problem == "missing" else problem)
    return found


def check_or_fail() -> None:
    found = problems()
    if found:
        raise ImproperlyConfigured("ALMA Aula cannot start:\n  - " + "\n  - ".join(found))
