"""Forwarding to an LRS, against a small stand-in server (stdlib http.server) that answers
what a test tells it: OAuth 2.0 client credentials, 409 for a known id, a refused statement,
an LRS that is down, exponential back-off and the task's own deferred retry."""

import base64
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from lessons.models import LessonPage
from progress import forwarding, lesson_progress
from progress.models import LrsDelivery, LrsEndpoint, Statement
from tests.factories import UserFactory, make_module

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def forwarding_tasks():
    from progress.tasks import forward_statements

    return [r for r in forward_statements.get_backend().results if r.task.func is forward_statements.func]


class StandIn:
    """Records each request; ``answer(request_number, statements) -> (status, body)`` decides."""

    def __init__(self):
        self.requests, self.tokens_issued = [], 0
        self.answer = lambda number, statements: (200, [s["id"] for s in statements])
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/token":
                    stand_in.tokens_issued += 1
                    stand_in.requests.append(("token", dict(self.headers), body.decode()))
                    return self.reply(200, {"access_token": f"token-{stand_in.tokens_issued}", "expires_in": 3600})
                statements = json.loads(body)
                stand_in.requests.append(("statements", dict(self.headers), statements))
                status, payload = stand_in.answer(len(stand_in.requests), statements)
                self.reply(status, payload)

            def reply(self, status, payload):
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def posts(self):
        return [r for r in self.requests if r[0] == "statements"]


@pytest.fixture
def stand_in():
    server = StandIn()
    yield server
    server.server.shutdown()
    server.server.server_close()


def record_some(catalog, lessons=3):
    """A learner completes a module of ``lessons`` lessons: 2 statements per lesson, then module and certificate."""
    learner = UserFactory()
    for lesson in LessonPage.objects.child_of(make_module(catalog, lessons=lessons)).specific():
        lesson_progress.view_lesson(learner, lesson)
        lesson_progress.complete_lesson(learner, lesson)
    return learner


@override_settings(TASKS=DUMMY_TASKS)
def test_statements_are_queued_for_every_endpoint_and_sent_in_batches_with_basic_auth(catalog, stand_in):
    endpoint = LrsEndpoint.objects.create(name="ministry", url=stand_in.url + "/xAPI/", username="u", password="p", batch_size=3)
    paused = LrsEndpoint.objects.create(name="paused", url=stand_in.url + "/other/", enabled=False)
    record_some(catalog, lessons=2)
    count = Statement.objects.count()
    assert LrsDelivery.objects.filter(endpoint=endpoint).count() == LrsDelivery.objects.filter(endpoint=paused).count() == count
    report = forwarding.flush()
    assert report.accepted == count and forwarding.pending(endpoint) == 0 and forwarding.pending(paused) == count
    posts = stand_in.posts()
    assert [len(p[2]) for p in posts] == [3] * (count // 3) + ([count % 3] if count % 3 else [])
    headers = posts[0][1]
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"u:p").decode()
    assert sorted(s["id"] for p in posts for s in p[2]) == sorted(str(i) for i in Statement.objects.values_list("id", flat=True))
    forwarding.flush()
    assert len(stand_in.posts()) == len(posts)  # nothing is sent twice


@override_settings(TASKS=DUMMY_TASKS)
def test_oauth2_client_credentials_fetch_a_token_once_and_renew_it_when_refused(catalog, stand_in):
    LrsEndpoint.objects.create(name="oauth", url=stand_in.url + "/xAPI", auth=LrsEndpoint.Auth.OAUTH2, username="client",
                               password="secret", token_url=stand_in.url + "/token", scope="statements/write", batch_size=2)
    record_some(catalog, lessons=1)
    stand_in.answer = lambda number, statements: (401, {"detail": "expired"}) if number == 3 else (204, None)
    report = forwarding.flush()
    assert report.accepted == Statement.objects.count() and not report.failed_endpoints
    tokens = [r for r in stand_in.requests if r[0] == "token"]
    assert len(tokens) == 2  # the first, and a new one after the LRS refused it once
    assert "grant_type=client_credentials" in tokens[0][2] and "scope=statements%2Fwrite" in tokens[0][2]
    assert tokens[0][1]["Authorization"] == "Basic " + base64.b64encode(b"client:secret").decode()
    assert [p[1]["Authorization"] for p in stand_in.posts()] == ["Bearer token-1", "Bearer token-1", "Bearer token-2"]


@override_settings(TASKS=DUMMY_TASKS)
def test_a_409_for_a_known_id_counts_as_delivered_and_a_refused_statement_waits_alone(catalog, stand_in):
    endpoint = LrsEndpoint.objects.create(name="lrs", url=stand_in.url, batch_size=10)
    record_some(catalog, lessons=2)
    statements = list(Statement.objects.order_by("timestamp").values_list("id", flat=True))
    known, bad = str(statements[0]), str(statements[1])

    def answer(number, sent):
        ids = [s["id"] for s in sent]
        if bad in ids:
            return 400, {"detail": "bad statement"}
        if known in ids:
            return 409, {"detail": "Differing statements already exist with the same ID"}
        return 200, ids
    stand_in.answer = answer
    report = forwarding.flush()
    assert report.accepted == len(statements) - 1 and report.refused == 1
    waiting = LrsDelivery.objects.get(sent_at__isnull=True)
    assert str(waiting.statement_id) == bad and "bad statement" in waiting.error and waiting.retry_at > timezone.now()
    endpoint.refresh_from_db()
    assert endpoint.failures == 0  # the LRS is up: only that statement backs off
    forwarding.flush()
    assert forwarding.pending() == 1  # not retried before its time, never dropped
    LrsDelivery.objects.filter(pk=waiting.pk).update(retry_at=timezone.now() - timedelta(seconds=1))
    stand_in.answer = lambda number, sent: (200, [s["id"] for s in sent])
    forwarding.flush()
    assert forwarding.pending() == 0


@override_settings(TASKS=DUMMY_TASKS, ALMA_LRS_RETRY_SECONDS=10, ALMA_LRS_RETRY_MAX_SECONDS=60)
def test_an_lrs_that_is_down_keeps_everything_and_backs_off_exponentially(catalog, stand_in):
    from progress.tasks import forward_statements

    endpoint = LrsEndpoint.objects.create(name="lrs", url=stand_in.url)
    record_some(catalog, lessons=1)
    stand_in.answer = lambda number, sent: (503, {"detail": "maintenance"})
    waits = []
    for _ in range(5):
        LrsEndpoint.objects.filter(pk=endpoint.pk).update(retry_at=None)  # as if the wait were over
        before = timezone.now()
        forwarding.flush()
        endpoint.refresh_from_db()
        waits.append(round((endpoint.retry_at - before).total_seconds()))
    assert waits == [10, 20, 40, 60, 60]
    assert "503" in endpoint.last_error and forwarding.pending() == Statement.objects.count()
    tries = len(stand_in.posts())
    forwarding.flush()
    assert len(stand_in.posts()) == tries  # backing off: not tried before retry_at
    # The task, on a backend that can defer, schedules its own retry for when the back-off ends.
    LrsEndpoint.objects.filter(pk=endpoint.pk).update(retry_at=None)
    backend = forward_statements.get_backend()
    backend.clear()
    forward_statements.call()
    deferred = [r for r in forwarding_tasks() if r.task.run_after is not None]
    assert len(deferred) == 1
    endpoint.refresh_from_db()
    assert deferred[0].task.run_after == endpoint.retry_at
    # Up again: the command a cron job runs sends everything.
    stand_in.answer = lambda number, sent: (200, [s["id"] for s in sent])
    call_command("flush_lrs_outbox", "--force")
    endpoint.refresh_from_db()
    assert forwarding.pending() == 0 and endpoint.failures == 0 and endpoint.last_error == ""


@override_settings(TASKS=DUMMY_TASKS)
def test_one_task_is_enqueued_per_transaction_after_it_commits(catalog, stand_in, django_capture_on_commit_callbacks):
    from progress.tasks import forward_statements

    LrsEndpoint.objects.create(name="lrs", url=stand_in.url)
    module = make_module(catalog, lessons=1)
    lesson = LessonPage.objects.child_of(module).get()
    backend = forward_statements.get_backend()
    backend.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lesson_progress.complete_lesson(UserFactory(), lesson)  # lesson, module, certificate: three statements
    assert Statement.objects.count() == 3 and len(forwarding_tasks()) == 0  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(forwarding_tasks()) == 1


def test_the_backfill_queues_earlier_statements_once(catalog, stand_in):
    record_some(catalog, lessons=1)
    LrsEndpoint.objects.create(name="late", url=stand_in.url)
    with override_settings(TASKS=DUMMY_TASKS):
        call_command("flush_lrs_outbox", "--backfill", "late")
        call_command("flush_lrs_outbox", "--backfill", "late")
    assert LrsDelivery.objects.count() == Statement.objects.count() == len({s["id"] for p in stand_in.posts() for s in p[2]})
