"""Signed-in paths over HTTP, against two reference projects served the same way
(``make bench``; issue 14 item 6).

In one run and one gunicorn configuration (run.py's workers, worker class and
threads), three servers:

* ``reference_django``: a project made here by ``django-admin startproject`` from
  the project's own virtualenv, with one view that touches no database;
* ``reference_wagtail``: the stock ``wagtail start`` project, made here the same
  way and migrated (no network), its home page;
* ALMA on the benchmark's database (production settings).

Every learner and teacher signs in through the login form (a real session
cookie). Figures, each also as a ratio to the references' req/s:

* ``signed_in_lesson_rps``: the heaviest lesson, signed in (bar: ≥ 1.5 × the
  ``wagtail start`` home page), and ``signed_in_lesson_queries`` when opened again;
* ``crowd_lesson_p50_ms`` / ``_p95_ms``: 30 signed-in learners opening the same
  lesson at the same instant, 10 rounds;
* ``quiz_start_*``, ``quiz_save_*``, ``quiz_submit_*``: a 20-question quiz taken
  through its pages by 100 learners, 8 at a time: p50/p95, submits per second,
  and the lost / counted-twice check against the database. ALMA runs as in
  production, with a task worker (``db_worker``) for what a submit queues (its
  statement, lesson and module progress), at a lower CPU priority as in
  docs/deployment.md: ``quiz_submit_follow_up_s`` is how long the worker took,
  after the last submit, to finish them all, and ``quiz_submit_cpu_<role>_ms``
  the CPU time one submit cost the app server, the worker, PostgreSQL and the
  bench's own clients (from /proc: a cost that does not move with the load);
* ``class_report_<n>x30_ms`` and ``_queries``: the class report page;
* ``my_learning_ms`` and ``my_learning_queries``: "My learning" with 5 000
  records, its queries counted on the connection itself (a count that the
  request's own ``reset_queries`` cannot empty).
"""

from __future__ import annotations

import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.benchmarks.processes import cpu_seconds, lower_priority
from tests.benchmarks.run import Server, measure_rps, note

PASSWORD = "bench-pass-2718"
VENV_BIN = Path(sys.executable).parent
CROWD, ROUNDS = 30, 10
QUIZ_QUESTIONS, QUIZ_LEARNERS, QUIZ_CONCURRENCY = 20, 100, 8
FOLLOW_UP_WAIT = 120  # seconds the task worker may take to finish the submits' follow-up work


# --- A browser: one keep-alive connection and its cookies --------------------------------


class Browser:
    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, data: dict | list | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.connection.close()
        return response.status, response.headers, content.decode("utf-8", "replace")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        return self.request("POST", path, [("csrfmiddlewaretoken", self.cookies.get("csrftoken", "")), *fields])

    def log_in(self, username: str) -> None:
        self.get("/es/accounts/login/")  # the CSRF cookie
        status, headers, _ = self.post("/es/accounts/login/", {"username": username, "password": PASSWORD})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"signing in as {username} failed: HTTP {status}")

    @property
    def cookie_header(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}


class FormFields(HTMLParser):
    """The answers a learner would give: the first option of every question."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag != "input" or not name.startswith("q") or name in self.fields or "disabled" in attrs:
            return
        kind = attrs.get("type", "text")
        self.fields[name] = attrs.get("value", "") if kind in ("radio", "checkbox") else "1"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def timed(func, *args):
    started = time.perf_counter()
    result = func(*args)
    return (time.perf_counter() - started) * 1000, result


# --- Reference projects ---------------------------------------------------------------------


def _clean_env(project_dir: Path, settings_module: str) -> dict:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {**{k: os.environ[k] for k in keep if k in os.environ}, "DJANGO_SETTINGS_MODULE": settings_module,
            "PYTHONPATH": str(project_dir), "PYTHONDONTWRITEBYTECODE": "1"}


def _run(command, cwd, env):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def make_reference_django(root: Path) -> tuple[Path, dict]:
    """``django-admin startproject`` plus one view that touches no database."""
    project = root / "reference_django"
    project.mkdir()
    env = _clean_env(project, "minimal.settings")
    _run([VENV_BIN / "django-admin", "startproject", "minimal", str(project)], root, env)
    settings = project / "minimal" / "settings.py"
    settings.write_text(settings.read_text() + '\nDEBUG = False\nALLOWED_HOSTS = ["127.0.0.1"]\n')
    (project / "minimal" / "urls.py").write_text(
        "from django.http import HttpResponse\nfrom django.urls import path\n\n\n"
        "def hello(request):\n    return HttpResponse('Hello from Django')\n\n\nurlpatterns = [path('', hello)]\n")
    return project, env


def make_reference_wagtail(root: Path) -> tuple[Path, dict]:
    """The stock ``wagtail start`` project, migrated, with production settings."""
    project = root / "reference_wagtail"
    project.mkdir()
    env = _clean_env(project, "benchsite.settings.production")
    _run([VENV_BIN / "wagtail", "start", "benchsite", str(project)], root, env)
    (project / "benchsite" / "settings" / "local.py").write_text(
        'SECRET_KEY = "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"\nALLOWED_HOSTS = ["127.0.0.1"]\n')
    _run([sys.executable, "manage.py", "migrate", "--noinput"], project, env)
    _run([sys.executable, "manage.py", "collectstatic", "--noinput"], project, env)
    return project, env


@contextmanager
def task_worker(env, log):
    """Production's shape (docs/deployment.md): work a request queues runs in a worker process,
    at a lower CPU priority than the app servers, so that a class submitting at the bell is
    answered first and the follow-up work waits for the spare CPU (systemd: ``CPUWeight=``)."""
    from tests.benchmarks.run import manage

    manage(env, "migrate", "--noinput")  # the task queue's tables
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2",
                                    "--no-reload", "--no-startup-delay"], cwd=Path(__file__).resolve().parents[2],
                                   env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        lower_priority(process.pid)
        try:
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


@contextmanager
def serving(report, env, log, **options):
    workers, worker_class, threads = getattr(report, "gunicorn", (2, "sync", 1))
    server = Server(env, workers, worker_class, threads, log, **options)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


# --- Data on the benchmark database ------------------------------------------------------------


def make_users(prefix: str, count: int) -> list:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    password = make_password(PASSWORD)
    User.objects.bulk_create([User(username=f"{prefix}-{i}", display_name=f"Bench {i}", password=password)
                              for i in range(count)])
    return list(User.objects.filter(username__startswith=f"{prefix}-").order_by("pk"))


def heaviest_lesson():
    import json

    from lessons.models import LessonPage

    lessons = LessonPage.objects.live().public().filter(locale__language_code="es")
    return max(lessons, key=lambda page: len(json.dumps(list(page.body.raw_data))))


def make_quiz():
    from curriculum.models import CatalogPage
    from tests.factories import make_module
    from tests.quizzes.conftest import make_question, make_quiz as build_quiz

    module = make_module(CatalogPage.objects.get(locale__language_code="es"), title="Bench quiz module", lessons=0)
    questions = [make_question("single", title=f"bench-q{i}") for i in range(QUIZ_QUESTIONS)]
    # One page of questions: the save posts every answer, the submit scores all 20.
    return build_quiz(module, questions=questions, title="Bench quiz", shuffle_questions=False,
                      questions_per_page=QUIZ_QUESTIONS)


def count_queries(func) -> int:
    """Queries run by ``func``, counted as the connection executes them."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        func()
    return count


# --- Measurements --------------------------------------------------------------------------------


def crowd_opens(browsers, path) -> list[float]:
    """``len(browsers)`` learners open ``path`` at the same instant, ROUNDS times."""
    timings, errors = [], []
    barrier = threading.Barrier(len(browsers))

    def one(browser):
        for _ in range(ROUNDS):
            barrier.wait()
            ms, (status, _, _) = timed(browser.get, path)
            (timings if status == 200 else errors).append(ms)

    with ThreadPoolExecutor(len(browsers)) as pool:
        list(pool.map(one, browsers))
    if errors:
        note(f"{len(errors)} of the crowd's requests did not answer 200")
    return timings


def take_quiz(report, base_url, quiz, prefix, process_groups: dict[str, int]):
    from progress.models import Statement
    from quizzes.models import Attempt

    users = make_users(f"{prefix}-quiz", QUIZ_LEARNERS)
    browsers = [Browser(base_url) for _ in users]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda pair: pair[0].log_in(pair[1].username), zip(browsers, users)))
    start_ms, save_ms, submit_ms, attempt_urls = [], [], [], {}

    def start_and_save(browser):
        ms, (status, headers, _) = timed(browser.post, quiz.url + "start/", {})
        start_ms.append(ms)
        attempt_path = urlsplit(headers["Location"]).path
        status, _, page = browser.get(attempt_path)
        form = FormFields()
        form.feed(page)
        ms, (status, headers, _) = timed(browser.post, attempt_path, {**form.fields, "action": "save"})
        if status != 302 or len(form.fields) != QUIZ_QUESTIONS:
            raise RuntimeError(f"saving the answers failed: HTTP {status}, {len(form.fields)} answers")
        save_ms.append(ms)
        attempt_urls[browser] = attempt_path

    def submit(browser):
        ms, (status, _, _) = timed(browser.post, attempt_urls[browser] + "submit/", {})
        if status == 302:
            submit_ms.append(ms)

    with ThreadPoolExecutor(QUIZ_CONCURRENCY) as pool:
        list(pool.map(start_and_save, browsers))
    cpu_before = cpu_seconds(process_groups)
    started = time.perf_counter()
    with ThreadPoolExecutor(QUIZ_CONCURRENCY) as pool:
        list(pool.map(submit, browsers))
    wall = time.perf_counter() - started
    attempts = Attempt.objects.filter(user__in=users)
    submitted = attempts.filter(state=Attempt.State.SUBMITTED).count()
    # The statements are written by the task worker after each submit commits: wait for it to catch up.
    statements = Statement.objects.filter(user__in=users, object_key=quiz.translation_key)
    deadline = time.perf_counter() + FOLLOW_UP_WAIT
    while statements.count() < submitted and time.perf_counter() < deadline:
        time.sleep(0.1)
    report("quiz_submit_follow_up_s", time.perf_counter() - started - wall, "s")
    cpu_after = cpu_seconds(process_groups)
    for role in cpu_after:  # the submits and, for the worker, all their follow-up work
        report(f"quiz_submit_cpu_{role}_ms", (cpu_after[role] - cpu_before[role]) * 1000 / QUIZ_LEARNERS, "ms")
    statements = statements.count()
    report("quiz_start_p50_ms", statistics.median(start_ms), "ms")
    report("quiz_start_p95_ms", percentile(start_ms, 0.95), "ms")
    report("quiz_save_p50_ms", statistics.median(save_ms), "ms")
    report("quiz_save_p95_ms", percentile(save_ms, 0.95), "ms")
    report("quiz_submit_per_second", len(submit_ms) / wall, "submits/s")
    report("quiz_submit_p50_ms", statistics.median(submit_ms) if submit_ms else 0.0, "ms")
    report("quiz_submit_p95_ms", percentile(submit_ms, 0.95), "ms")
    report("quiz_submit_lost", QUIZ_LEARNERS - submitted + max(0, submitted - statements), "attempts")
    report("quiz_submit_counted_twice", max(0, statements - submitted) + max(0, attempts.count() - QUIZ_LEARNERS),
           "attempts")


def class_report(report, base_url, prefix):
    from django.test import Client

    from teachers.models import Classroom
    from tests.benchmarks.bench_teachers import _content
    from tests.teachers.builders import populate

    module, quiz = _content()
    teacher = make_users(f"{prefix}-teacher", 1)[0]
    browser = Browser(base_url)
    browser.log_in(teacher.username)
    client = Client()
    client.force_login(teacher)
    for size in (40, 400):
        classroom = Classroom.objects.create(name=f"Bench {size}", level="secondary", language="es", owner=teacher)
        populate(classroom, size, 30, module=module, quiz=quiz, prefix=f"{prefix}{size}")
        path = f"/es/classes/{classroom.pk}/report/"
        status, _, _ = browser.get(path)
        if status != 200:
            raise RuntimeError(f"the class report answered HTTP {status}")
        timings = [timed(browser.get, path)[0] for _ in range(5)]
        report(f"class_report_{size}x30_ms", statistics.median(timings), "ms")
        report(f"class_report_{size}x30_queries", count_queries(lambda: client.get(path)), "queries")


def my_learning(report, base_url, prefix):
    from django.contrib.auth.hashers import make_password
    from django.test import Client

    from curriculum.models import CatalogPage
    from tests.benchmarks.bench_progress import build_learner

    user, _ = build_learner(CatalogPage.objects.get(locale__language_code="es"), prefix=f"{prefix}-learning")
    user.password = make_password(PASSWORD)
    user.save(update_fields=["password"])
    browser = Browser(base_url)
    browser.log_in(user.username)
    browser.get("/es/learning/")
    timings = [timed(browser.get, "/es/learning/")[0] for _ in range(10)]
    report("my_learning_ms", statistics.median(timings), "ms")
    client = Client()
    client.force_login(user)
    client.get("/es/learning/")
    report("my_learning_queries", count_queries(lambda: client.get("/es/learning/")), "queries")


def run(report):
    duration = float(os.environ.get("ALMA_BENCH_SECONDS", "5"))
    clients = getattr(report, "_clients", 4)
    root = Path(tempfile.mkdtemp(prefix="alma-bench-refs-", dir=getattr(report, "workdir", None)))
    prefix = f"bench{int(time.time())}"
    rps = {}

    def measure(name, url, path, headers=None):
        result = measure_rps(url, path, seconds=duration, warmup=2.0, clients=clients, headers=headers)
        if result["errors"]:
            note(f"{name}: {result['errors']} non-200 answers or errors")
        rps[name] = result["rps"]
        report(f"{name}_rps", result["rps"], "req/s")

    project, env = make_reference_django(root)
    with serving(report, env, root / "reference_django.log", app="minimal.wsgi:application", cwd=project,
                 ready_path="/") as server:
        measure("reference_django", server.url, "/")
    project, env = make_reference_wagtail(root)
    with serving(report, env, root / "reference_wagtail.log", app="benchsite.wsgi:application", cwd=project,
                 ready_path="/") as server:
        measure("reference_wagtail_home", server.url, "/")

    lesson = heaviest_lesson()
    quiz = make_quiz()
    alma_env = {**os.environ, "ALMA_TASKS": "database"}
    with task_worker(alma_env, root / "worker.log") as worker, \
            serving(report, alma_env, root / "alma.log") as server:
        learner = make_users(f"{prefix}-learner", 1)[0]
        browser = Browser(server.url)
        browser.log_in(learner.username)
        status, headers, page = browser.get(lesson.url)
        if status != 200 or learner.display_name not in page:
            raise RuntimeError(f"the signed-in lesson answered HTTP {status} without the learner's name")
        measure("signed_in_lesson", server.url, lesson.url, browser.cookie_header)
        from django.test import Client

        client = Client()
        client.force_login(learner)
        client.get(lesson.url)
        report("signed_in_lesson_queries", count_queries(lambda: client.get(lesson.url)), "queries")
        measure("anonymous_lesson", server.url, lesson.url)

        crowd = [Browser(server.url) for _ in range(CROWD)]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda pair: pair[0].log_in(pair[1].username), zip(crowd, make_users(f"{prefix}-crowd", CROWD))))
        timings = crowd_opens(crowd, lesson.url)
        report("crowd_lesson_p50_ms", statistics.median(timings), "ms")
        report("crowd_lesson_p95_ms", percentile(timings, 0.95), "ms")

        take_quiz(report, server.url, quiz, prefix, {"app": server.process.pid, "worker": worker.pid})
        class_report(report, server.url, prefix)
        my_learning(report, server.url, prefix)

    for name in ("signed_in_lesson", "anonymous_lesson"):
        for reference in ("reference_wagtail_home", "reference_django"):
            if rps.get(reference):
                report(f"{name}_to_{reference}_ratio", rps[name] / rps[reference], "ratio")
    ratio = rps["signed_in_lesson"] / rps["reference_wagtail_home"] if rps.get("reference_wagtail_home") else 0.0
    note(f"bar (issue 14): signed-in lesson ≥ 1.5 × the wagtail start home page's req/s: "
         f"{'ok' if ratio >= 1.5 else 'FAILED'} ({ratio:.2f} ×); load average {os.getloadavg()[0]:.1f}")
