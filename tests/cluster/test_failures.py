"""What happens when a part of the cluster goes away: an app server under load, the task
worker mid-import, Redis. Each test starts again what it stopped."""

import re
import shutil
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from .conftest import (RUN, Learner, answered_attempt, cluster, csrf_from, manage, query, quiz_statements, submitted,
                       url, wait_for)

pytestmark = pytest.mark.cluster
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-package"


class Load:
    """Anonymous and signed-in readers through the balancer until stopped; every answer that is
    not 200 is kept."""

    def __init__(self, seed, readers=3):
        self.paths = seed["lessons"][:4] or ["/es/"]
        self.signed_in = Learner(seed, seed["learners"][-1])
        self.failures, self.reloaded, self.count, self.stop = [], [], 0, threading.Event()
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(readers)]

    def read(self, n):
        session = self.signed_in.session if n == 0 else requests.Session()
        while not self.stop.is_set():
            path = self.paths[self.count % len(self.paths)]
            for again in (False, True):  # a reader reloads once a page that failed
                try:
                    status = session.get(url("lb", path), timeout=30, allow_redirects=False).status_code
                except requests.RequestException as error:
                    status = repr(error)
                if status == 200:
                    break
                self.reloaded.append((path, status))
                time.sleep(1)
            self.count += 1
            if status != 200:
                self.failures.append((path, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def test_stopping_an_app_server_under_load_loses_no_submitted_attempt(seed, restore):
    users = seed["learners"][10:34]
    with ThreadPoolExecutor(4) as pool:
        learners = list(pool.map(lambda name: Learner(seed, name), users))
        attempts = list(pool.map(lambda learner: answered_attempt(learner, seed["quiz"]), learners))
    before = submitted(users)
    answers = []

    retried = []

    def submit(pair):
        """A submit the balancer could not place (it was queued for the server that went away) is
        sent again by the learner's browser; it must count once."""
        learner, attempt = pair
        for again in (False, True):
            try:
                status = learner.post("lb", attempt + "submit/").status_code
            except requests.RequestException as error:
                status = repr(error)
            if status == 302:
                break
            retried.append(status)
            time.sleep(1)  # the learner sees the error page and presses the button again
        answers.append(status)

    with Load(seed) as load, ThreadPoolExecutor(4) as pool:
        first = pool.map(submit, list(zip(learners, attempts))[:12])
        restore.append("app-b")
        cluster("stop", "app-b")  # graceful: B finishes what it has, then refuses connections
        list(first)
        list(pool.map(submit, list(zip(learners, attempts))[12:]))
    assert answers == [302] * len(users), answers
    assert load.count > 0 and load.failures == [], load.failures[:10]
    assert len(retried) < len(users) // 2, retried  # only those the balancer had queued for B
    after = submitted(users)
    assert all(after[name] == before[name] + 1 for name in users), (before, after)
    statements = quiz_statements(users, wait_for=after)
    assert statements == after  # one statement per submitted attempt, written by the worker
    # The learner's browser sends the submit again (a retry after a lost answer): counted once.
    with ThreadPoolExecutor(4) as pool:
        again = list(pool.map(lambda pair: pair[0].post("lb", pair[1] + "submit/").status_code,
                              zip(learners, attempts)))
    assert again == [302] * len(users)
    assert submitted(users) == after
    time.sleep(2)  # time for the worker to run anything the retries might have queued
    assert quiz_statements(users) == statements


def big_package(tmp_path, lessons=30) -> Path:
    """The example package's framework and a module of ``lessons`` lessons (es and en)."""
    slug = f"cluster-big-{time.time_ns()}"
    root = tmp_path / "package"
    shutil.copytree(EXAMPLE / "framework", root / "framework")
    source = EXAMPLE / "modules" / "water-at-the-mine"
    module = root / "modules" / slug
    shutil.copytree(source / "images", module / "images")
    for name in ("questions.es.gift", "questions.en.gift"):
        shutil.copy(source / name, module / name)
    names = [f"{n:02d}-water-{n}" for n in range(1, lessons + 1)]
    toml = (source / "module.toml").read_text().replace('slug = "water-at-the-mine"', f'slug = "{slug}"', 1)
    toml = re.sub(r"^lessons = .*$", "lessons = [" + ", ".join(f'"{n}"' for n in names) + "]", toml, flags=re.M)
    (module / "module.toml").write_text(toml)
    (module / "lessons").mkdir()
    for n, name in enumerate(names, start=1):
        for language in ("es", "en"):
            text = (source / "lessons" / f"01-water-use.{language}.md").read_text()
            text = re.sub(r'^slug = "([^"]+)"', rf'slug = "\1-{n}"', text, count=1, flags=re.M)
            text = re.sub(r'^title = "([^"]+)"', rf'title = "\1 {n}"', text, count=1, flags=re.M)
            (module / "lessons" / f"{name}.{language}.md").write_text(text)
    archive = tmp_path / f"{slug}.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                out.write(path, f"big/{path.relative_to(root)}")
    return archive


def upload(seed, archive: Path, server="a"):
    curator = Learner(seed, seed["curator"], via=server)
    form = curator.get(server, "/admin/packages/upload/")
    with archive.open("rb") as package:
        response = curator.session.post(url(server, "/admin/packages/upload/"), allow_redirects=False, timeout=60,
                                        data={"csrfmiddlewaretoken": csrf_from(form.text)},
                                        files={"package": (archive.name, package, "application/zip")})
    assert response.status_code == 302
    return curator, response.headers["Location"], int(re.search(r"/imports/(\d+)/", response.headers["Location"])[1])


def test_stopping_the_worker_mid_import_leaves_the_database_as_it_was_and_the_import_runs_again(seed, tmp_path,
                                                                                                 restore):
    archive = big_package(tmp_path)
    slug = archive.stem
    tables = ("wagtailcore_page", "wagtailcore_revision", "lessons_lessonpage", "wagtailimages_image")
    before = {table: query(f"SELECT count(*) FROM {table}")[0][0] for table in tables}  # noqa: S608
    curator, status_path, job = upload(seed, archive)

    def pages_done():
        page = curator.get("b", status_path).text
        match = re.search(r'<progress max="(\d+)" value="(\d+)"', page)
        return match and int(match[2]) >= 2 and int(match[2]) < int(match[1])

    wait_for(pages_done, 120, every=0.1, what="the import's progress")
    restore.append("worker")
    cluster("stop", "worker", "KILL")  # as a crash or the kernel's OOM killer would
    assert query("SELECT status FROM contributions_packageimport WHERE id = %s", job)[0][0] == "running"
    assert {table: query(f"SELECT count(*) FROM {table}")[0][0] for table in tables} == before  # noqa: S608
    assert query("SELECT count(*) FROM wagtailcore_page WHERE slug = %s", slug)[0][0] == 0
    cluster("start", "worker")
    assert "queued again" in manage("requeue_import", str(job))
    wait_for(lambda: query("SELECT status FROM contributions_packageimport WHERE id = %s", job)[0][0]
             in ("done", "failed"), 300, every=0.5, what="the import run again")
    assert query("SELECT status, problems FROM contributions_packageimport WHERE id = %s", job)[0] == ("done", [])
    module = query("SELECT path FROM wagtailcore_page WHERE slug = %s", slug)
    assert len(module) >= 1
    lessons = query("SELECT count(*) FROM wagtailcore_page WHERE path LIKE %s AND depth = %s",
                    module[0][0] + "%", len(module[0][0]) // 4 + 1)[0][0]
    assert lessons >= 30


def test_redis_going_away_degrades_to_slower_pages_never_an_error_or_a_lost_write(seed, restore):
    users = seed["learners"][40:44]
    already = Learner(seed, users[0])
    restore.append("redis")
    cluster("stop", "redis")
    try:
        with Load(seed) as load:
            signed_in = Learner(seed, users[1])  # a new session, written to the database only
            for server in ("a", "b"):
                assert signed_in.get(server, "/es/learning/").status_code == 200
                assert already.get(server, "/es/learning/").status_code == 200
            before = submitted(users[1:2])
            attempt = answered_attempt(signed_in, seed["quiz"])
            assert signed_in.post("lb", attempt + "submit/").status_code == 302
            assert signed_in.get("lb", attempt + "results/").status_code == 200
            time.sleep(1)  # readers keep reading without Redis
        assert load.count > 0 and load.failures == [], load.failures[:10]
        assert submitted(users[1:2])[users[1]] == before[users[1]] + 1
    finally:
        cluster("start", "redis")
    restore.clear()
    # Redis is back (empty): the session made without it is still valid, pages are cached again.
    assert signed_in.get("b", "/es/learning/").status_code == 200
    for _ in range(3):
        assert requests.get(url("lb", seed["lessons"][0]), timeout=30).status_code == 200
    assert list(RUN.glob("redis.pid"))
