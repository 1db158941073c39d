"""The suite builds tables straight from the models; this runs the real migrations."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_migrations_are_complete_and_apply_to_a_fresh_database(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alma.settings.test", "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    missing = manage("makemigrations", "--check", "--dry-run", env=env)
    assert missing.returncode == 0, f"models changed without a migration:\n{missing.stdout}"
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    setup = manage("setup_site", env=env)
    assert setup.returncode == 0 and "Site ready" in setup.stdout, setup.stderr
    roles = manage("shell", "-c", "from django.contrib.auth.models import Group; print(sorted(Group.objects.values_list('name', flat=True)))", env=env)
    assert "Curator" in roles.stdout and "Learner" in roles.stdout
