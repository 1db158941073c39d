import os
import subprocess
import sys
from pathlib import Path

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
    })
    assert result.returncode == 0, result.stdout + result.stderr


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
