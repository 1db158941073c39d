"""A real Learning Record Store for the tests: Ralph (ralph-malph), run from its own
virtualenv (``scripts/ensure-ralph``, .ralph/ in the repository, git-ignored) on
127.0.0.1, a free port, its filesystem backend and HTTP Basic authentication.

Ralph's API is served by uvicorn as ``ralph runserver`` does, without its file-watching
reloader, and with one change: its filesystem LRS backend (meant for development)
writes every batch with the "create" operation, which refuses to touch the file once
it exists, so its second POST answers 500. Here it appends (its own "append"
operation); validation, authentication, duplicate ids, 409s and the GET API are Ralph's.

If Ralph cannot be installed or started, the test fails saying so (never a skip):
the forwarding bar is that statements reach a real LRS."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
RALPH = ROOT / ".ralph" / "venv" / "bin" / "ralph"
SERVE = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
from ralph.conf import settings

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_config=settings.LOGGING, log_level="info")
"""
USERNAME, PASSWORD = "alma-forwarder", "a-test-only-lrs-password"


def ensure_installed():
    if not RALPH.exists():
        result = subprocess.run([str(ROOT / "scripts" / "ensure-ralph")], cwd=ROOT, capture_output=True, text=True, timeout=900)
        if result.returncode != 0 or not RALPH.exists():
            pytest.fail("Ralph (the local LRS of the xAPI forwarding test) could not be installed by scripts/ensure-ralph:\n"
                        + result.stdout[-2000:] + result.stderr[-4000:], pytrace=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Ralph:
    def __init__(self, folder: Path):
        ensure_installed()
        self.folder = folder
        self.port = free_port()
        self.process = None
        (folder / "data").mkdir(parents=True, exist_ok=True)
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith("RALPH_")},
                    "RALPH_AUTH_FILE": str(folder / "auth.json"), "RALPH_RUNSERVER_BACKEND": "fs",
                    "RALPH_RUNSERVER_AUTH_BACKENDS": "Basic", "RALPH_APP_DIR": str(folder / "app"),
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data")}
        result = subprocess.run([str(RALPH), "auth", "-u", USERNAME, "-p", PASSWORD, "-s", "statements/write",
                                 "-s", "statements/read", "-M", "mailto:lrs-client@alma.example", "-w"],
                                env=self.env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            pytest.fail(f"ralph auth failed:\n{result.stderr[-3000:]}", pytrace=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self):
        log = open(self.folder / "ralph.log", "ab")
        self.process = subprocess.Popen([str(RALPH.parent / "python"), "-c", SERVE, str(self.port)], cwd=self.folder,
                                        env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("Ralph stopped at start:\n" + (self.folder / "ralph.log").read_text()[-3000:], pytrace=False)
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        pytest.fail("Ralph did not answer within 60 s:\n" + (self.folder / "ralph.log").read_text()[-3000:], pytrace=False)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the session it was started in: Ralph and nothing else
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    def statements(self) -> list[dict]:
        """Every statement, read back through the xAPI statements resource (following "more")."""
        found, url = [], f"{self.url}statements?limit=100"
        while url:
            answer = requests.get(url, auth=(USERNAME, PASSWORD), headers={"X-Experience-API-Version": "1.0.3"}, timeout=30)
            assert answer.status_code == 200, answer.text
            page = answer.json()
            found += page["statements"]
            more = page.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return found


@pytest.fixture
def ralph(tmp_path):
    server = Ralph(tmp_path / "ralph")
    server.start()
    yield server
    server.stop()
