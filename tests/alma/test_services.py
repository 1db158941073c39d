"""Start-up checks of the scaled-out production (alma/services.py): plain messages for a
service that is missing or does not answer."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from alma import services


@pytest.fixture(autouse=True)
def sqlite_or_not(monkeypatch, settings):
    """The suite also runs on PostgreSQL: these tests look at the other services."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        monkeypatch.setattr(services, "_database", lambda: "missing" if "database" in services.required() else None)


def test_nothing_required_nothing_configured_is_fine(monkeypatch):
    monkeypatch.delenv("ALMA_REQUIRE_SERVICES", raising=False)
    with override_settings(REDIS_URL=""):
        assert services.problems() == []


def test_required_services_that_are_missing_are_named(monkeypatch):
    monkeypatch.setenv("ALMA_REQUIRE_SERVICES", "database,redis,storage,tasks")
    with override_settings(REDIS_URL=""):
        found = services.problems()
    assert [p.split(" ")[0] for p in found] == ["DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "ALMA_TASKS"]
    with pytest.raises(ImproperlyConfigured, match="ALMA Aula cannot start"), override_settings(REDIS_URL=""):
        services.check_or_fail()


def test_an_unreachable_redis_says_where(monkeypatch):
    monkeypatch.delenv("ALMA_REQUIRE_SERVICES", raising=False)
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        (problem,) = services.problems()
    assert problem.startswith("Redis at redis://127.0.0.1:1/0 (REDIS_URL) does not answer")


def test_an_unknown_service_name_is_refused(monkeypatch):
    monkeypatch.setenv("ALMA_REQUIRE_SERVICES", "databse")
    with pytest.raises(ImproperlyConfigured, match="databse"):
        services.problems()
