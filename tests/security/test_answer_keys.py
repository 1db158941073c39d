"""No answer key before submission: not in the quiz's pages, the API, the worksheets or the exports.

The world's quiz has one question of every type (tests/quizzes/conftest.py SAMPLES) and reviews after
submission. Each check looks for what would give an answer away: a correct answer's words, any feedback
text, and the answer-key fields of the question definition. After submission the results do show them,
which proves the checks can see a leak.
"""

import html
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from quizzes import attempts as quiz_attempts
from tests.quizzes.conftest import SAMPLES

# What a learner must not see before submitting, per question type.
SECRET_WORDS = {
    "single": ["Correcto: el cobre es el conductor de los cables.", "El hierro conduce peor."],
    "multiple": ["La arena no es crítica."],
    "truefalse": ["Así es.", "Revisa la tabla del USGS."],
    "numeric": ["Exacto: 80 000 × 0,006.", re.compile(r"\b480\b")],
    "short": ["espodumenita-litio", "Salmuera y litio."],
    "cloze": ["relaves-espesados", "Bien: ahorran agua.", "Cerca del 95,5 % del agua.", "Así se recircula.",
              re.compile(r"\b95\.5\b")],
}
# Keys of a question definition that hold its key (weights, accepted answers, pairs, feedback).
SECRET_KEYS = {"fraction", "tolerance", "feedback", "feedback_right", "feedback_wrong", "general_feedback",
               "correct", "correct_answers", "answers", "pairs", "score", "gap_scores", "rubric"}


def test_the_secrets_are_the_samples_of_every_question_type():
    """The lists above follow the samples: a new question type needs its secrets listed here."""
    assert set(SAMPLES) == set(SECRET_WORDS) | {"matching", "ordering"}  # these two have no words to give away
    for qtype, words in SECRET_WORDS.items():
        definition = json.dumps(SAMPLES[qtype], ensure_ascii=False)
        assert all((w.search(definition) if isinstance(w, re.Pattern) else w in definition) for w in words), qtype


def visible_text(content: bytes, content_type: str) -> str:
    text = content.decode("utf-8", errors="replace")
    return BeautifulSoup(text, "html.parser").get_text(" ") if "html" in content_type else html.unescape(text)


def leaks_in(text: str) -> list[str]:
    found = []
    for qtype, words in SECRET_WORDS.items():
        for word in words:
            if (word.search(text) if isinstance(word, re.Pattern) else word in text):
                found.append(f"{qtype}: {getattr(word, 'pattern', word)}")
    return found


def secret_keys_in(data) -> set:
    """Answer-key fields anywhere in a JSON document, except inside the learner's own saved answers."""
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in SECRET_KEYS and value not in (None, [], {}, ""):
                found.add(key)
            if key != "answer":
                found |= secret_keys_in(value)
    elif isinstance(data, list):
        for value in data:
            found |= secret_keys_in(value)
    return found


def check(response, where, leaks):
    assert response.status_code < 500, f"{where}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    if "spreadsheet" in content_type:
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        text = "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
    else:
        text = visible_text(response.content, content_type)
    leaks += [f"{where}: {leak}" for leak in leaks_in(text)]
    if "json" in content_type:
        leaks += [f"{where}: field {key}" for key in sorted(secret_keys_in(response.json()))]
    return text


@pytest.fixture
def student(client, world):
    client.force_login(world.users["student"])
    return client


def wrong_answers(world) -> dict:
    """A wrong answer to every question, so saved answers and feedback are in play."""
    answers = {}
    for aq in quiz_attempts.attempt_questions(world.attempt):
        qtype = aq.version.definition["type"]
        answers[str(aq.position)] = {"numeric": "12", "short": "cobre", "truefalse": False,
                                     "cloze": {"1": "arena", "2": "40"}}.get(qtype)
    return {position: value for position, value in answers.items() if value is not None}


def test_a_learner_sees_no_answer_key_before_submitting(student, world):
    quiz, attempt, leaks = world.quiz, world.attempt, []
    check(student.get(quiz.url), "quiz page", leaks)
    check(student.get(quiz.attempt_url(attempt)), "attempt page", leaks)
    saved = student.post(quiz.attempt_url(attempt), {"page": 1, f"q{1}": "12"})
    check(saved, "attempt page after saving", leaks)
    check(student.get(quiz.attempt_url(attempt, "submit_route")), "confirm-submit page", leaks)
    results = student.get(quiz.attempt_url(attempt, "results_route"))
    assert results.status_code == 302, "the results of an open attempt must not be shown"
    check(student.get(f"/api/v1/quizzes/{quiz.pk}/"), "API quiz", leaks)
    check(student.post(f"/api/v1/quizzes/{quiz.pk}/attempts/"), "API resume attempt", leaks)
    check(student.get(f"/api/v1/me/quiz-attempts/{attempt.pk}/"), "API attempt", leaks)
    check(student.post(f"/api/v1/me/quiz-attempts/{attempt.pk}/answers/", {"answers": wrong_answers(world)},
                       content_type="application/json"), "API save answers", leaks)
    assert student.get(f"/api/v1/me/quiz-attempts/{attempt.pk}/results/").status_code == 409
    check(student.get("/api/v1/me/quiz-attempts/"), "API my attempts", leaks)
    check(student.get("/es/learning/my-data.json"), "my data export", leaks)
    assert not leaks, "\n".join(leaks)


def test_a_teachers_worksheet_and_exports_give_no_answer_away(client, world):
    client.force_login(world.users["teacher"])
    c, leaks = world.classroom.pk, []
    quiz_attempts.save_answers(world.attempt, wrong_answers(world))
    check(client.get(f"/es/classes/{c}/worksheets/{world.quiz.translation_key}/"), "worksheet", leaks)
    check(client.get(f"/es/classes/{c}/assignments/{world.assignment.pk}/paper/"), "paper answers form", leaks)
    for fmt in ("csv", "xlsx"):
        check(client.get(f"/es/classes/{c}/report/?format={fmt}"), f"report {fmt}", leaks)
    check(client.get(f"/es/classes/{c}/students/{world.users['student'].pk}/"), "student page", leaks)
    check(client.get(f"/api/v1/classes/{c}/report/"), "API report", leaks)
    check(client.get(f"/api/v1/classes/{c}/report/?format=csv"), "API report csv", leaks)
    assert not leaks, "\n".join(leaks)
    # The answer key itself is for the teacher: it holds what the checks above look for.
    answer_key = client.get(f"/es/classes/{c}/worksheets/{world.quiz.translation_key}/answers/")
    assert leaks_in(visible_text(answer_key.content, answer_key["Content-Type"]))


def test_after_submission_the_review_shows_what_was_kept_back(student, world):
    """The control: the same checks find the feedback and answers once the rules allow them."""
    student.post(f"/api/v1/me/quiz-attempts/{world.attempt.pk}/submit/", {"answers": wrong_answers(world)},
                 content_type="application/json")
    leaks = []
    check(student.get(f"/api/v1/me/quiz-attempts/{world.attempt.pk}/results/"), "API results", leaks)
    page = student.get(world.quiz.attempt_url(world.attempt, "results_route"))
    check(page, "results page", leaks)
    assert any(leak.startswith("API results: field correct_answers") for leak in leaks)
    assert any(leak.startswith("results page: numeric") for leak in leaks)
