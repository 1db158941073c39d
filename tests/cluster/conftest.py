"""Tests of the running loopback cluster (`make cluster`, then `make test-cluster`).

They talk HTTP to the load balancer and to app servers A and B directly, read
PostgreSQL and the S3 server to check what was stored, and stop and start single
services through scripts/cluster/cluster. Selected only with ``-m cluster``: `make
test` never runs them (they need the cluster and change its state).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "scripts" / "cluster" / "cluster"
RUN = ROOT / ".cluster" / "run"
PORTS = {"lb": int(os.environ.get("LB_PORT", 18000)), "a": int(os.environ.get("APP_A_PORT", 18001)),
         "b": int(os.environ.get("APP_B_PORT", 18002))}
DATABASE = f"postgres://postgres@127.0.0.1:{os.environ.get('PG_PORT', 5432)}/{os.environ.get('CLUSTER_DB', 'alma_cluster')}"


def pytest_collection_modifyitems(config, items):
    """Only `-m cluster` (make test-cluster) runs these; any other selection leaves them out."""
    if "cluster" in (config.option.markexpr or ""):
        return
    here = str(Path(__file__).parent)
    mine = [item for item in items if str(item.fspath).startswith(here)]
    if mine:
        config.hook.pytest_deselected(items=mine)
        items[:] = [item for item in items if item not in mine]


def url(server: str, path: str) -> str:
    return f"http://127.0.0.1:{PORTS[server]}{path}"


@pytest.fixture(scope="session")
def seed():
    path = RUN / "seed.json"
    if not path.exists():
        pytest.fail("the cluster is not running: make cluster")
    try:
        requests.get(url("lb", "/healthz"), timeout=5).raise_for_status()
    except requests.RequestException as error:
        pytest.fail(f"the cluster does not answer on 127.0.0.1:{PORTS['lb']} ({error}): make cluster")
    return json.loads(path.read_text())


class Learner:
    """A browser signed in through one server (its cookies then go to any)."""

    def __init__(self, seed, username, via="lb"):
        self.session = requests.Session()
        self.username = username
        self.session.get(url(via, "/es/accounts/login/"), timeout=30)
        response = self.session.post(url(via, "/es/accounts/login/"), allow_redirects=False, timeout=30, data={
            "csrfmiddlewaretoken": self.session.cookies.get("csrftoken"), "username": username,
            "password": seed["password"]})
        assert response.status_code == 302 and "sessionid" in self.session.cookies, \
            f"signing in as {username} through {via}: HTTP {response.status_code}"

    def get(self, server, path, **kw):
        return self.session.get(url(server, path), timeout=60, allow_redirects=False, **kw)

    def post(self, server, path, data=None, **kw):
        data = {"csrfmiddlewaretoken": self.session.cookies.get("csrftoken"), **(data or {})}
        return self.session.post(url(server, path), data=data, timeout=60, allow_redirects=False, **kw)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def query(sql: str, *params):
    with psycopg.connect(DATABASE, autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


def cluster(*args: str) -> None:
    subprocess.run([str(CLUSTER), *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def manage(*args: str) -> str:
    """manage.py with the cluster's environment (production settings, through PgBouncer)."""
    command = 'source scripts/cluster/env.sh && exec .venv/bin/python manage.py "$@"'
    result = subprocess.run(["bash", "-c", command, "manage", *args], cwd=ROOT, capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def wait_for(check, seconds=60, every=0.3, what="the condition"):
    """Polls ``check`` until it returns something true (a bound, not a timed assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"{what} did not happen within {seconds} s")


@pytest.fixture
def restore():
    """Services a test stops are started again afterwards, whatever happened."""
    stopped = []
    yield stopped
    for name in stopped:
        if not (RUN / f"{name}.pid").exists():
            cluster("start", name)


INPUT = re.compile(r"<input\b[^>]*>", re.S)


def answers_in(html: str) -> dict:
    """The first option of every question on an attempt page (what a hurried learner answers)."""
    fields = {}
    for tag in INPUT.findall(html):
        name = re.search(r'\bname="(q\d+)"', tag)
        if not name or name.group(1) in fields or " disabled" in tag:
            continue
        kind = re.search(r'\btype="(\w+)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        fields[name.group(1)] = value.group(1) if kind and kind.group(1) in ("radio", "checkbox") and value else "1"
    return fields


def answered_attempt(learner: Learner, quiz: str, server="lb") -> str:
    """Start an attempt and save an answer to every question; the attempt's path."""
    response = learner.post(server, quiz + "start/")
    assert response.status_code == 302, response.status_code
    attempt = response.headers["Location"]
    page = learner.get(server, attempt)
    assert page.status_code == 200
    fields = answers_in(page.text)
    assert fields, "no questions on the attempt page"
    saved = learner.post(server, attempt, {**fields, "action": "save"})
    assert saved.status_code == 302, saved.status_code
    return attempt


def submitted(usernames) -> dict:
    rows = query("SELECT u.username, count(a.id) FROM accounts_user u LEFT JOIN quizzes_attempt a "
                 "ON a.user_id = u.id AND a.state = 'submitted' WHERE u.username = ANY(%s) GROUP BY u.username",
                 list(usernames))
    return dict(rows)


def quiz_statements(usernames, wait_for: dict | None = None, timeout: float = 60) -> dict:
    """Quiz statements per learner. A submit's statement is written by the task worker after the
    submit commits: ``wait_for`` (counts per learner) waits until the worker has written that many."""
    deadline = time.monotonic() + timeout
    while True:
        counts = _quiz_statements(usernames)
        if not wait_for or all(counts.get(name, 0) >= wait_for[name] for name in wait_for) or time.monotonic() > deadline:
            return counts
        time.sleep(0.2)


def _quiz_statements(usernames) -> dict:
    rows = query("SELECT u.username, count(s.id) FROM accounts_user u LEFT JOIN progress_statement s "
                 "ON s.user_id = u.id AND s.object_type = 'quiz' WHERE u.username = ANY(%s) GROUP BY u.username",
                 list(usernames))
    return dict(rows)
