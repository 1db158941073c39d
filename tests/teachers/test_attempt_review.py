"""A teacher's actions on a student's quiz work (teachers/attempt_review.py): extra attempts, the answers."""

import pytest
from django.urls import reverse

from quizzes import attempts as quiz_attempts
from quizzes.models import ReviewWhen
from teachers.models import Classroom, ExtraAttempt, Membership
from tests.factories import OutcomeFactory, UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz
from tests.teachers.conftest import make_teacher
from tests.teachers.test_quiz_rules import assign, do_attempt


@pytest.fixture
def quiz(catalog, db):
    outcome = OutcomeFactory(code="CM-SEC-12")
    module = make_module(catalog, lessons=0, outcomes=[outcome])
    questions = [make_question(t, outcomes=[outcome]) for t in ("single", "truefalse")]
    return make_quiz(module, questions=questions, shuffle_questions=False, attempts_allowed=0,
                     answers_when=ReviewWhen.NEVER, feedback_when=ReviewWhen.NEVER)


@pytest.fixture
def assignment(classroom, quiz):
    return assign(classroom, quiz, attempts_allowed=2)


def grant_url(classroom, student, assignment):
    return reverse("teachers:extra-attempt", args=[classroom.pk, student.pk, assignment.pk])


def test_an_extra_attempt_lets_the_student_try_once_more_and_shows_in_the_report(client, classroom, teacher, student,
                                                                                 quiz, assignment):
    do_attempt(quiz, student)
    do_attempt(quiz, student)
    with pytest.raises(quiz_attempts.AttemptLimitReached):
        quiz_attempts.start_attempt(quiz, student)
    client.force_login(teacher)
    response = client.post(grant_url(classroom, student, assignment))
    assert response.status_code == 302
    assert ExtraAttempt.objects.get().granted_by == teacher
    assert quiz_attempts.attempts_left(quiz, student) == 1
    do_attempt(quiz, student)
    assert quiz_attempts.attempts_left(quiz, student) == 0  # one more, not unlimited
    page = client.get(reverse("teachers:student", args=[classroom.pk, student.pk])).content.decode()
    assert "1 intento extra concedido" in page
    assert page.count(reverse("teachers:attempt-answers", args=[classroom.pk, student.pk, 0])[:-2]) == 3
    report = client.get(reverse("teachers:report", args=[classroom.pk])).content.decode()
    assert "1 intento extra" in report


def test_an_extra_attempt_reaches_only_that_student(client, classroom, teacher, student, quiz, assignment):
    classmate = UserFactory(username="tomas")
    Membership.objects.create(classroom=classroom, student=classmate)
    client.force_login(teacher)
    client.post(grant_url(classroom, student, assignment))
    assert quiz_attempts.attempts_left(quiz, student) == 3
    assert quiz_attempts.attempts_left(quiz, classmate) == 2


@pytest.mark.parametrize("who", ["other_teacher", "student"])
def test_others_cannot_grant_an_attempt(client, classroom, student, assignment, who):
    if who == "other_teacher":
        other = make_teacher(username="otra")
        Classroom.objects.create(name="Otra", level="secondary", language="es", owner=other)
        client.force_login(other)
    else:
        client.force_login(student)
    assert client.post(grant_url(classroom, student, assignment)).status_code == 404
    assert not ExtraAttempt.objects.exists()


def test_no_extra_attempt_for_someone_outside_the_class(client, classroom, teacher, assignment):
    outsider = UserFactory(username="fuera")
    client.force_login(teacher)
    assert client.post(grant_url(classroom, outsider, assignment)).status_code == 404
    assert client.get(grant_url(classroom, outsider, assignment)).status_code == 405


def test_the_teacher_sees_the_answers_with_the_key_of_a_quiz_they_assigned(client, classroom, teacher, student, quiz,
                                                                           assignment):
    attempt, _created = quiz_attempts.start_attempt(quiz, student)
    quiz_attempts.save_answers(attempt, {"2": "true"})
    quiz_attempts.submit_attempt(attempt)
    client.force_login(teacher)
    page = client.get(reverse("teachers:attempt-answers", args=[classroom.pk, student.pk, attempt.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Respuesta correcta" in html and "Sin respuesta" in html and "Verdadero" in html


def test_answers_stay_private_to_other_teachers_students_and_quizzes_not_assigned(client, classroom, teacher, student,
                                                                                  quiz, assignment):
    own_attempt = do_attempt(quiz, student)  # ran under the assignment's rules
    url = reverse("teachers:attempt-answers", args=[classroom.pk, student.pk, own_attempt.pk])
    other = make_teacher(username="otra")
    other_class = Classroom.objects.create(name="Otra", level="secondary", language="es", owner=other)
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("teachers:attempt-answers",
                              args=[other_class.pk, student.pk, own_attempt.pk])).status_code == 404
    client.force_login(student)
    assert client.get(url).status_code == 404
    # An attempt made on the learner's own, before the quiz was assigned, is not the teacher's to read.
    assignment.delete()
    client.force_login(teacher)
    assert client.get(url).status_code == 404


def test_any_lesson_goes_on_the_projector_assigned_or_not_for_its_teacher_only(client, catalog, classroom, teacher,
                                                                              student):
    from lessons.models import LessonPage

    module = make_module(catalog, lessons=1, slug="proyectar")
    lesson = LessonPage.objects.child_of(module).get()  # nothing assigned
    url = reverse("teachers:present-pick", args=[classroom.pk]) + f"?lesson={lesson.pk}"
    client.force_login(teacher)
    assert lesson.title in client.get(reverse("teachers:assignments", args=[classroom.pk])).content.decode()
    response = client.get(url)
    assert response["Location"] == reverse("teachers:present", args=[classroom.pk, lesson.translation_key])
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("teachers:present-pick", args=[classroom.pk]) + "?lesson=x").status_code == 404
    client.force_login(student)
    assert client.get(url).status_code == 404
