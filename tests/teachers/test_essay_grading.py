"""A class's teacher grades the essays of an assignment's attempts (teachers/essay_grading.py), through the pages."""

import pytest
from django.urls import reverse

from progress.models import ItemSummary
from quizzes import attempts as quiz_attempts
from quizzes.models import Attempt, Question
from teachers.models import Classroom, Membership
from tests.factories import OutcomeFactory, UserFactory, locale, make_module
from tests.quizzes.conftest import make_question, make_quiz
from tests.quizzes.test_essays import ESSAY, RUBRIC
from tests.teachers.conftest import make_teacher
from tests.teachers.test_quiz_rules import assign

ANSWER = "La reparación fue lenta: el acuerdo llegó en 2024."


@pytest.fixture
def quiz(catalog, db):
    outcome = OutcomeFactory(code="TJ-TEC-01")
    module = make_module(catalog, lessons=0, outcomes=[outcome])
    essay = Question(title="Ensayo", locale=locale("es"))
    essay.set_definition(ESSAY)
    essay.save()
    essay.outcomes.set([outcome])
    questions = [make_question("truefalse", outcomes=[outcome]), essay]
    return make_quiz(module, questions=questions, shuffle_questions=False, pass_mark=50)


@pytest.fixture
def submitted(classroom, student, quiz):
    assign(classroom, quiz, attempts_allowed=2)
    attempt, _created = quiz_attempts.start_attempt(quiz, student)
    quiz_attempts.submit_attempt(attempt, answers={"1": "true", "2": ANSWER})
    attempt.refresh_from_db()
    return attempt


def sign_in(client, user):
    response = client.post("/es/accounts/login/", {"username": user.username, "password": "pass-word-123"})
    assert response.status_code == 302, response.content[:300]


def grade_url(classroom, student, attempt, position=2):
    return reverse("teachers:grade-essay", args=[classroom.pk, student.pk, attempt.pk, position])


def test_the_teacher_finds_the_essay_reads_it_with_the_rubric_and_grades_it(client, classroom, teacher, student,
                                                                            submitted):
    assert submitted.points is None
    sign_in(client, teacher)
    report = client.get(reverse("teachers:report", args=[classroom.pk])).content.decode()
    answers_url = reverse("teachers:attempt-answers", args=[classroom.pk, student.pk, submitted.pk])
    assert "Ensayos por calificar" in report and answers_url in report
    page = client.get(answers_url).content.decode()
    assert ANSWER in page and RUBRIC in page and 'for="points-2"' in page and 'for="comment-2"' in page
    refused = client.post(grade_url(classroom, student, submitted), {"points": "3", "comment": ""})
    assert refused.status_code == 302
    submitted.refresh_from_db()
    assert submitted.points is None  # above this quiz's 1 point: refused, nothing saved
    response = client.post(grade_url(classroom, student, submitted), {"points": "0,5", "comment": "Falta una fecha."})
    assert response["Location"].endswith("#question-2")
    submitted.refresh_from_db()
    assert (submitted.points, submitted.score, submitted.passed) == (1.5, 0.75, True)
    assert ItemSummary.objects.get(user=student).last_score == 0.75
    assert "Ensayos por calificar" not in client.get(reverse("teachers:report", args=[classroom.pk])).content.decode()

    client.logout()
    sign_in(client, student)
    results = client.get(f"{submitted.quiz.url}attempt/{submitted.pk}/results/")
    html = results.content.decode()  # the learner sees the score and the teacher's comment, never the rubric
    assert results.status_code == 200 and "75" in html and "Falta una fecha." in html and RUBRIC not in html


def test_only_the_class_teachers_and_staff_may_grade(client, classroom, student, submitted):
    other = make_teacher(username="otra")
    Classroom.objects.create(name="Otra", level="secondary", language="es", owner=other)
    outsider = UserFactory(username="mirón")
    for user in (other, student, outsider):
        client.force_login(user)
        assert client.post(grade_url(classroom, student, submitted), {"points": "1"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.points is None
    staff = UserFactory(username="soporte", is_staff=True)
    client.force_login(staff)
    assert client.post(grade_url(classroom, student, submitted), {"points": "1"}).status_code == 302
    assert Attempt.objects.get(pk=submitted.pk).points == 2.0


def test_a_student_who_left_the_class_is_not_graded_by_it(client, classroom, teacher, student, submitted):
    Membership.objects.filter(student=student).update(left_at=submitted.submitted_at)
    client.force_login(teacher)
    assert client.post(grade_url(classroom, student, submitted), {"points": "1"}).status_code == 404
