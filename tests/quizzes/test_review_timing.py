"""Review timing that gives no key away (issue #12): "after the due date" with no due date, per-question marks."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from quizzes import attempts as quiz_attempts
from quizzes import review as quiz_review
from quizzes.models import ReviewWhen

from .conftest import make_question, make_quiz
from .test_pages import visible_key_texts


def submitted(quiz, user, answers=None):
    attempt, _created = quiz_attempts.start_attempt(quiz, user)
    quiz_attempts.submit_attempt(attempt, answers=answers)
    attempt.refresh_from_db()
    return attempt


@pytest.mark.parametrize("attempts_allowed", [0, 2])
def test_after_the_due_date_with_no_due_date_waits_until_no_attempt_is_left(module, outcome, learner,
                                                                             attempts_allowed):
    quiz = make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome])], attempts_allowed=attempts_allowed,
                     feedback_when=ReviewWhen.AFTER_DUE_DATE, answers_when=ReviewWhen.AFTER_DUE_DATE)
    first = submitted(quiz, learner)
    review = quiz_review.review_rules(first, now=timezone.now() + timedelta(days=365))
    assert review["answers"] is False and review["feedback"] is False  # another try is still open to the learner
    second = submitted(quiz, learner)
    expected = attempts_allowed == 2  # the last attempt is used: nothing shown can help a later try
    assert quiz_review.review_rules(second)["answers"] is expected
    assert quiz_review.review_rules(first)["answers"] is expected


def test_after_the_due_date_shows_once_the_due_date_has_passed(module, outcome, learner):
    due = timezone.now() + timedelta(days=1)
    quiz = make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome])], due_at=due,
                     answers_when=ReviewWhen.AFTER_DUE_DATE)
    attempt = submitted(quiz, learner)
    assert quiz_review.review_rules(attempt)["answers"] is False
    assert quiz_review.review_rules(attempt, now=due + timedelta(seconds=1))["answers"] is True


@pytest.mark.parametrize("answers_when", [ReviewWhen.NEVER, ReviewWhen.AFTER_DUE_DATE])
def test_right_or_wrong_marks_wait_for_the_right_answers(client, module, outcome, learner, answers_when):
    """A wrong mark on a true/false question is its key: marks per question are shown with the right answers only."""
    quiz = make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome]),
                                        make_question("single", outcomes=[outcome])], shuffle_questions=False,
                     feedback_when=ReviewWhen.NEVER, answers_when=answers_when, due_at=timezone.now() + timedelta(days=3))
    attempt = submitted(quiz, learner, answers={"1": False})
    api = APIClient()
    api.force_authenticate(learner)
    data = api.get(f"/api/v1/me/quiz-attempts/{attempt.pk}/results/").json()
    assert data["score"] == 0 and data["points"] == 0  # the attempt's total is the learner's
    assert all("correct" not in q and "score" not in q for q in data["questions"])
    client.force_login(learner)
    html = client.get(quiz.url + f"attempt/{attempt.pk}/results/").content.decode()
    assert "question__mark" not in html and "is-wrong" not in html and visible_key_texts(html) == []


def test_marks_show_with_the_right_answers(module, outcome, learner):
    quiz = make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome])],
                     answers_when=ReviewWhen.AFTER_SUBMISSION)
    attempt = submitted(quiz, learner, answers={"1": False})
    aq = quiz_attempts.attempt_questions(attempt)[0]
    review = quiz_review.question_review(aq, quiz_review.review_rules(attempt))
    assert review["show_marks"] and review["show_answers"]
