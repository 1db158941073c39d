"""A class assignment's quiz rules (teachers/rules.py): the teacher decides, for their students only."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from quizzes import attempts as quiz_attempts
from quizzes import review
from quizzes.models import ReviewWhen
from quizzes.rules import rules_for
from teachers.models import Assignment, Classroom, Extension, Membership
from teachers.rules import quiz_rules
from tests.factories import OutcomeFactory, UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz


@pytest.fixture
def outcome(db):
    return OutcomeFactory(code="CM-SEC-11")


@pytest.fixture
def module(catalog, outcome):
    return make_module(catalog, lessons=0, outcomes=[outcome])


@pytest.fixture
def quiz(module, outcome):
    questions = [make_question(t, outcomes=[outcome]) for t in ("single", "truefalse")]
    return make_quiz(module, questions=questions, shuffle_questions=False, attempts_allowed=0, time_limit_minutes=0,
                     feedback_when=ReviewWhen.AFTER_SUBMISSION, answers_when=ReviewWhen.AFTER_SUBMISSION)


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


def assign(classroom, quiz, **rules):
    rules.setdefault("available_from", timezone.now() - timedelta(hours=1))
    return Assignment.objects.create(classroom=classroom, kind="quiz", target_key=quiz.translation_key,
                                     title=quiz.title, **rules)


def do_attempt(quiz, user):
    attempt, created = quiz_attempts.start_attempt(quiz, user)
    assert created
    quiz_attempts.submit_attempt(attempt)
    return attempt


def test_one_attempt_assigned_refuses_the_second_for_the_student_but_not_for_others(classroom, student, outsider, quiz):
    assign(classroom, quiz, attempts_allowed=1)
    do_attempt(quiz, student)
    assert quiz_attempts.attempts_left(quiz, student) == 0
    with translation.override("en"), pytest.raises(quiz_attempts.AttemptLimitReached, match="1 attempt"):
        quiz_attempts.start_attempt(quiz, student)
    do_attempt(quiz, outsider)
    do_attempt(quiz, outsider)
    assert quiz_attempts.attempts_left(quiz, outsider) is None


def test_the_quiz_page_refuses_the_second_attempt_to_the_student(client, classroom, student, quiz):
    assign(classroom, quiz, attempts_allowed=1)
    do_attempt(quiz, student)
    client.force_login(student)
    page = client.get(quiz.url).content.decode()
    assert f'action="{quiz.url}start/"' not in page  # no attempt left: no start button


def test_review_never_hides_the_feedback_from_the_class_only(classroom, student, outsider, quiz):
    assign(classroom, quiz, feedback_when=ReviewWhen.NEVER, answers_when=ReviewWhen.NEVER)
    mine, theirs = do_attempt(quiz, student), do_attempt(quiz, outsider)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert review.review_rules(mine)["feedback"] is False and review.review_rules(mine)["answers"] is False
    assert review.review_rules(theirs)["feedback"] is True and review.review_rules(theirs)["answers"] is True


def test_rules_are_copied_at_start_so_a_later_change_leaves_the_open_attempt_alone(classroom, student, quiz):
    assignment = assign(classroom, quiz, time_limit_minutes=10, feedback_when=ReviewWhen.NEVER)
    attempt, _created = quiz_attempts.start_attempt(quiz, student)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=10)
    Assignment.objects.filter(pk=assignment.pk).update(time_limit_minutes=60, feedback_when=ReviewWhen.IMMEDIATELY)
    resumed, created = quiz_attempts.start_attempt(quiz, student)
    assert not created and resumed.pk == attempt.pk
    assert resumed.deadline == attempt.deadline and resumed.rules["feedback_when"] == ReviewWhen.NEVER
    quiz_attempts.submit_attempt(resumed)
    resumed.refresh_from_db()
    assert review.review_rules(resumed)["feedback"] is False
    assert quiz_attempts.start_attempt(quiz, student)[0].rules["feedback_when"] == ReviewWhen.IMMEDIATELY


def test_the_assignment_due_date_with_the_student_extension_is_the_attempts_due_date(classroom, student, teacher, quiz):
    due = timezone.now() + timedelta(days=2)
    assignment = assign(classroom, quiz, due_at=due, answers_when=ReviewWhen.AFTER_DUE_DATE)
    assert quiz_rules(quiz, student).overrides["due_at"] == due.isoformat()
    later = due + timedelta(days=5)
    Extension.objects.create(assignment=assignment, student=student, due_at=later, reason="enferma", granted_by=teacher)
    attempt = do_attempt(quiz, student)
    attempt.refresh_from_db()
    assert attempt.rules["due_at"] == later.isoformat()
    assert review.review_rules(attempt)["answers"] is False
    assert review.review_rules(attempt, now=later + timedelta(minutes=1))["answers"] is True


def test_with_two_classes_the_strictest_rules_decide(teacher, classroom, student, quiz):
    other = Classroom.objects.create(name="Taller de cobre", level="secondary", language="es", owner=teacher)
    Membership.objects.create(classroom=other, student=student)
    now = timezone.now()
    assign(classroom, quiz, attempts_allowed=1, due_at=now + timedelta(days=1))
    assign(other, quiz, attempts_allowed=3, due_at=now + timedelta(days=7))
    assert quiz_rules(quiz, student).overrides["attempts_allowed"] == 1
    assign(classroom, quiz, attempts_allowed=2)  # no due date: the latest due date, but not more attempts
    rules = quiz_rules(quiz, student).overrides
    assert rules["attempts_allowed"] == 1 and rules["due_at"] is None


def test_only_assignments_that_apply_to_the_student_count(classroom, student, quiz):
    Membership.objects.filter(student=student).update(group="B")
    assign(classroom, quiz, attempts_allowed=1, audience="groups", groups=["A"])
    chosen = assign(classroom, quiz, attempts_allowed=5, audience="students", due_at=timezone.now())
    assert quiz_rules(quiz, student) is None
    chosen.students.add(student)
    assert quiz_rules(quiz, student).overrides["attempts_allowed"] == 5
    assign(classroom, quiz, attempts_allowed=9, available_from=timezone.now() + timedelta(days=1))  # not yet available
    assert quiz_rules(quiz, student).overrides["attempts_allowed"] == 5
    Membership.objects.filter(student=student).update(left_at=timezone.now())
    assert quiz_rules(quiz, student).overrides["attempts_allowed"] == 5  # leaving does not lift them
    Classroom.objects.filter(pk=classroom.pk).update(archived_at=timezone.now())
    assert quiz_rules(quiz, student) is None  # archiving the class does


def test_an_assignment_without_rules_keeps_the_quiz_rules(classroom, student, quiz):
    assign(classroom, quiz)
    assert rules_for(quiz, student) == quiz.rules()
    attempt, _created = quiz_attempts.start_attempt(quiz, student)
    assert attempt.rules == quiz.rules()


def test_the_rules_lookup_takes_a_fixed_number_of_queries(teacher, classroom, student, quiz):
    assign(classroom, quiz, attempts_allowed=1, audience="students").students.add(student)
    with CaptureQueriesContext(connection) as few:
        quiz_rules(quiz, student)
    for n in range(4):
        other = Classroom.objects.create(name=f"Clase {n}", level="secondary", language="es", owner=teacher)
        Membership.objects.create(classroom=other, student=student, group="A")
        assign(other, quiz, attempts_allowed=2, audience="groups", groups=["A"])
        assign(other, quiz, attempts_allowed=3, audience="students").students.add(student)
        Extension.objects.create(assignment=assign(other, quiz), student=student, due_at=timezone.now(), reason="r")
    with CaptureQueriesContext(connection) as many:
        quiz_rules(quiz, student)
    assert len(many) == len(few) <= 4


def test_the_teacher_sets_quiz_rules_in_the_assignment_form(client, teacher, classroom, student, quiz, module):
    client.force_login(teacher)
    with translation.override("en"):
        url = reverse("teachers:assignments", args=[classroom.pk])
        page = client.get(url).content.decode()
        assert "Quiz rules for this class" in page and "As set in the quiz" in page
        response = client.post(url, {"page": quiz.pk, "audience": "class", "attempts_allowed": "1",
                                     "time_limit_minutes": "", "feedback_when": "never", "answers_when": ""})
        assert response.status_code == 302
        assignment = Assignment.objects.get()
        assert (assignment.attempts_allowed, assignment.time_limit_minutes) == (1, None)
        assert (assignment.feedback_when, assignment.answers_when) == ("never", "")
        assert "1 attempt · feedback: Never" in client.get(url).content.decode()
        client.post(url, {"page": module.pk, "audience": "class", "attempts_allowed": "2", "feedback_when": "never"})
    lesson_or_module = Assignment.objects.exclude(pk=assignment.pk).get()
    assert lesson_or_module.attempts_allowed is None and lesson_or_module.feedback_when == ""
    do_attempt(quiz, student)
    with pytest.raises(quiz_attempts.AttemptLimitReached):
        quiz_attempts.start_attempt(quiz, student)


def test_the_api_takes_and_shows_the_quiz_rules(client, teacher, classroom, quiz):
    client.force_login(teacher)
    response = client.post("/api/v1/assignments/", {"classroom": classroom.pk, "page": quiz.pk, "audience": "class",
                                                    "attempts_allowed": 2, "answers_when": "after-due-date"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["attempts_allowed"] == 2 and response.json()["answers_when"] == "after-due-date"


def test_the_quiz_page_shows_the_rules_the_student_will_follow(client, classroom, student, outsider, quiz):
    assign(classroom, quiz, attempts_allowed=2, time_limit_minutes=15)
    def facts():  # "About this quiz": questions, time limit, attempts allowed, pass mark
        return re.findall(r"<dd>(.*?)</dd>", client.get(quiz.url).content.decode())

    client.force_login(student)
    _, time_limit, attempts, _ = facts()
    assert time_limit.startswith("15 ") and attempts == "2"
    client.force_login(outsider)
    _, time_limit, attempts, _ = facts()
    assert not time_limit.startswith("15") and attempts != "2"
