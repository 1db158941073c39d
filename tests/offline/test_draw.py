"""The draw a device takes offline: the same seeded draw as an online attempt, and never an answer key
unless the learner's rules already show right answers and feedback question by question."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from offline.models import OfflineDraw
from quizzes.models import Attempt, ReviewWhen
from teachers.models import Assignment, Classroom, Membership
from tests.factories import UserFactory
from tests.offline.conftest import attempt_record, draw, sync
from tests.quizzes.conftest import SAMPLES, make_quiz
from tests.security.test_answer_keys import leaks_in, secret_keys_in


def test_a_draw_carries_every_question_kind_and_no_answer_key(learner_client, quiz):
    drawn = draw(learner_client, quiz)
    assert {q["kind"] for q in drawn["questions"]} == set(SAMPLES)  # every kind a quiz can hold
    text = json.dumps(drawn, ensure_ascii=False)
    assert secret_keys_in(drawn) == set(), secret_keys_in(drawn)
    assert leaks_in(text) == [], leaks_in(text)
    assert drawn["key"] is None
    by_kind = {q["kind"]: q for q in drawn["questions"]}
    assert sorted(c["html"] for c in by_kind["single"]["choices"]) == ["Cobre", "Hierro", "Litio"]
    assert by_kind["numeric"]["unit"] == "t"
    assert sorted(by_kind["matching"]["options"]) == ["Cobre", "Litio", "Oro"]
    assert 'name="q8-g1"' in by_kind["cloze"]["html"]  # a labelled control per gap, named as online
    assert drawn["quiz"] == {"id": quiz.pk, "key": str(quiz.translation_key), "title": quiz.title,
                             "language": "es", "practice": False, "time_limit_seconds": None, "pass_mark": 60,
                             "submit_label": "Enviar mis respuestas"}


def test_the_key_comes_only_when_the_rules_show_answers_question_by_question(learner_client, module, quiz):
    practice = make_quiz(module, questions=[s.question for s in quiz.slots.all()], title="Práctica",
                         feedback_when=ReviewWhen.IMMEDIATELY, answers_when=ReviewWhen.IMMEDIATELY)
    drawn = draw(learner_client, practice)
    assert drawn["quiz"]["practice"] is True
    single = next(str(q["position"]) for q in drawn["questions"] if q["kind"] == "single")
    assert drawn["key"][single]["choices"][0]["fraction"] == 1.0  # the full definition, to score on the device
    assert set(drawn["key"]) == {str(q["position"]) for q in drawn["questions"]}
    assert secret_keys_in(drawn["questions"]) == set()  # the questions themselves stay key-free

    answers_only = make_quiz(module, questions=[s.question for s in quiz.slots.all()], title="Respuestas",
                             answers_when=ReviewWhen.IMMEDIATELY)  # feedback after submission: no key
    assert draw(learner_client, answers_only)["key"] is None


def test_a_class_assignment_that_hides_answers_withholds_the_key(learner_client, learner, module, quiz):
    practice = make_quiz(module, questions=[s.question for s in quiz.slots.all()], title="Práctica",
                         feedback_when=ReviewWhen.IMMEDIATELY, answers_when=ReviewWhen.IMMEDIATELY)
    classroom = Classroom.objects.create(name="4º A", level="secondary", language="es", owner=UserFactory())
    Membership.objects.create(classroom=classroom, student=learner)
    Assignment.objects.create(classroom=classroom, kind=Assignment.Kind.QUIZ, target_key=practice.translation_key,
                              title=practice.title, answers_when=ReviewWhen.AFTER_SUBMISSION)
    drawn = draw(learner_client, practice)
    assert drawn["key"] is None and drawn["quiz"]["practice"] is False


def test_the_attempt_synced_is_the_draw_the_device_showed(learner_client, learner, module, outcome):
    from tests.quizzes.conftest import make_question

    quiz = make_quiz(module, questions=[make_question("single", outcomes=[outcome]) for _ in range(4)]
                     + [make_question("ordering", outcomes=[outcome])], shuffle_questions=True)
    drawn = draw(learner_client, quiz)
    assert sync(learner_client, attempt_record(drawn, started=timezone.now())).status_code == 200
    attempt = Attempt.objects.get(user=learner)
    shown = [(q.get("choices") or q.get("items")) for q in drawn["questions"]]
    pinned = list(attempt.questions.order_by("position").select_related("version"))
    assert [[c["id"] for c in s] for s in shown] == [aq.order for aq in pinned]
    assert attempt.seed == OfflineDraw.objects.get(pk=drawn["draw"]).seed


def test_a_new_draw_replaces_the_unused_one(learner_client, learner, quiz):
    first = draw(learner_client, quiz)
    second = draw(learner_client, quiz)
    assert [str(pk) for pk in OfflineDraw.objects.filter(user=learner).values_list("pk", flat=True)] == [second["draw"]]
    response = sync(learner_client, attempt_record(first, started=timezone.now()))
    assert response.status_code == 400
    assert "una descarga más reciente del cuestionario lo reemplazó" in response.json()["rejected"][0]["error"]


def test_the_quiz_rules_are_respected(learner_client, learner, module, quiz):
    limited = make_quiz(module, questions=[s.question for s in quiz.slots.all()], title="Una vez", attempts_allowed=1)
    drawn = draw(learner_client, limited)
    assert sync(learner_client, attempt_record(drawn, started=timezone.now())).status_code == 200
    refused = draw(learner_client, limited, status=403)
    assert refused == {"error": "Ya usaste 1 intento, el máximo que permite este cuestionario."}

    classroom = Classroom.objects.create(name="4º B", level="secondary", language="es", owner=UserFactory())
    Membership.objects.create(classroom=classroom, student=learner)
    Assignment.objects.create(classroom=classroom, kind=Assignment.Kind.QUIZ, target_key=quiz.translation_key,
                              title=quiz.title, available_from=timezone.now() + timedelta(days=2))
    assert "Tu clase puede empezar este cuestionario" in draw(learner_client, quiz, status=403)["error"]

    empty = make_quiz(module, title="Vacío")
    assert draw(learner_client, empty, status=409)["error"]
    missing = learner_client.post("/offline/quizzes/999999/draw/", HTTP_X_CSRFTOKEN=learner_client.cookies["csrftoken"].value)
    assert missing.status_code == 404 and missing.json() == {"error": "No hay ningún cuestionario publicado 999999."}


@pytest.mark.parametrize(("method", "path"), [("post", "/offline/quizzes/{quiz}/draw/"), ("post", "/offline/sync/"),
                                              ("get", "/offline/sync/?ids=")])
def test_the_anonymous_get_a_json_403(db, quiz, method, path):
    response = getattr(Client(), method)(path.format(quiz=quiz.pk))
    assert response.status_code == 403
    assert response.json() == {"error": "Inicia sesión para estudiar sin conexión y sincronizar lo que hiciste."}
    assert not OfflineDraw.objects.exists()


def test_a_post_without_the_csrf_header_is_refused(learner_client, quiz):
    assert learner_client.post(f"/offline/quizzes/{quiz.pk}/draw/").status_code == 403
    assert not OfflineDraw.objects.exists()
