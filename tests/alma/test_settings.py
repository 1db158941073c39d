import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env=None):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process, never in production.
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"DJANGO_SETTINGS_MODULE": "alma.settings.production"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env={
        "DJANGO_SETTINGS_MODULE": "alma.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-for-the-check-0123456789-abcdefghijkl",
        "ALLOWED_HOSTS": "aula.example.org",
        "ALMA_BASE_URL": "https://aula.example.org",
    })
    assert result.returncode == 0, result.stdout + result.stderr


PRODUCTION = {"DJANGO_SETTINGS_MODULE": "alma.settings.production", "ALLOWED_HOSTS": "aula.example.org",
              "SECRET_KEY": "a-long-random-production-secret-for-the-check-0123456789-abcdefghijkl"}


@pytest.mark.parametrize("base_url", ["", "aula.example.org", "https://"])
def test_production_refuses_to_start_without_its_base_url(base_url):
    """No fallback to http://127.0.0.1:8000: learning records and certificates name this address."""
    result = run_manage("check", env={**PRODUCTION, "ALMA_BASE_URL": base_url})
    assert result.returncode != 0
    assert "ALMA_BASE_URL must be set" in result.stderr


def test_check_deploy_refuses_a_loopback_base_url():
    result = run_manage("check", "--deploy", env={**PRODUCTION, "ALMA_BASE_URL": "http://127.0.0.1:8000"})
    assert result.returncode != 0
    assert "progress.E001" in result.stderr + result.stdout


def test_database_and_cache_come_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='alma.settings.dev'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    environment = {**os.environ, "DATABASE_URL": "postgres://u@db.example:5432/alma", "REDIS_URL": "redis://cache.example:6379/1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True).stdout
    assert "postgresql" in out and "RedisCache" in out
    environment.pop("DATABASE_URL"), environment.pop("REDIS_URL")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True).stdout
    assert "sqlite3" in out and "LocMemCache" in out
