""""My learning" for a heavy learner (``make bench``): 30 module enrolments with
three lessons each, half of them done, and 5 000 learning records, rendered at
``/es/learning/`` with the Django test client on the benchmark's SQLite copy.

Figures: ``progress_dashboard_ms`` (median of 5 renders after a warm-up) and
``progress_dashboard_queries`` (issue 4: a fixed number, whatever the enrolments
and statements). Everything created is deleted at the end."""

import random
import statistics
import time
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

MODULES, LESSONS, STATEMENTS = 30, 3, 5000


def build_learner(parent, *, modules=MODULES, lessons=LESSONS, statements=STATEMENTS, prefix="bench-progress"):
    """A learner enrolled in ``modules`` new modules under ``parent`` with ``statements`` records.
    Returns (user, module pages)."""
    from progress import enrolment, lesson_progress
    from progress.models import ObjectType, Statement, Verb
    from tests.factories import make_module

    user = get_user_model().objects.create(username=f"{prefix}-{uuid.uuid4().hex[:8]}", display_name="Bench Learner")
    pages = []
    for n in range(modules):
        module = make_module(parent, title=f"Bench module {n + 1}", slug=f"{prefix}-{uuid.uuid4().hex[:8]}", lessons=lessons, blocks=1)
        pages.append(module)
        enrolment.enrol(user, module)
        done = list(module.get_children().live().specific()[: lessons // 2 + 1])
        for lesson in done:
            lesson_progress.complete_lesson(user, lesson)
    now, verbs = timezone.now(), [Verb.EXPERIENCED, Verb.COMPLETED, Verb.PASSED, Verb.FAILED]
    rows = [Statement(user=user, verb=random.choice(verbs), object_type=ObjectType.LESSON, object_key=uuid.uuid4(),
                      object_title="Bench", locale="es", timestamp=now - timedelta(minutes=random.randint(0, 60 * 24 * 60)))
            for _ in range(statements)]
    Statement.objects.bulk_create(rows, batch_size=500)
    return user, pages


class QueryCounter:
    """A database execute wrapper that counts the queries run through it."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def clean_up(user, pages):
    from progress.models import Certificate, Statement

    Statement.objects.filter(user=user).delete()
    Certificate.objects.filter(user=user).delete()
    for page in pages:
        page.delete()
    user.delete()


def run(report):
    from curriculum.models import CatalogPage

    catalog = CatalogPage.objects.get(locale__language_code="es")
    user, pages = build_learner(catalog)
    try:
        client = Client()
        client.force_login(user)
        assert client.get("/es/learning/").status_code == 200  # warm-up (site root paths, templates)
        queries = QueryCounter()
        with connection.execute_wrapper(queries):  # counts every query, whatever DEBUG and the query log say
            response = client.get("/es/learning/")
        assert response.status_code == 200, response.status_code
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            client.get("/es/learning/")
            timings.append((time.perf_counter() - start) * 1000)
        report("progress_dashboard_ms", round(statistics.median(timings), 1), "ms")
        report("progress_dashboard_queries", queries.count, "queries")
    finally:
        clean_up(user, pages)
