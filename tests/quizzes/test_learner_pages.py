"""The learner's quiz screens: pages of 5–10 questions, saving as one goes, resuming
on the right page, a results page that starts with a summary and leads back to the
lessons of weak outcomes; the review rule a certificate quiz can trust."""

import re

import pytest

from curriculum.models import Level
from lessons.models import LessonPage
from quizzes import services
from quizzes.models import Attempt, ReviewWhen
from tests.factories import OutcomeFactory, UserFactory, make_lesson

from .conftest import make_question, make_quiz
from .test_pages import start


@pytest.fixture
def client_ana(client, learner):
    client.force_login(learner)
    return client


def questions_on(html):
    return [int(n) for n in re.findall(r'<fieldset class="question" id="question-(\d+)"', html)]


@pytest.mark.parametrize("count,sizes", [(4, [4]), (10, [10]), (11, [6, 5]), (30, [8, 8, 8, 6]), (17, [6, 6, 5])])
def test_automatic_pages_hold_5_to_10_questions(count, sizes):
    assert [len(page) for page in services.paginate(list(range(count)))] == sizes
    assert [len(page) for page in services.paginate(list(range(count)), 3)][0] == 3  # the quiz's own number wins


def test_a_long_quiz_is_shown_in_pages_and_resumes_on_the_first_unanswered_page(client_ana, module, outcome):
    questions = [make_question("truefalse", outcomes=[outcome]) for _ in range(12)]
    quiz = make_quiz(module, questions=questions, shuffle_questions=False)
    attempt_url = start(client_ana, quiz)
    html = client_ana.get(attempt_url).content.decode()
    assert questions_on(html) == [1, 2, 3, 4, 5, 6]
    response = client_ana.post(attempt_url, {"page": 1, "action": "next", **{f"q{n}": "true" for n in range(1, 7)}})
    assert response["Location"].endswith("?page=2")
    html = client_ana.get(attempt_url).content.decode()  # coming back later, without a page number
    assert questions_on(html) == [7, 8, 9, 10, 11, 12]
    assert "6 de 12 preguntas respondidas" in html


def test_answers_are_saved_in_the_background_with_a_live_count(client_ana, module, outcome, learner):
    questions = [make_question("truefalse", outcomes=[outcome]) for _ in range(3)]
    quiz = make_quiz(module, questions=questions, shuffle_questions=False)
    attempt_url = start(client_ana, quiz)
    assert "data-autosave" in client_ana.get(attempt_url).content.decode()
    response = client_ana.post(attempt_url, {"page": 1, "q2": "false"}, headers={"X-Alma-Autosave": "1"})
    assert response.status_code == 200 and response.json() == {"answered": 1, "total": 3}
    attempt = Attempt.objects.get(user=learner)
    assert [aq.answer for aq in services.attempt_questions(attempt)] == [None, False, None]
    bad = client_ana.post(attempt_url, {"page": 1, "q1": "maybe"}, headers={"X-Alma-Autosave": "1"})
    assert bad.status_code == 400 and "1" in bad.json()["errors"]
    client_ana.post(f"{attempt_url}submit/")
    closed = client_ana.post(attempt_url, {"page": 1, "q1": "true"}, headers={"X-Alma-Autosave": "1"})
    assert closed.status_code == 409 and closed.json()["url"].endswith("/results/")


def test_results_start_with_a_summary_try_again_and_lessons_of_weak_outcomes(client_ana, module, outcome, catalog):
    weak_outcome = OutcomeFactory(code="CM-SEC-09", level=Level.SECONDARY, statement="Explica los relaves.")
    lesson = make_lesson(module, number=1, outcomes=[weak_outcome], title="Relaves y agua")
    right = make_question("truefalse", outcomes=[outcome])
    wrong = make_question("truefalse", outcomes=[weak_outcome])
    quiz = make_quiz(module, questions=[right, wrong], shuffle_questions=False)
    attempt_url = start(client_ana, quiz)
    client_ana.post(attempt_url, {"page": 1, "action": "save", "q1": "true", "q2": "false"})
    response = client_ana.post(f"{attempt_url}submit/")
    html = client_ana.get(response["Location"]).content.decode()
    start_at = html.index('class="panel quiz-summary"')
    summary = html[start_at:html.index("</section>", start_at)]
    assert "1 de 2 preguntas correctas" in summary
    assert "Intentar de nuevo" in summary and f'action="{quiz.url}start/"' in summary
    assert "CM-SEC-09" in summary and f'href="{LessonPage.objects.get(pk=lesson.pk).url}"' in summary
    assert "CM-SEC-01" not in summary  # a passed outcome is not listed as weak


def test_a_certificate_quiz_hides_the_key_after_a_failed_attempt_until_passed_or_out_of_attempts(module, outcome):
    learner = UserFactory()
    quiz = make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome])], attempts_allowed=2,
                     feedback_when=ReviewWhen.AFTER_PASSED_OR_LAST, answers_when=ReviewWhen.AFTER_PASSED_OR_LAST)
    first, _ = services.start_attempt(quiz, learner)
    services.save_answers(first, {1: False})
    services.submit_attempt(first)
    review = services.review_rules(first)
    assert not first.passed and not review["answers"] and not review["feedback"]
    second, _ = services.start_attempt(quiz, learner)
    services.save_answers(second, {1: False})
    services.submit_attempt(second)
    assert services.review_rules(second)["answers"] and services.review_rules(first)["answers"]  # no attempts left

    passing = UserFactory()
    attempt, _ = services.start_attempt(quiz, passing)
    services.save_answers(attempt, {1: True})
    services.submit_attempt(attempt)
    assert attempt.passed and services.review_rules(attempt)["answers"]


def submit_queries(client, module, outcome, count):
    """Queries of the submit POST of a quiz of ``count`` questions, every one answered on one page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    questions = [make_question("truefalse", outcomes=[outcome]) for _ in range(count)]
    quiz = make_quiz(module, questions=questions, shuffle_questions=False, questions_per_page=count)
    attempt_url = start(client, quiz)
    client.post(attempt_url, {"page": 1, "action": "save", **{f"q{n}": "true" for n in range(1, count + 1)}})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"{attempt_url}submit/")
    assert response.status_code == 302 and Attempt.objects.filter(state=Attempt.State.SUBMITTED).count() >= 1
    return len(queries)


def test_the_submit_view_runs_as_many_queries_for_20_questions_as_for_5(client_ana, module, outcome):
    submit_queries(client_ana, module, outcome, 3)  # warm caches (site, locales, content types)
    few, many = submit_queries(client_ana, module, outcome, 5), submit_queries(client_ana, module, outcome, 20)
    print("submit view queries (5, 20 questions):", few, many)
    assert few == many
