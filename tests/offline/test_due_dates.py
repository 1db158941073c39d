"""A due date is judged by when the learner acted, within the offline tolerance the teacher sets."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Role
from teachers.models import Assignment, Classroom, Membership
from teachers.report import Status, build_report
from tests.factories import UserFactory
from tests.quizzes.conftest import make_question, make_quiz
from tests.offline.conftest import attempt_record, downloaded_yesterday, draw, lesson_record, right_answers, sign_in, sync


def teacher_with_class(learner):
    teacher = UserFactory(username="profe-offline")
    teacher.groups.add(Group.objects.get_or_create(name=Role.TEACHER)[0])
    classroom = Classroom.objects.create(name="2º medio", level="secondary", language="es", owner=teacher)
    Membership.objects.create(classroom=classroom, student=learner)
    return teacher, classroom


def test_the_teacher_sets_the_tolerance_in_the_assignment_form(learner, lessons):
    teacher, classroom = teacher_with_class(learner)
    client = sign_in(teacher)
    page = client.get(f"/es/classes/{classroom.pk}/assignments/")
    assert "Tolerancia sin conexión (horas)" in page.content.decode()
    due = timezone.localtime() + timedelta(days=2)
    response = client.post(f"/es/classes/{classroom.pk}/assignments/", {
        "page": lessons[0].pk, "due_at": due.strftime("%Y-%m-%dT%H:%M"), "offline_tolerance_hours": "12",
        "audience": "class", "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Assignment.objects.get(classroom=classroom).offline_tolerance_hours == 12
    refused = client.post(f"/es/classes/{classroom.pk}/assignments/", {
        "page": lessons[1].pk, "offline_tolerance_hours": "-1", "audience": "class",
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert refused.status_code == 400 and Assignment.objects.count() == 1


def test_work_synced_late_is_on_time_when_done_before_the_due_date_and_its_tolerance(learner_client, learner, module,
                                                                                     lessons):
    quiz = make_quiz(module, questions=[make_question(kind) for kind in ("single", "truefalse", "numeric")],
                     shuffle_questions=False)
    teacher, classroom = teacher_with_class(learner)
    due = timezone.now() - timedelta(hours=10)
    assignments = {
        name: Assignment.objects.create(classroom=classroom, kind=kind, target_key=page.translation_key,
                                        title=page.title, available_from=due - timedelta(days=3), due_at=due,
                                        offline_tolerance_hours=tolerance)
        for name, kind, page, tolerance in [("lesson-1", Assignment.Kind.LESSON, lessons[0], 0),
                                            ("lesson-2", Assignment.Kind.LESSON, lessons[1], 4),
                                            ("quiz", Assignment.Kind.QUIZ, quiz, 6)]}
    drawn = draw(learner_client, quiz)
    downloaded_yesterday(drawn)
    # Synced now, 10 hours after the due date: done before it, 3 h after it (tolerance 4 h), 5 h after (tolerance 6 h).
    response = sync(learner_client, lesson_record(lessons[0], acted=due - timedelta(hours=1)),
                    lesson_record(lessons[1], acted=due + timedelta(hours=3)),
                    attempt_record(drawn, right_answers(drawn), acted=due + timedelta(hours=5)))
    assert response.status_code == 200, response.json()
    cells = dict(zip([a.title for a in build_report(classroom).assignments], build_report(classroom).rows[0].cells))
    status = {name: cells[a.title].status for name, a in assignments.items()}
    assert status == {"lesson-1": Status.DONE, "lesson-2": Status.DONE, "quiz": Status.DONE}, status
    assert cells[quiz.title].score == 1.0

    Assignment.objects.filter(pk=assignments["lesson-2"].pk).update(offline_tolerance_hours=2)
    html = sign_in(teacher).get(f"/es/classes/{classroom.pk}/report/").content.decode()
    assert html.count("status--done-late") == 1 and html.count('status--done"') == 2
