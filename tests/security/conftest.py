"""One small world with every role in it, shared by the security suite.

Roles: anonymous, a student and a student of another class, their two teachers,
a contributor, a translator, a curator and a researcher. The world holds one of
everything a route can name (class, membership, assignment, quiz with every
question type, open attempt, certificate, dataset, module package), so the
route matrix and Schemathesis reach past "not found".
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import Role
from datasets.services import import_dataset_file
from impact.models import RESEARCHER_GROUP
from lessons.models import GlossaryTerm
from progress import certificate_issuing
from progress import enrolment as progress_enrolment
from progress import lesson_progress as progress_lesson_progress
from quizzes import attempts
from teachers.models import Assignment, Classroom, Membership
from tests.factories import (GlossaryTermFactory, InstitutionFactory, MineralFactory, OutcomeFactory, ThemeFactory,
                             UserFactory, make_lesson, make_module)
from tests.quizzes.conftest import SAMPLES, make_question, make_quiz

ROLES = ("anonymous", "student", "other_student", "teacher", "other_teacher", "contributor", "translator", "curator",
         "researcher")


@dataclass
class World:
    users: dict
    classroom: Classroom
    other_classroom: Classroom
    membership: Membership
    assignment: Assignment
    module: object
    lesson: object
    quiz: object
    attempt: object
    enrolment: object
    lesson_progress: object
    certificate: object
    dataset: object
    theme: object
    mineral: object
    outcome: object
    glossary_term: GlossaryTerm
    tokens: dict = field(default_factory=dict)


def in_group(user, name):
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def build_world(parent, tmp_path) -> World:
    home, elsewhere = InstitutionFactory(name="Liceo Minero"), InstitutionFactory(name="Universidad del Norte")
    users = {"anonymous": None}
    for role, group in (("teacher", Role.TEACHER), ("other_teacher", Role.TEACHER), ("contributor", Role.CONTRIBUTOR),
                        ("translator", Role.TRANSLATOR), ("curator", Role.CURATOR), ("researcher", RESEARCHER_GROUP),
                        ("student", None), ("other_student", None)):
        user = UserFactory(username=f"sec-{role}", display_name=role.replace("_", " ").title(),
                           institution=elsewhere if role == "other_teacher" else home)
        users[role] = in_group(user, group) if group else user
    classroom = Classroom.objects.create(name="3º medio B", level="secondary", language="es", owner=users["teacher"])
    other_classroom = Classroom.objects.create(name="Otra clase", level="secondary", language="es",
                                               owner=users["other_teacher"])
    membership = Membership.objects.create(classroom=classroom, student=users["student"], group="A")
    Membership.objects.create(classroom=other_classroom, student=users["other_student"])

    outcome = OutcomeFactory(code="SEC-OUT-01")
    theme, mineral = ThemeFactory(code="sec-water"), MineralFactory(code="sec-copper")
    module = make_module(parent, title="Seguridad del cobre", slug="sec-module", lessons=0, outcomes=[outcome],
                         themes=[theme], minerals=[mineral])
    lesson = make_lesson(module, number=1, outcomes=[outcome])
    lesson.teacher_guide = [("phase", {"minutes": 30, "title": "Todo", "text": ""}),
                            ("answer_key", {"activity": "Actividad", "text": "SECRET-ANSWER-KEY"})]
    lesson.save()
    questions = [make_question(qtype, outcomes=[outcome]) for qtype in SAMPLES]
    quiz = make_quiz(module, questions=questions, shuffle_questions=False, title="Prueba de seguridad")
    assignment = Assignment.objects.create(classroom=classroom, kind=Assignment.Kind.QUIZ,
                                           target_key=quiz.translation_key,
                                           title=quiz.title, available_from=timezone.now() - timedelta(days=1),
                                           due_at=timezone.now() + timedelta(days=7), created_by=users["teacher"])
    attempt, _created = attempts.start_attempt(quiz, users["student"])
    enrolment, _created = progress_enrolment.enrol(users["student"], module)
    lesson_progress = progress_lesson_progress.view_lesson(users["student"], lesson)
    certificate = certificate_issuing.issue_certificate(users["student"], module, 3600)
    csv_path = tmp_path / "sec-lithium.csv"
    csv_path.write_text("country,production\nChile,49000\nArgentina,18000\n")
    dataset, _structure = import_dataset_file(csv_path, slug="sec-lithium", title="Litio")
    return World(users=users, classroom=classroom, other_classroom=other_classroom, membership=membership,
                 assignment=assignment, module=module, lesson=lesson, quiz=quiz, attempt=attempt,
                 enrolment=enrolment, lesson_progress=lesson_progress,
                 certificate=certificate, dataset=dataset, theme=theme, mineral=mineral, outcome=outcome,
                 glossary_term=GlossaryTermFactory(code="sec-brine"),
                 tokens={role: Token.objects.create(user=user).key for role, user in users.items() if user})


@pytest.fixture(autouse=True)
def no_reading_time(settings):
    """The matrix asks who may complete a lesson, not whether it was read (tests/progress/test_trainee_rules.py)."""
    settings.ALMA_LESSON_MIN_READING_SECONDS = 0


@pytest.fixture
def world(catalog, tmp_path):
    return build_world(catalog, tmp_path)
