"""The quiz API: same flow and the same answer-key rules as the pages; a learner sees only their own attempts."""

import json

import pytest
from rest_framework.test import APIClient

from quizzes.models import Attempt, ReviewWhen

from .conftest import make_quiz
from .test_attempts import right_answers
from .test_pages import visible_key_texts


@pytest.fixture
def api(learner):
    client = APIClient()
    client.force_authenticate(learner)
    return client


def test_list_quizzes_by_locale(api, quiz):
    data = api.get("/api/v1/quizzes/?locale=es").json()
    assert [q["id"] for q in data["results"]] == [quiz.pk] and data["results"][0]["question_count"] == 8
    assert api.get("/api/v1/quizzes/?locale=pt").json()["results"] == []


def test_start_save_submit_and_read_results(api, quiz, learner):
    response = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert response.status_code == 201
    body = response.content.decode()
    assert visible_key_texts(body) == [] and "fraction" not in body
    attempt_id = response.json()["id"]
    assert api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code == 200  # resume
    attempt = Attempt.objects.get(pk=attempt_id)
    answers = {str(k): v for k, v in right_answers(attempt).items()}
    saved = api.post(f"/api/v1/me/quiz-attempts/{attempt_id}/answers/", {"answers": answers}, format="json")
    assert saved.status_code == 200 and visible_key_texts(saved.content.decode()) == []
    submitted = api.post(f"/api/v1/me/quiz-attempts/{attempt_id}/submit/", {}, format="json")
    data = submitted.json()
    assert data["state"] == "submitted" and data["score"] == 1.0
    assert data["outcomes"][0]["code"] == "CM-SEC-01" and data["outcomes"][0]["mastery"]["mastered"]
    again = api.post(f"/api/v1/me/quiz-attempts/{attempt_id}/submit/", {}, format="json")
    assert again.json()["points"] == data["points"]  # a retried submit counts once
    assert api.get(f"/api/v1/me/quiz-attempts/{attempt_id}/results/").status_code == 200
    assert api.get("/api/v1/me/mastery/").json()["results"][0]["responses"] == 8


def test_hostile_answers_are_refused_and_change_nothing(api, quiz):
    attempt_id = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    attempt = Attempt.objects.get(pk=attempt_id)
    numeric = attempt.questions.get(version__qtype="numeric").position
    for payload in ({"answers": {str(numeric): "1e309"}}, {"answers": {"1": None, "99": "x"}},
                    {"answers": {"abc": 1}}, {"answers": "not an object"}):
        response = api.post(f"/api/v1/me/quiz-attempts/{attempt_id}/answers/", payload, format="json")
        assert response.status_code == 400, payload
    assert not attempt.questions.exclude(answer=None).exists()


def test_results_follow_the_review_rules(api, module, all_types):
    quiz = make_quiz(module, questions=all_types, feedback_when=ReviewWhen.NEVER, answers_when=ReviewWhen.NEVER)
    attempt_id = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    data = api.post(f"/api/v1/me/quiz-attempts/{attempt_id}/submit/", {}, format="json")
    body = json.dumps(data.json(), ensure_ascii=False)
    assert visible_key_texts(body) == [] and "correct_answers" not in body


def test_a_learner_sees_only_their_own_attempts(api, quiz, other_learner):
    attempt_id = api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    other = APIClient()
    other.force_authenticate(other_learner)
    assert other.get(f"/api/v1/me/quiz-attempts/{attempt_id}/").status_code == 404
    assert other.post(f"/api/v1/me/quiz-attempts/{attempt_id}/submit/", {}, format="json").status_code == 404
    assert other.get("/api/v1/me/quiz-attempts/").json()["results"] == []
    assert APIClient().post(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code in (401, 403)
