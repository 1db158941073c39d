#!/usr/bin/env python
"""ALMA Aula benchmarks (``make bench``).

For SQLite (a temporary file) and PostgreSQL (``alma_bench`` on the local
server, created and dropped here; skipped with a note when unreachable):

1. ``manage.py migrate`` and ``load_content`` (the shipped ``content/``), timed;
2. serve the site with gunicorn (``alma.wsgi``, production settings, 2 workers,
   loopback only) using the static files collected once by ``collectstatic``;
3. measure requests per second of ``/healthz``, a lesson page and the catalogue
   under the same load: ``--clients`` processes, each with one ``http.client``
   keep-alive connection (re-opened when the server closes it), a warm-up, then
   a fixed window; every loop is bounded by a deadline and a request cap
   (``lesson_uncached`` sends a session cookie, which bypasses the anonymous
   page cache: the cost of rendering the lesson);
4. check the other half of the bar: a lesson published from another process
   shows at once on every worker (production shares its cache between workers).

Then the transfer size of a lesson page's first load (HTML + the CSS and JS it
references, gzip-compressed bytes as sent) and every other
``tests/benchmarks/bench_*.py`` module's ``run(report)``.

Every figure is printed as one line ``name value unit`` and written to
``bench-results.json`` as ``{name: {"value": ..., "unit": ...}}`` plus a
``"_machine"`` entry (cpu count and model, python, date, ...). Lines starting with
``#`` are notes for the reader (bars, skipped parts), not figures.

Writing another benchmark: add ``tests/benchmarks/bench_<topic>.py`` with a
``run(report)`` function. When it is called, Django is set up in this process
with the production settings on a private *copy* of the SQLite database holding
the shipped content (write to it freely), static files are collected, and:

* ``report(name, value, unit)`` records a figure (e.g. ``report("quiz_submit_ms", 12.5, "ms")``);
* ``report.base_url`` is a gunicorn server (SQLite, production settings) serving
  the same content, and ``report.rps(path, seconds=5.0)`` measures requests per
  second of a GET on it with the same load generator as the figures above.

Benchmarks are never timed tests: ``pytest`` does not collect this folder's
``bench_*.py`` files (they do not start with ``test_``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.client
import importlib
import json
import multiprocessing
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
PYTHON = sys.executable
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_BENCH_DB = os.environ.get("ALMA_BENCH_POSTGRES_DB", "alma_bench")  # one per engineer on a shared server
MAX_REQUESTS_PER_CLIENT = 2_000_000  # a bound on every load loop, besides its deadline
FIRST_LOAD_BUDGET_BYTES = 150 * 1024  # issue 9: a lesson's first load under 150 KB gzipped


# --- Figures ------------------------------------------------------------------


class Report:
    """``report(name, value, unit)`` records and prints one figure."""

    def __init__(self):
        self.figures: dict[str, dict] = {}
        self.base_url: str | None = None
        self._clients = 4

    def __call__(self, name: str, value, unit: str) -> None:
        if isinstance(value, float):
            value = round(value, 4 if abs(value) < 10 else 1)
        self.figures[name] = {"value": value, "unit": unit}
        print(f"{name} {value} {unit}", flush=True)

    def rps(self, path: str, seconds: float = 5.0, warmup: float = 1.0, clients: int | None = None) -> float:
        if not self.base_url:
            raise RuntimeError("no benchmark server is running")
        return measure_rps(self.base_url, path, seconds=seconds, warmup=warmup, clients=clients or self._clients)["rps"]


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def machine_info() -> dict:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "git_commit": commit,
        # Other work on the machine skews every figure (ratios less so): say how busy it was.
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


# --- Environment and Django commands -------------------------------------------


def bench_env(database_url: str, static_root: Path, media_root: Path, cache_dir: Path, extra_hosts: str = "") -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="alma.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALMA_BASE_URL="http://127.0.0.1",  # required by the production settings
        ALLOWED_HOSTS="127.0.0.1" + extra_hosts,
        # Plain HTTP on loopback: no redirect to HTTPS (HSTS is only sent over HTTPS).
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        ALMA_CACHE_DIR=str(cache_dir),  # production's shared cache without Redis, fresh for each run
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("REDIS_URL", None)  # the bench measures the one-machine default: no Redis
    return env


def manage(env: dict, *args: str, timeout: float = 900) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


# Runs in a child process with the bench environment: loads content/ and times it
# (Django start-up excluded), then names the pages to measure.
PREPARE_SCRIPT = r"""
import json, time, django
django.setup()
from django.core.management import call_command
from io import StringIO
import os
content = [os.environ["ALMA_BENCH_CONTENT"]] if os.environ.get("ALMA_BENCH_CONTENT") else []
from django.db import connection
queries = [0]
def count(execute, sql, params, many, context):
    queries[0] += 1
    return execute(sql, params, many, context)
started, cpu_started = time.perf_counter(), time.process_time()
with connection.execute_wrapper(count):
    call_command("load_content", *content, stdout=StringIO())
seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
from wagtail.models import Site
from curriculum.models import CatalogPage
from lessons.models import LessonPage
site = Site.objects.get(is_default_site=True)
lessons = LessonPage.objects.live().public().filter(locale__language_code="es").order_by("path")
# The lesson with the longest body: the heaviest page a learner opens.
lesson = max(lessons, key=lambda page: len(json.dumps(list(page.body.raw_data))))
catalog = CatalogPage.objects.live().get(locale__language_code="es")
print(json.dumps({
    "load_seconds": seconds,
    "load_cpu_seconds": cpu_seconds,
    "load_queries": queries[0],
    "load_average": os.getloadavg()[0],
    "lesson": lesson.get_url(),
    "lesson_title": lesson.title,
    "catalog": catalog.get_url(),
    "lessons": LessonPage.objects.live().count(),
}))
"""


# Runs in a child process, as an editor's publish handled elsewhere would: retitles
# the measured lesson and publishes it.
PUBLISH_SCRIPT = r"""
import json, os, django
django.setup()
from wagtail.models import Page
page = Page.objects.get(url_path__endswith=os.environ["ALMA_BENCH_URL_PATH"], locale__language_code="es").specific
page.title = page.title + " (revisada)"
page.save_revision().publish()
print(json.dumps({"title": page.title}))
"""


def publishing_shows_at_once(server: "Server", env: dict, lesson_path: str) -> bool:
    """Publish a change from another process; every worker must show it at once."""
    from html import escape

    url_path = "/" + lesson_path.strip("/").split("/", 1)[1] + "/"  # drop the language prefix
    result = subprocess.run([PYTHON, "-c", PUBLISH_SCRIPT], cwd=ROOT, env={**env, "ALMA_BENCH_URL_PATH": url_path},
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"publishing failed:\n{result.stderr[-3000:]}")
    title = escape(json.loads(result.stdout.strip().splitlines()[-1])["title"])
    answers = [fetch(server.url, lesson_path, {"Accept-Encoding": "identity"})[2].decode() for _ in range(6)]
    return all(title in answer for answer in answers)


def prepare_database(env: dict) -> dict:
    manage(env, "migrate", "--noinput")
    result = subprocess.run([PYTHON, "-c", PREPARE_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"load_content failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- gunicorn -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env: dict, workers: int, worker_class: str, threads: int, log: Path, *,
                 app: str = "alma.wsgi:application", cwd: Path = ROOT, ready_path: str = "/healthz"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ready_path = ready_path
        command = [PYTHON, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads),
                   "--keep-alive", "5", "--log-level", "warning", "--backlog", "256"]
        self.log = open(log, "w")
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.log_path = log

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                status, _, _ = fetch(self.url, self.ready_path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {self.ready_path} within {timeout} s:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


# --- HTTP -------------------------------------------------------------------------


def fetch(base_url: str, path: str, headers: dict | None = None, timeout: float = 10):
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _load_client(host: str, port: int, path: str, start_at: float, end_at: float, queue, extra_headers=None) -> None:
    """One client: one keep-alive connection, GET in a loop. Warms up until
    ``start_at`` (wall clock, shared by all clients), counts until ``end_at``."""
    headers = {"Accept-Encoding": "gzip", "User-Agent": "alma-bench", **(extra_headers or {})}
    connection = http.client.HTTPConnection(host, port, timeout=30)
    ok = errors = 0
    counting_since = None
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        now = time.time()
        if now >= end_at:
            break
        if counting_since is None and now >= start_at:
            counting_since, ok, errors = now, 0, 0
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                ok += 1
            else:
                errors += 1
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
    ended = time.time()
    connection.close()
    if counting_since is None:  # a request outlasted the whole window: nothing was measured
        counting_since, ok, errors = ended, 0, 0
    queue.put((ok, errors, max(ended - counting_since, 1e-9)))


def measure_rps(base_url: str, path: str, *, seconds: float, warmup: float, clients: int, headers=None) -> dict:
    parts = urlsplit(base_url)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start_at = time.time() + 1.0 + warmup  # 1 s for the clients to start
    end_at = start_at + seconds
    processes = [
        context.Process(target=_load_client, args=(parts.hostname, parts.port, path, start_at, end_at, queue, headers))
        for _ in range(clients)
    ]
    for process in processes:
        process.start()
    results = [queue.get(timeout=seconds + warmup + 120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    ok = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    rps = sum(r[0] / r[2] for r in results)
    return {"rps": rps, "ok": ok, "errors": errors}


# --- First-load transfer size ------------------------------------------------------


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href"):
            if "stylesheet" in rel or ("preload" in rel and attrs.get("as") == "style"):
                self.css.append(attrs["href"])
            elif "modulepreload" in rel or ("preload" in rel and attrs.get("as") == "script"):
                self.js.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.js.append(attrs["src"])


CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")


def wire_size(base_url: str, path: str) -> tuple[int, int, bool, bytes]:
    """(bytes as sent with Accept-Encoding: gzip, status, compressed by the server, body)."""
    status, headers, body = fetch(base_url, path, {"Accept-Encoding": "gzip"})
    encoding = {k.lower(): v for k, v in headers.items()}.get("content-encoding", "")
    if encoding == "gzip":
        return len(body), status, True, gzip.decompress(body)
    return len(gzip.compress(body, compresslevel=6)), status, False, body


def first_load_size(report: Report, base_url: str, lesson_path: str) -> None:
    html_bytes, status, compressed, html = wire_size(base_url, lesson_path)
    if status != 200:
        raise RuntimeError(f"{lesson_path} answered {status}")
    parser = AssetParser()
    parser.feed(html.decode("utf-8", "replace"))
    totals = {"html": html_bytes, "css": 0, "js": 0}
    uncompressed = [] if compressed else [lesson_path]
    seen = set()
    queue = [("css", urljoin(lesson_path, href)) for href in parser.css] + [
        ("js", urljoin(lesson_path, src)) for src in parser.js]
    while queue:
        kind, url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != urlsplit(base_url).netloc:
            note(f"first load: {url} is on another host; not counted")
            continue
        if url in seen:
            continue
        seen.add(url)
        size, status, compressed, body = wire_size(base_url, parts.path + (f"?{parts.query}" if parts.query else ""))
        if status != 200:
            note(f"first load: {url} answered {status}")
            continue
        totals[kind] += size
        if not compressed:
            uncompressed.append(url)
        if kind == "css":
            queue += [("css", urljoin(url, found)) for found in CSS_IMPORT.findall(body.decode("utf-8", "replace"))]
    total = sum(totals.values())
    report("lesson_first_load_gzip_bytes", total, "bytes")
    report("lesson_html_gzip_bytes", totals["html"], "bytes")
    note(f"first load of {lesson_path}: html {totals['html']} + css {totals['css']} + js {totals['js']} bytes gzipped, "
         f"{len(seen)} asset(s); bar (issue 9) < {FIRST_LOAD_BUDGET_BYTES} bytes: "
         f"{'ok' if total < FIRST_LOAD_BUDGET_BYTES else 'FAILED'}")
    if uncompressed:
        note(f"first load: sent uncompressed (counted as gzip -6 of the body): {', '.join(uncompressed)}")


# --- One database ----------------------------------------------------------------------


def check_cache(server: Server, path: str) -> None:
    for _ in range(6):  # enough for both workers to fill their cache
        status, headers, _ = fetch(server.url, path, {"Accept-Encoding": "gzip"})
    headers = {k.lower(): v for k, v in headers.items()}
    if status != 200:
        server.log.flush()
        raise RuntimeError(f"{path} answered {status}; the server's log ends with:\n"
                           f"{server.log_path.read_text()[-4000:]}")
    if "set-cookie" in headers:
        note(f"{path} sets a cookie for anonymous visitors: {headers['set-cookie'][:80]}")
    if headers.get("x-alma-cache") != "hit":
        note(f"{path} is not served from the anonymous page cache (X-Alma-Cache: {headers.get('x-alma-cache')})")


def bench_database(report: Report, label: str, env: dict, args, workdir: Path, *, keep_server=False):
    started = time.perf_counter()
    info = prepare_database(env)
    prefix = "" if label == "sqlite" else f"{label}."
    report(f"{prefix}content_load_seconds", info["load_seconds"], "s")
    # CPU time of the loading process: steadier than wall time on a shared machine
    # (excludes waiting for the CPU, and for PostgreSQL, the server's own work).
    report(f"{prefix}content_load_cpu_seconds", info["load_cpu_seconds"], "s")
    report(f"{prefix}content_load_queries", info["load_queries"], "queries")
    note(f"{label}: load average {info['load_average']:.2f} when load_content ended")
    note(f"{label}: migrate + load_content took {time.perf_counter() - started:.1f} s; {info['lessons']} live lessons; "
         f"lesson measured: {info['lesson']} ({info['lesson_title']}); catalogue: {info['catalog']}")

    server = Server(env, args.workers, args.worker_class, args.threads, workdir / f"gunicorn-{label}.log")
    try:
        server.wait_ready()
        for path in (info["lesson"], info["catalog"]):
            check_cache(server, path)
        rps = {}
        # lesson_uncached: the same lesson rendered for every request. A session
        # cookie (even an unknown one) bypasses the anonymous page cache, as for
        # a signed-in learner: this is the cost of a cache miss.
        no_cache = {"Cookie": "sessionid=alma-bench-not-a-session"}
        for key, path, headers in (("health", "/healthz", None), ("lesson", info["lesson"], None),
                                   ("catalog", info["catalog"], None), ("lesson_uncached", info["lesson"], no_cache)):
            result = measure_rps(server.url, path, seconds=args.duration, warmup=args.warmup, clients=args.clients,
                                 headers=headers)
            if result["errors"]:
                note(f"{label}: {path}: {result['errors']} non-200 answers or errors")
            rps[key] = result["rps"]
            report(f"{label}.{key}_rps", result["rps"], "req/s")
        lesson_ratio = rps["lesson"] / rps["health"] if rps["health"] else 0.0
        report(f"{label}.lesson_to_health_ratio", lesson_ratio, "ratio")
        report(f"{label}.catalog_to_health_ratio", rps["catalog"] / rps["health"] if rps["health"] else 0.0, "ratio")
        note(f"bar (issue 2): {label} lesson rps ≥ 25% of health rps: "
             f"{'ok' if lesson_ratio >= 0.25 else 'FAILED'} ({lesson_ratio:.0%})")
        fresh = publishing_shows_at_once(server, env, info["lesson"])
        note(f"bar (issue 2): {label} a lesson published from another process shows at once on every worker: "
             f"{'ok' if fresh else 'FAILED (a worker served the cached old page)'}")
        if label == "sqlite":
            first_load_size(report, server.url, info["lesson"])
    except BaseException:
        server.stop()
        raise
    if keep_server:
        return server, info
    server.stop()
    return None, info


def postgres_available(timeout: int = 3) -> tuple[bool, str]:
    try:
        import psycopg
    except ImportError:
        return False, "psycopg is not installed"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=timeout) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
        return True, version
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return False, str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def postgres_database(action: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_BENCH_DB}" WITH (FORCE)')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{POSTGRES_BENCH_DB}"')


# --- Other benchmark modules ------------------------------------------------------------


def run_bench_modules(report: Report, env: dict, sqlite_db: Path, workdir: Path, only: list[str]) -> list[str]:
    modules = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    if only:
        modules = [m for m in modules if m in only or m.removeprefix("bench_") in only]
    if not modules:
        return []
    private_copy = workdir / "bench-modules.sqlite3"
    shutil.copyfile(sqlite_db, private_copy)
    for suffix in ("-wal", "-shm"):
        if Path(f"{sqlite_db}{suffix}").exists():
            shutil.copyfile(f"{sqlite_db}{suffix}", f"{private_copy}{suffix}")
    os.environ.update({**env, "DATABASE_URL": f"sqlite:///{private_copy}",
                       "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"})
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    failed = []
    for name in modules:
        note(f"running tests/benchmarks/{name}.py")
        try:
            module = importlib.import_module(f"tests.benchmarks.{name}")
            module.run(report)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            failed.append(name)
            note(f"{name} failed:\n" + "\n".join("#   " + line for line in traceback.format_exc().splitlines()))
    return failed


def run_bench_modules_in_subprocess(report: Report, label: str, env: dict, only: str) -> list[str]:
    """Run the bench_*.py modules against another database (a fresh process, since
    Django is set up once per process) and record their figures as ``<label>.<name>``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--modules-on-current-database", "--modules", only]
    child_env = {**os.environ, **env, "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"}
    result = subprocess.run(command, env=child_env, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    for line in result.stdout.splitlines():
        parts = line.split(" ", 2)
        if line.startswith("#") or len(parts) != 3:
            print(line, flush=True)
            continue
        name, value, unit = parts
        try:
            number = float(value)
        except ValueError:
            print(line, flush=True)
            continue
        report(f"{label}.{name}", int(number) if number.is_integer() and "." not in value else number, unit)
    if result.returncode != 0:
        note(f"{label} benchmark modules failed:\n" + "\n".join("#   " + l for l in result.stderr.splitlines()[-20:]))
        return [f"{label} modules"]
    return []


def modules_on_current_database(only: str) -> int:
    """Child mode: run the modules against DATABASE_URL as it is, print the figures."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    report = Report()
    names = [m.strip() for m in only.split(",") if m.strip()]
    modules = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    modules = [m for m in modules if not names or m in names or m.removeprefix("bench_") in names]
    failed = False
    for name in modules:
        try:
            importlib.import_module(f"tests.benchmarks.{name}").run(report)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            failed = True
            note(f"{name} failed:\n" + "\n".join("#   " + line for line in traceback.format_exc().splitlines()))
    return 1 if failed else 0


# --- Main ---------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds measured per figure (default 5)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up before each (default 2)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (default sync)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite,postgres")
    parser.add_argument("--modules", default="", help="comma-separated bench_* modules to run (default all)")
    parser.add_argument("--no-modules", action="store_true", help="skip the other bench_*.py modules")
    parser.add_argument("--content", default="", help="content tree to load (default: the repository's content/)")
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    parser.add_argument("--modules-on-current-database", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.modules_on_current_database:
        return modules_on_current_database(args.modules)
    if args.content:
        os.environ["ALMA_BENCH_CONTENT"] = str(Path(args.content).resolve())
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]

    report = Report()
    report._clients = args.clients
    report.gunicorn = (args.workers, args.worker_class, args.threads)  # for modules that start their own servers
    machine = machine_info()
    note(f"machine: {machine['cpu_count']} CPU ({machine['cpu_model']}), {machine['memory_gb']} GB, "
         f"Python {machine['python']}, SQLite {machine['sqlite']}, commit {machine['git_commit']}, {machine['date']}, "
         f"load average {machine['load_average_1m']} before the run")
    note(f"load: {args.clients} client processes, {args.warmup:g} s warm-up + {args.duration:g} s per figure; "
         f"gunicorn {args.workers} × {args.worker_class} worker(s)")

    failed = []
    server = None
    workdir = Path(tempfile.mkdtemp(prefix="alma-bench-"))
    try:
        static_root, media_root = workdir / "static", workdir / "media"
        sqlite_db = workdir / "bench.sqlite3"
        sqlite_env = bench_env(f"sqlite:///{sqlite_db}", static_root, media_root, workdir / "cache-sqlite")
        manage(sqlite_env, "collectstatic", "--noinput")

        if "sqlite" in databases:
            server, _ = bench_database(report, "sqlite", sqlite_env, args, workdir, keep_server=not args.no_modules)

        if "postgres" in databases:
            available, detail = postgres_available()
            if not available:
                note(f"PostgreSQL is unreachable at 127.0.0.1:5432 ({detail}): no PostgreSQL figures")
            else:
                machine["postgresql"] = detail
                postgres_database("create")
                try:
                    pg_env = bench_env(f"postgres://postgres@127.0.0.1:5432/{POSTGRES_BENCH_DB}", static_root, media_root,
                                       workdir / "cache-postgres")
                    bench_database(report, "postgres", pg_env, args, workdir)
                    if not args.no_modules:
                        failed += run_bench_modules_in_subprocess(report, "postgres", pg_env, args.modules)
                finally:
                    postgres_database("drop")

        if not args.no_modules:
            if server is None:
                note("the bench_*.py modules need the SQLite database: run with --databases including sqlite")
            else:
                report.base_url = server.url
                report.workdir = workdir
                only = [m.strip() for m in args.modules.split(",") if m.strip()]
                failed += run_bench_modules(report, sqlite_env, sqlite_db, workdir, only)
    except Exception:  # noqa: BLE001
        note("the benchmark stopped:\n" + "\n".join("#   " + line for line in traceback.format_exc().splitlines()))
        failed.append("run.py")
    finally:
        if server is not None:
            server.stop()
        results = {**report.figures, "_machine": machine}
        Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        note(f"wrote {len(report.figures)} figures to {args.output}")
        shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        note(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
