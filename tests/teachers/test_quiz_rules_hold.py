"""Quiz rules that hold (issue #12): a student once given a quiz under a class's rules stays under them.

Leaving and re-joining, a second class whose assignment leaves the rules
empty, or starting before the assignment opens all used to fall back to the
quiz's own rules, and the submit then returned every right answer. The
helpers ``assign``, ``api_submit`` and ``revealed`` are meant for
tests/security too.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import attempts as quiz_attempts
from quizzes.models import Attempt, ReviewWhen
from quizzes.rules import rules_for
from teachers import membership as classes
from teachers.report import build_report
from teachers.models import Assignment, Classroom, Membership
from teachers.rules import rules_source
from tests.factories import OutcomeFactory, UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz

STRICT = {"attempts_allowed": 1, "feedback_when": ReviewWhen.NEVER, "answers_when": ReviewWhen.NEVER}


@pytest.fixture
def outcome(db):
    return OutcomeFactory(code="CM-SEC-12")


@pytest.fixture
def module(catalog, outcome):
    return make_module(catalog, lessons=0, outcomes=[outcome])


@pytest.fixture
def quiz(module, outcome):
    """A quiz whose own rules are generous: no limits, feedback and right answers after submission."""
    questions = [make_question(t, outcomes=[outcome]) for t in ("truefalse", "single")]
    return make_quiz(module, questions=questions, shuffle_questions=False, attempts_allowed=0, time_limit_minutes=0,
                     feedback_when=ReviewWhen.AFTER_SUBMISSION, answers_when=ReviewWhen.AFTER_SUBMISSION)


def assign(classroom, quiz, **fields):
    fields.setdefault("available_from", timezone.now() - timedelta(hours=1))
    return Assignment.objects.create(classroom=classroom, kind="quiz", target_key=quiz.translation_key,
                                     title=quiz.title, **fields)


def api_submit(client, quiz, answers=None) -> dict:
    """Start (or resume) an attempt and submit it through the API, as a student's app would."""
    started = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert started.status_code in (200, 201), started.content
    response = client.post(f"/api/v1/me/quiz-attempts/{started.json()['id']}/submit/", {"answers": answers or {}},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def revealed(data: dict) -> list[str]:
    """What of the answer key an attempt's JSON shows: right answers, feedback or per-question right/wrong."""
    return sorted({key for q in data["questions"] for key in ("correct_answers", "feedback", "general_feedback", "correct")
                   if key in q})


def other_class(teacher, student, name="Taller de cobre"):
    other = Classroom.objects.create(name=name, level="secondary", language="es", owner=teacher)
    Membership.objects.create(classroom=other, student=student)
    return other


def test_leaving_the_class_and_rejoining_keeps_its_rules(client, classroom, student, quiz):
    assignment = assign(classroom, quiz, **STRICT)
    classes.leave(Membership.objects.get(classroom=classroom, student=student))
    client.force_login(student)
    data = api_submit(client, quiz)
    assert data["rules"]["answers_when"] == ReviewWhen.NEVER and revealed(data) == []
    assert Attempt.objects.get().rules_source == rules_source([assignment.pk])
    classes.join(student, classroom.join_code, "127.0.0.1")
    assert client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code == 403  # its one attempt is used
    assert quiz_attempts.attempts_left(quiz, student) == 0


def test_a_student_removed_or_moved_by_the_teacher_stays_under_the_rules_too(teacher, classroom, student, quiz):
    assign(classroom, quiz, **STRICT)
    target = Classroom.objects.create(name="2º medio B", level="secondary", language="es", owner=teacher)
    classes.move_member(Membership.objects.get(classroom=classroom, student=student), target)
    assert rules_for(quiz, student)["answers_when"] == ReviewWhen.NEVER


def test_an_assignment_made_after_the_student_left_does_not_reach_them(classroom, student, quiz):
    classes.leave(Membership.objects.get(classroom=classroom, student=student))
    assign(classroom, quiz, **STRICT)
    assert rules_for(quiz, student) == quiz.rules()


def test_a_second_class_whose_assignment_leaves_the_rules_empty_does_not_loosen_them(client, teacher, classroom,
                                                                                      student, quiz):
    assign(classroom, quiz, due_at=timezone.now() + timedelta(days=1), **STRICT)
    assign(other_class(teacher, student), quiz)  # no rules and no due date: it used to win as "the latest due"
    client.force_login(student)
    data = api_submit(client, quiz)
    assert data["rules"]["attempts_allowed"] == 1 and revealed(data) == []


def test_the_strictest_assignment_wins_key_by_key(teacher, classroom, student, quiz):
    now = timezone.now()
    assign(classroom, quiz, attempts_allowed=3, time_limit_minutes=20, feedback_when=ReviewWhen.AFTER_DUE_DATE,
           answers_when=ReviewWhen.IMMEDIATELY, due_at=now + timedelta(days=1))
    later = now + timedelta(days=5)
    assign(other_class(teacher, student), quiz, attempts_allowed=2, answers_when=ReviewWhen.NEVER, due_at=later)
    rules = rules_for(quiz, student)
    assert (rules["attempts_allowed"], rules["time_limit_minutes"]) == (2, 20)  # fewest; a limit beats "none"
    assert (rules["feedback_when"], rules["answers_when"]) == (ReviewWhen.AFTER_DUE_DATE, ReviewWhen.NEVER)
    assert rules["due_at"] == later.isoformat()  # the latest due date
    assign(other_class(teacher, student, "Club de ciencias"), quiz, attempts_allowed=0, time_limit_minutes=0)
    rules = rules_for(quiz, student)
    assert rules["due_at"] is None  # no due date at all is later than any
    assert (rules["attempts_allowed"], rules["time_limit_minutes"]) == (2, 20)  # "no limit" never loosens another


def test_a_scheduled_assignment_binds_at_once_and_opens_on_its_date(client, classroom, student, quiz):
    assignment = assign(classroom, quiz, available_from=timezone.now() + timedelta(days=2), **STRICT)
    client.force_login(student)
    assert rules_for(quiz, student)["answers_when"] == ReviewWhen.NEVER
    response = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert response.status_code == 403 and "Tu clase puede empezar este cuestionario desde" in response.json()["detail"]
    page = client.post(f"{quiz.url}start/", follow=True)
    assert "Tu clase puede empezar este cuestionario desde" in page.content.decode()
    assert not Attempt.objects.exists()
    Assignment.objects.filter(pk=assignment.pk).update(available_from=timezone.now() - timedelta(minutes=1))
    data = api_submit(client, quiz)
    assert revealed(data) == [] and Attempt.objects.get().rules_source == rules_source([assignment.pk])


def test_an_open_assignment_in_one_class_lets_the_student_start_under_both_classes_rules(teacher, classroom, student,
                                                                                         quiz):
    open_now = assign(classroom, quiz, attempts_allowed=3)
    scheduled = assign(other_class(teacher, student), quiz, available_from=timezone.now() + timedelta(days=2), **STRICT)
    attempt, _created = quiz_attempts.start_attempt(quiz, student)
    assert attempt.rules["attempts_allowed"] == 1 and attempt.rules["answers_when"] == ReviewWhen.NEVER
    assert attempt.rules_source == rules_source([open_now.pk])  # it does not count for the one not open yet
    quiz_attempts.submit_attempt(attempt)
    cells = {a.pk: cell for a, cell in zip(
        [open_now, scheduled], [build_report(c, student_id=student.pk).rows[0].cells[0]
                                for c in (open_now.classroom, scheduled.classroom)])}
    assert cells[open_now.pk].score is not None and cells[scheduled.pk].score is None


def right_answers(attempt):
    answers = {}
    for aq in quiz_attempts.attempt_questions(attempt):
        d = aq.version.definition
        answers[str(aq.position)] = ("true" if d["answer"] else "false") if d["type"] == "truefalse" else next(
            c["id"] for c in d["choices"] if c["fraction"] > 0)
    return answers


def test_the_class_report_counts_only_attempts_made_under_the_assignments_rules(classroom, student, quiz):
    before, _created = quiz_attempts.start_attempt(quiz, student)  # the quiz's own rules: answers after submission
    quiz_attempts.submit_attempt(before, answers=right_answers(before))
    assert Attempt.objects.get().passed
    assignment = assign(classroom, quiz, **STRICT)
    cell = build_report(classroom).rows[0].cells[0]
    assert cell.status == "todo" and cell.score is None
    # the attempt before the assignment is not one of its attempts
    assert quiz_attempts.attempts_left(quiz, student) == 1
    under, _created = quiz_attempts.start_attempt(quiz, student)
    assert under.rules_source == rules_source([assignment.pk])
    quiz_attempts.submit_attempt(under)  # nothing answered
    cell = build_report(classroom).rows[0].cells[0]
    assert cell.score == 0 and cell.failed_attempts == 1


def test_the_attempt_limit_counts_the_attempts_in_every_language_of_the_quiz(site_pages, module, classroom, student,
                                                                             quiz):
    english = site_pages["home"]["en"].locale
    module.copy_for_translation(english)
    english_quiz = quiz.copy_for_translation(english)
    assign(classroom, quiz, attempts_allowed=1)
    quiz_attempts.submit_attempt(quiz_attempts.start_attempt(quiz, student)[0])
    assert quiz_attempts.attempts_left(english_quiz, student) == 0
    with pytest.raises(quiz_attempts.AttemptLimitReached):
        quiz_attempts.start_attempt(english_quiz, student)


def test_the_quiz_page_refuses_a_start_to_a_student_who_left(client, classroom, student, quiz):
    assign(classroom, quiz, **STRICT)
    client.force_login(student)
    client.post(f"{quiz.url}start/")
    attempt = Attempt.objects.get()
    client.post(f"{quiz.url}attempt/{attempt.pk}/submit/")
    client.post(reverse("teachers:leave", args=[classroom.pk]))
    assert not Membership.objects.current().filter(student=student).exists()
    response = client.get(quiz.url)
    assert response.context["attempts_left"] == 0 and response.context["rules"]["answers_when"] == ReviewWhen.NEVER
    assert client.post(f"{quiz.url}start/").status_code == 302 and Attempt.objects.count() == 1


def test_someone_never_in_the_class_keeps_the_quiz_rules(client, classroom, student, quiz):
    assign(classroom, quiz, **STRICT)
    client.force_login(UserFactory(username="visitante"))
    data = api_submit(client, quiz)
    assert "correct_answers" in revealed(data) and Attempt.objects.get().rules_source == ""


def test_the_migration_names_the_assignment_of_attempts_made_before_rules_source_existed(teacher, classroom, student,
                                                                                           quiz):
    from importlib import import_module

    from django.apps import apps

    backfill = import_module("teachers.migrations.0004_backfill_attempt_rules_source").backfill
    assignment = assign(classroom, quiz, **STRICT)
    outsider = UserFactory(username="visitante")
    made = [quiz_attempts.start_attempt(quiz, user)[0] for user in (student, outsider)]
    Attempt.objects.update(rules_source="")
    backfill(apps, None)
    assert [Attempt.objects.get(pk=a.pk).rules_source for a in made] == [rules_source([assignment.pk]), ""]
