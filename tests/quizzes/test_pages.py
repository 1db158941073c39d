"""The quiz pages, as a learner uses them without JavaScript: plain form posts."""

import re

import pytest

from quizzes.models import Attempt, ReviewWhen

from .conftest import make_question, make_quiz

KEY_TEXTS = ["espodumenita-litio", "Exacto: 80 000", "Correcto: el cobre", "La arena no es crítica", "Salmuera y litio",
             "Revisa la tabla"]


def visible_key_texts(html):
    return [text for text in KEY_TEXTS if text in html]


@pytest.fixture
def client_ana(client, learner):
    client.force_login(learner)
    return client


def start(client, quiz):
    response = client.post(f"{quiz.url}start/")
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def form_fields(html):
    return set(re.findall(r'name="(q\d+[^"]*)"', html))


def test_anonymous_visitors_see_the_quiz_and_are_asked_to_sign_in(client, quiz):
    response = client.get(quiz.url)
    assert response.status_code == 200
    assert "Sign in to take the quiz" in response.content.decode() or "Inicia" in response.content.decode()
    assert client.post(f"{quiz.url}start/").status_code == 302
    assert not Attempt.objects.exists()


def test_take_leave_resume_and_submit(client_ana, quiz, learner):
    attempt_url = start(client_ana, quiz)
    page = client_ana.get(attempt_url)
    html = page.content.decode()
    assert page.status_code == 200 and len(re.findall(r'<fieldset class="question"', html)) == 8
    assert visible_key_texts(html) == []
    attempt = Attempt.objects.get(user=learner)
    numeric = attempt.questions.get(version__qtype="numeric")
    tf = attempt.questions.get(version__qtype="truefalse")
    response = client_ana.post(attempt_url, {"page": 1, "action": "save", f"q{numeric.position}": "480 t",
                                             f"q{tf.position}": "true"})
    assert response.status_code == 302
    # leave and come back: the quiz page offers to resume, the answers are there
    assert "attempt/" in client_ana.get(quiz.url).content.decode()
    assert start(client_ana, quiz) == attempt_url
    html = client_ana.get(attempt_url).content.decode()
    assert 'value="480 t"' in html
    response = client_ana.post(attempt_url, {"page": 1, "action": "finish", f"q{numeric.position}": "480 t",
                                             f"q{tf.position}": "true"})
    assert response["Location"].endswith("/submit/")
    confirm = client_ana.get(response["Location"]).content.decode()
    assert "5 questions have no answer" in confirm or "5" in confirm
    done = client_ana.post(response["Location"])
    assert done["Location"].endswith("/results/")
    client_ana.post(response["Location"])  # a retried POST counts once
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.points == 2
    results = client_ana.get(done["Location"]).content.decode()
    assert "CM-SEC-01" in results and "Exacto: 80 000" in results  # feedback after submission (default rule)


def test_a_bad_answer_is_refused_with_a_message_and_nothing_is_saved(client_ana, quiz, learner):
    attempt_url = start(client_ana, quiz)
    attempt = Attempt.objects.get(user=learner)
    numeric = attempt.questions.get(version__qtype="numeric")
    tf = attempt.questions.get(version__qtype="truefalse")
    response = client_ana.post(attempt_url, {"page": 1, "action": "save", f"q{numeric.position}": "1e309",
                                             f"q{tf.position}": "true"})
    assert response.status_code == 400
    assert "10^15" in response.content.decode()
    assert not attempt.questions.exclude(answer=None).exists()


@pytest.mark.parametrize("when", [ReviewWhen.NEVER, ReviewWhen.AFTER_DUE_DATE])
def test_answer_keys_stay_hidden_until_the_rules_allow(client_ana, module, all_types, learner, when):
    from datetime import timedelta

    from django.utils import timezone

    quiz = make_quiz(module, questions=all_types, feedback_when=when, answers_when=when,
                     due_at=timezone.now() + timedelta(days=3))
    attempt_url = start(client_ana, quiz)
    attempt = Attempt.objects.get(user=learner)
    short = attempt.questions.get(version__qtype="short")
    client_ana.post(attempt_url, {"page": 1, "action": "save", f"q{short.position}": "sal"})
    results_url = client_ana.post(f"{attempt_url}submit/")["Location"]
    html = client_ana.get(results_url).content.decode()
    assert visible_key_texts(html) == [], "answer key leaked"
    assert "%" in html  # the score itself is shown


def test_immediate_feedback_shows_per_question_feedback_once_checked(client_ana, module, outcome, learner):
    q = make_question("numeric", outcomes=[outcome])
    quiz = make_quiz(module, questions=[q], feedback_when=ReviewWhen.IMMEDIATELY, answers_when=ReviewWhen.NEVER)
    attempt_url = start(client_ana, quiz)
    assert "Exacto" not in client_ana.get(attempt_url).content.decode()
    client_ana.post(attempt_url, {"page": 1, "action": "save", "q1": "480"})
    html = client_ana.get(attempt_url).content.decode()
    assert "Exacto: 80 000" in html and "disabled" in html
    response = client_ana.post(attempt_url, {"page": 1, "action": "save", "q1": "481"})
    assert response.status_code == 400  # a checked answer cannot change


def test_a_learner_cannot_open_another_learners_attempt(client, quiz, learner, other_learner):
    client.force_login(learner)
    attempt_url = start(client, quiz)
    client.force_login(other_learner)
    assert client.get(attempt_url).status_code == 404
    assert client.post(f"{attempt_url}submit/").status_code == 404
    assert client.get(f"{attempt_url}results/").status_code == 404
    assert Attempt.objects.get().state == Attempt.State.IN_PROGRESS


def test_paged_attempt_navigates_with_buttons(client_ana, module, all_types, learner):
    quiz = make_quiz(module, questions=all_types, questions_per_page=3, shuffle_questions=False)
    attempt_url = start(client_ana, quiz)
    html = client_ana.get(attempt_url).content.decode()
    assert len(re.findall(r'<fieldset class="question"', html)) == 3
    response = client_ana.post(attempt_url, {"page": 1, "action": "next"})
    assert response["Location"].endswith("?page=2")
    html = client_ana.get(response["Location"]).content.decode()
    assert "Question 4" in html or "Pregunta 4" in html


def test_ordering_and_matching_answers_post_as_plain_fields(client_ana, module, outcome, learner):
    ordering = make_question("ordering", outcomes=[outcome])
    matching = make_question("matching", outcomes=[outcome])
    quiz = make_quiz(module, questions=[ordering, matching], shuffle_questions=False)
    attempt_url = start(client_ana, quiz)
    html = client_ana.get(attempt_url).content.decode()
    items = ordering.latest_version.definition["items"]
    pairs = matching.latest_version.definition["pairs"]
    assert sorted(re.findall(r'name="q1-([0-9a-f]+)"', html)) == sorted(it["id"] for it in items)
    data = {"page": 1, "action": "save"}
    data.update({f"q1-{it['id']}": n for n, it in enumerate(items, 1)})
    data.update({f"q2-{p['id']}": p["right"] for p in pairs})
    assert client_ana.post(attempt_url, data).status_code == 302
    client_ana.post(f"{attempt_url}submit/")
    assert Attempt.objects.get(user=learner).points == 2


def test_quiz_block_renders_in_a_lesson(catalog, quiz):
    from lessons.blocks import LessonStreamBlock

    block = LessonStreamBlock()
    value = block.to_python([{"type": "quiz", "value": {"quiz": quiz.pk, "heading": "", "text": ""}}])
    html = block.render(value)
    assert quiz.title in html and quiz.url in html


def test_a_result_in_spanish_shows_on_the_portuguese_quiz_page(client_ana, quiz, learner):
    from quizzes import attempts
    from tests.factories import locale
    from tests.quizzes.test_attempts import right_answers

    attempt, _ = attempts.start_attempt(quiz, learner)
    attempts.submit_attempt(attempt, answers=right_answers(attempt))
    portuguese = quiz.copy_for_translation(locale("pt"), copy_parents=True)
    portuguese.save_revision().publish()
    html = client_ana.get(portuguese.url, HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    assert 'id="quiz-result-title"' in html and "100%" in html and "status--done" in html
