"""A module with two lessons and a quiz of every question type, a learner signed in through the login page."""

import json
import uuid
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from offline.models import OfflineDraw
from tests.factories import OutcomeFactory, UserFactory, make_lesson, make_module
from tests.quizzes.conftest import SAMPLES, make_question, make_quiz

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


def sign_in(user) -> Client:
    """A client signed in through the login page, as a learner does, with the CSRF check on as in a browser:
    every POST must carry the ``X-CSRFToken`` header (``post_json`` adds it)."""
    client = Client(enforce_csrf_checks=True)
    client.get("/es/accounts/login/")
    response = client.post("/es/accounts/login/", {"username": user.username, "password": PASSWORD,
                                                   "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 302, response.content[:500]
    return client


def csrf(client) -> dict:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value} if "csrftoken" in client.cookies else {}


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def post_json(client, path, data):
    return client.post(path, json.dumps(data) if not isinstance(data, (str, bytes)) else data,
                       content_type="application/json", **csrf(client))


def sync(client, *records):
    return post_json(client, "/offline/sync/", {"records": list(records)})


def draw(client, quiz, status=201):
    response = client.post(f"/offline/quizzes/{quiz.pk}/draw/", **csrf(client))
    assert response.status_code == status, response.content[:500]
    return response.json()


def downloaded_yesterday(drawn):
    """The draw was made a day ago, when the learner last had a connection."""
    OfflineDraw.objects.filter(pk=drawn["draw"]).update(created_at=timezone.now() - timedelta(days=1))


def attempt_record(drawn, answers=None, *, started=None, acted=None, record_id=None):
    acted = acted or timezone.now()
    return {"id": str(record_id or uuid.uuid4()), "type": "attempt", "draw": drawn["draw"], "answers": answers or {},
            "started_at": iso(started or acted - timedelta(minutes=3)), "acted_at": iso(acted)}


def lesson_record(lesson, *, acted=None, seconds=600, record_id=None):
    return {"id": str(record_id or uuid.uuid4()), "type": "lesson-completed", "page": lesson.pk,
            "acted_at": iso(acted or timezone.now()), "seconds": seconds}


def right_answers(drawn) -> dict:
    """The right answer of each drawn sample question, from the samples (the draw carries no key)."""
    out = {}
    for q in drawn["questions"]:
        kind = q["kind"]
        if kind == "single":
            out[str(q["position"])] = next(c["id"] for c in q["choices"] if "Cobre" in c["html"])
        elif kind == "truefalse":
            out[str(q["position"])] = True
        elif kind == "numeric":
            out[str(q["position"])] = "480 t"
    return out


@pytest.fixture
def module(catalog, outcome):
    return make_module(catalog, lessons=0, outcomes=[outcome])


@pytest.fixture
def outcome(db):
    return OutcomeFactory(code="CM-OFF-01")


@pytest.fixture
def lessons(module):
    return [make_lesson(module, number=n) for n in (1, 2)]


@pytest.fixture
def quiz(module, outcome):
    return make_quiz(module, questions=[make_question(t, outcomes=[outcome]) for t in SAMPLES], shuffle_questions=False)


@pytest.fixture
def learner(db):
    return UserFactory(username="ana-offline")


@pytest.fixture
def learner_client(learner):
    return sign_in(learner)
