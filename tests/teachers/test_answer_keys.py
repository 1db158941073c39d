"""Who reads an answer key (issue #12): a class's teachers for what they gave the class, curators for all,
and never a Teacher for a track's assessments, which teachers in training take themselves."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Role
from curriculum.models import TrackModule, TrackPage
from teachers.models import Assignment, Classroom
from tests.factories import OutcomeFactory, make_module, publish
from tests.quizzes.conftest import make_question, make_quiz
from tests.teachers.conftest import make_teacher


@pytest.fixture
def outcome(db):
    return OutcomeFactory(code="CM-SEC-13")


@pytest.fixture
def module(catalog, outcome):
    return make_module(catalog, lessons=1, outcomes=[outcome])


@pytest.fixture
def quiz(module, outcome):
    return make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome])], title="Prueba")


def key_status(client, classroom, page):
    return client.get(reverse("teachers:answer-key", args=[classroom.pk, page.translation_key])).status_code


def give(classroom, kind, page):
    return Assignment.objects.create(classroom=classroom, kind=kind, target_key=page.translation_key, title=page.title)


def make_track(parent, modules, **tests):
    track = TrackPage(title="Formación docente", slug="formacion-docente", summary="Itinerario.", locale=parent.locale,
                      **tests)
    for order, module in enumerate(modules):
        track.track_modules.add(TrackModule(module=module, sort_order=order))
    return publish(parent, track)


def test_a_teacher_reads_the_key_only_of_quizzes_given_to_the_class(client, teacher, classroom, quiz, module):
    client.force_login(teacher)
    sheet = client.get(reverse("teachers:worksheet", args=[classroom.pk, quiz.translation_key]))
    assert sheet.status_code == 200 and not sheet.context["key_allowed"]
    assert reverse("teachers:answer-key", args=[classroom.pk, quiz.translation_key]) not in sheet.content.decode()
    assert key_status(client, classroom, quiz) == 403
    give(classroom, "quiz", quiz)
    assert key_status(client, classroom, quiz) == 200


def test_a_module_given_to_the_class_opens_the_keys_of_its_quizzes_and_lessons(client, teacher, classroom, quiz,
                                                                               module):
    lesson = module.get_children().first().specific
    lesson.body.append(("quiz", {"quiz": quiz, "heading": "", "text": ""}))
    lesson.save_revision().publish()
    client.force_login(teacher)
    assert key_status(client, classroom, lesson) == 403
    give(classroom, "module", module)
    assert key_status(client, classroom, quiz) == 200 and key_status(client, classroom, lesson) == 200


def test_another_class_of_the_same_teacher_does_not_open_the_key(client, teacher, classroom, quiz):
    other = Classroom.objects.create(name="Otra", level="secondary", language="es", owner=teacher)
    give(other, "quiz", quiz)
    client.force_login(teacher)
    assert key_status(client, classroom, quiz) == 403 and key_status(client, other, quiz) == 200


@pytest.mark.parametrize("part", ["pre_test", "post_test", "module_quiz"])
def test_a_tracks_assessments_are_never_keyed_to_a_teacher_even_assigned(client, catalog, quiz, module, outcome, part):
    trainee = make_teacher(username="aprendiz")
    cohort = Classroom.objects.create(name="Cohorte", level="secondary", language="es", owner=trainee)
    if part == "module_quiz":
        make_track(catalog, [module])
    else:
        make_track(catalog, [make_module(catalog, lessons=0, outcomes=[outcome])], **{part: quiz})
    give(cohort, "quiz", quiz)
    give(cohort, "module", module)
    client.force_login(trainee)
    assert key_status(client, cohort, quiz) == 403
    curator = make_teacher(username="curadora")
    curator.groups.add(Group.objects.get_or_create(name=Role.CURATOR.value)[0])
    cohort.co_teachers.add(curator)
    client.force_login(curator)
    assert key_status(client, cohort, quiz) == 200


def test_a_curator_reads_any_key_of_a_class_they_teach(client, catalog, quiz):
    curator = make_teacher(username="curadora")
    curator.groups.add(Group.objects.get_or_create(name=Role.CURATOR.value)[0])
    own = Classroom.objects.create(name="Demostración", level="secondary", language="es", owner=curator)
    client.force_login(curator)
    assert key_status(client, own, quiz) == 200
