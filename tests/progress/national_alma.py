"""Another ALMA for the tests of ``sync_records``: this repository served by Django's ``runserver`` in a
subprocess, on 127.0.0.1, a free port and its own SQLite database (migrated once per test module), with an
account holding the permission "Can send school records" and its API token.

Two instances must not share a database (a school server and the national one never do), so the receiver cannot
be the test's own live server."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.progress.ralph_lrs import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "0123456789abcdef0123456789abcdef01234567"
SETUP = f"""
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from accounts.models import User
sender = User.objects.create_user("school-server", password="unused-password-1234")
sender.user_permissions.add(Permission.objects.get(codename="send_school_records"))
Token.objects.create(user=sender, key="{TOKEN}")
"""


@dataclass
class NationalAlma:
    url: str
    database: Path
    token: str = TOKEN

    def statement_ids(self) -> list[str]:
        with sqlite3.connect(self.database) as db:
            return [row[0] for row in db.execute("SELECT id FROM progress_statement")]


@pytest.fixture(scope="module")
def national_alma(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    database = folder / "national.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alma.settings.dev", "DATABASE_URL": f"sqlite:///{database}",
           "MEDIA_ROOT": str(folder / "media"), "PYTHONUNBUFFERED": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for step in (["migrate", "-v0"], ["shell", "-c", SETUP]):
        done = subprocess.run(manage + step, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode:
            pytest.fail(f"the national ALMA could not be set up ({step[0]}):\n{done.stderr[-3000:]}", pytrace=False)
    port = free_port()
    log = open(folder / "server.log", "w")
    server = subprocess.Popen(manage + ["runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"], cwd=ROOT,
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                requests.get(url + "healthz", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the national ALMA did not start: {(folder / 'server.log').read_text()[-3000:]}", pytrace=False)
        yield NationalAlma(url, database)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
