"""What each signed-in path costs one request, counted rather than timed, so that two commits can be
compared on a machine busy with other work (``scripts/compare-request-cost A B``).

Run with pytest on its own (the file is not collected by ``make test``)::

    COST_OUT=cost.json python -m pytest -p no:xdist tests/benchmarks/request_cost.py -q

For each path it records the Python function calls of one request (cProfile's count: the same on
every run of the same code and data, whatever the machine is doing), the queries, and the CPU time
(``time.process_time``, min and median: this one moves with the load). The data are those of
``make bench``'s signed-in module, made with the test factories: a lesson, a quiz of 20 questions
submitted through the views, class reports of 40 and 400 students × 30 assignments, and "My
learning" with 5 000 records."""

import cProfile
import json
import os
import pstats
import statistics
import time
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teachers.models import Classroom
from tests.benchmarks.bench_progress import build_learner
from tests.benchmarks.bench_signed_in import FormFields, make_quiz
from tests.factories import make_module
from tests.quizzes.conftest import make_quiz as make_small_quiz
from tests.teachers.builders import populate
from tests.teachers.conftest import make_teacher

REPEATS = int(os.environ.get("COST_REPEATS", "10"))


def measure(request, repeats=REPEATS) -> dict:
    """``request()`` once under cProfile and the query counter, then ``repeats`` times on the clock."""
    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profile.enable()
        response = request()
        profile.disable()
    assert response.status_code in (200, 302), response.status_code
    query_count = len(queries)  # now: the capture reads the connection's log, which the next request resets
    timings = []
    for _ in range(repeats):
        start = time.process_time()
        request()
        timings.append((time.process_time() - start) * 1000)
    return {"calls": pstats.Stats(profile).total_calls, "queries": query_count, **cpu(timings)}


def cpu(timings) -> dict:
    return {"cpu_ms_min": round(min(timings), 2), "cpu_ms_median": round(statistics.median(timings), 2)} if timings else {}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_request_cost(catalog):
    User = get_user_model()
    costs = {}
    module = make_module(catalog, lessons=3, blocks=6)
    lesson = module.get_children().live().first().specific
    learner = signed_in(User.objects.create_user("cost-learner"))
    learner.get(lesson.url)  # the second request is the one a learner makes again and again
    costs["signed_in_lesson"] = measure(lambda: learner.get(lesson.url), REPEATS * 5)
    anonymous = Client()
    anonymous.get(lesson.url)
    costs["anonymous_lesson"] = measure(lambda: anonymous.get(lesson.url), REPEATS * 5)

    quiz = make_quiz()
    submits = []
    for number in range(REPEATS + 1):  # each submit is a new attempt: one learner each
        client = signed_in(User.objects.create_user(f"cost-quiz-{number}"))
        attempt = urlsplit(client.post(quiz.url + "start/", {})["Location"]).path
        form = FormFields()
        form.feed(client.get(attempt).content.decode())
        client.post(attempt, {**form.fields, "action": "save"})
        submits.append(lambda client=client, attempt=attempt: client.post(attempt + "submit/", {}))
    costs["quiz_submit"] = measure(submits[0], repeats=0)  # one attempt is submitted once: the CPU below
    timings = []
    for submit in submits[1:]:
        start = time.process_time()
        assert submit().status_code == 302
        timings.append((time.process_time() - start) * 1000)
    costs["quiz_submit"].update(cpu(timings))

    teacher = signed_in(make_teacher(username="cost-teacher"))
    small_quiz = make_small_quiz(module, title="Cuestionario")
    for size in (40, 400):
        classroom = Classroom.objects.create(name=f"Cost {size}", level="secondary", language="es",
                                             owner=User.objects.get(username="cost-teacher"))
        populate(classroom, size, 30, module=module, quiz=small_quiz, prefix=f"cost{size}")
        path = reverse("teachers:report", args=[classroom.pk])
        teacher.get(path)
        costs[f"class_report_{size}x30"] = measure(lambda: teacher.get(path), max(3, REPEATS // (size // 40)))

    user, _ = build_learner(catalog, prefix="cost-learning")
    learning = signed_in(user)
    learning.get("/es/learning/")
    costs["my_learning"] = measure(lambda: learning.get("/es/learning/"))

    with open(os.environ.get("COST_OUT", "request-cost.json"), "w") as out:
        json.dump(costs, out, indent=1)
    for name, cost in costs.items():
        print(f"{name} {cost}")
