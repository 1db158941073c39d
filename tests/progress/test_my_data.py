""""My data" holds every personal record the platform keeps about the learner (issue #12):
attempts with their answers, mastery, class memberships, assignments, extensions."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import personal_data
from quizzes import attempts as quiz_attempts
from teachers.models import Assignment, Classroom, Extension, Membership
from tests.factories import UserFactory
from tests.quizzes.conftest import all_types, module, outcome, quiz  # noqa: F401  (fixtures)
from tests.quizzes.test_attempts import right_answers
from tests.teachers.conftest import make_teacher


@pytest.fixture
def learner(db):
    return UserFactory(username="camila", display_name="Camila Quispe")


def test_my_data_includes_attempts_answers_mastery_and_class_work(client, learner, quiz):  # noqa: F811
    attempt, _created = quiz_attempts.start_attempt(quiz, learner)
    quiz_attempts.save_answers(attempt, right_answers(attempt))
    quiz_attempts.submit_attempt(attempt)
    teacher = make_teacher(username="profe")
    classroom = Classroom.objects.create(name="2º medio A", level="secondary", language="es", owner=teacher)
    membership = Membership.objects.create(classroom=classroom, student=learner, group="Grupo azul")
    chosen = Assignment.objects.create(classroom=classroom, kind=Assignment.Kind.QUIZ, target_key=quiz.translation_key,
                                       title="Prueba de cobre", audience=Assignment.Audience.STUDENTS)
    chosen.students.add(learner)
    Assignment.objects.create(classroom=classroom, kind=Assignment.Kind.QUIZ, target_key=quiz.translation_key,
                              title="Solo el grupo rojo", audience=Assignment.Audience.GROUPS, groups=["Grupo rojo"])
    Extension.objects.create(assignment=chosen, student=learner, due_at=timezone.now() + timedelta(days=3),
                             reason="enfermedad", granted_by=teacher)
    client.force_login(learner)
    response = client.get("/es/learning/my-data.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["user"]["username"] == "camila" and data["user"]["display_name"] == "Camila Quispe"
    [exported] = data["quiz_attempts"]
    assert exported["state"] == "submitted" and len(exported["responses"]) == 8
    assert all(answer["answer"] is not None for answer in exported["responses"])
    assert data["outcome_mastery"][0]["outcome_code"] == "CM-SEC-01" and data["outcome_mastery"][0]["mastered"]
    [joined] = data["class_memberships"]
    assert (joined["classroom__name"], joined["group"], joined["left_at"]) == ("2º medio A", "Grupo azul", None)
    assert joined["joined_at"].startswith(membership.joined_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert [a["title"] for a in data["assignments"]] == ["Prueba de cobre"]
    assert data["extensions"][0]["reason"] == "enfermedad"
    # Nothing about another learner, and the teacher's own data is theirs.
    assert "profe" not in response.content.decode()
    client.force_login(teacher)
    taught = json.loads(client.get("/es/learning/my-data.json").content)
    assert taught["classes_taught"][0]["name"] == "2º medio A" and taught["quiz_attempts"] == []


def test_every_app_contributes_its_section():
    assert {"user", "enrolments", "lesson_progress", "certificates", "statements", "quiz_attempts", "outcome_mastery",
            "class_memberships", "assignments", "extensions", "paper_answers", "classes_taught",
            "package_imports"} <= set(personal_data.sections())
    with pytest.raises(ValueError, match="already registered"):
        personal_data.register("quiz_attempts")(lambda user: [])
