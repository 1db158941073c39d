from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.utils import translation
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress.models import LessonProgress
from quizzes.models import Attempt
from teachers.my_assignments import my_assignments
from teachers.report import build_report
from teachers.report_export import local_datetime
from teachers.models import Assignment, Classroom, Extension, Membership
from teachers.rules import rules_source
from tests.factories import UserFactory, make_module
from tests.quizzes.conftest import make_quiz
from tests.teachers.builders import fill_summaries, populate


@pytest.fixture
def content(catalog):
    module = make_module(catalog, lessons=2)
    quiz = make_quiz(module, title="Cuestionario del módulo")
    return module, quiz


def report_queries(client, classroom, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("teachers:report", args=[classroom.pk]), params)
    assert response.status_code == 200
    return len(queries), response


def test_the_class_report_uses_the_same_number_of_queries_for_5x3_and_40x30(client, teacher, content):
    module, quiz = content
    small = Classroom.objects.create(name="small", level="secondary", language="es", owner=teacher)
    large = Classroom.objects.create(name="large", level="secondary", language="es", owner=teacher)
    populate(small, 5, 3, module=module, quiz=quiz)
    populate(large, 40, 30, module=module, quiz=quiz)
    client.force_login(teacher)
    report_queries(client, small)  # warm caches (site root, locales, content types)
    small_count, small_response = report_queries(client, small)
    large_count, large_response = report_queries(client, large)
    assert small_count == large_count, (small_count, large_count)
    assert large_count <= 12  # the session and the teacher among them; the essays waiting come with the attempts
    assert len(large_response.context["report"].rows) == 40
    assert len(large_response.context["report"].assignments) == 30
    for fmt in ("csv", "xlsx"):
        count, response = report_queries(client, large, format=fmt)
        assert count <= large_count
    csv_lines = report_queries(client, large, format="csv")[1].content.decode("utf-8-sig").splitlines()
    assert len(csv_lines) == 41


@translation.override("en")
def test_the_report_shows_status_score_and_who_is_stuck(teacher, classroom, content):
    module, quiz = content
    now = timezone.now()
    busy, idle = UserFactory(username="busy"), UserFactory(username="idle")
    Membership.objects.create(classroom=classroom, student=busy, joined_at=now - timedelta(days=10))
    Membership.objects.create(classroom=classroom, student=idle, joined_at=now - timedelta(days=10))
    lesson = module.get_children().first().specific
    Assignment.objects.create(classroom=classroom, kind="lesson", target_key=lesson.translation_key, title="L1",
                              available_from=now - timedelta(days=5), due_at=now - timedelta(days=1))
    quiz_assignment = Assignment.objects.create(classroom=classroom, kind="quiz", target_key=quiz.translation_key, title="Q",
                                                available_from=now - timedelta(days=5), due_at=now + timedelta(days=3))
    Assignment.objects.create(classroom=classroom, kind="module", target_key=module.translation_key, title="M",
                              available_from=now - timedelta(days=5))
    LessonProgress.objects.create(user=busy, lesson_key=lesson.translation_key, module_key=module.translation_key,
                                  completed_at=now - timedelta(days=2), seconds_spent=600)
    for number, score in enumerate([0.2, 0.3, 0.4], start=1):
        Attempt.objects.create(user=busy, quiz=quiz, quiz_key=quiz.translation_key, number=number, state="submitted",
                               rules_source=rules_source([quiz_assignment.pk]), seed=1, started_at=now - timedelta(hours=number), submitted_at=now - timedelta(hours=number) + timedelta(minutes=5),
                               score=score, passed=False)
    fill_summaries()
    report = build_report(classroom)
    rows = {row.student.username: row for row in report.rows}
    lesson_cell, quiz_cell, module_cell = rows["busy"].cells
    assert lesson_cell.status == "done" and lesson_cell.seconds == 600
    # submitted and failed: shown as not passed with the best score, not "in progress"
    assert quiz_cell.status == "failed" and quiz_cell.percent == 40 and quiz_cell.failed_attempts == 3
    assert quiz_cell.status_label == "Not passed"
    assert module_cell.progress == pytest.approx(1 / 3)  # 1 of 2 lessons + 1 quiz
    assert rows["idle"].cells[0].status == "late"
    assert {row.student.username for row in report.stuck} == {"busy", "idle"}
    assert "3 failed" in rows["busy"].stuck_reasons[0] and "no activity" in rows["idle"].stuck_reasons[0]


def test_an_extension_changes_lateness_for_that_student_only(client, teacher, classroom, content):
    now = timezone.now()
    ana, beto = UserFactory(username="ana"), UserFactory(username="beto")
    for user in (ana, beto):
        Membership.objects.create(classroom=classroom, student=user)
    assignment = Assignment.objects.create(classroom=classroom, kind="lesson", target_key=content[0].translation_key,
                                           title="L", available_from=now - timedelta(days=3), due_at=now - timedelta(days=1))
    assert [row.cells[0].status for row in build_report(classroom).rows] == ["late", "late"]
    client.force_login(teacher)
    client.post(reverse("teachers:extension", args=[classroom.pk, assignment.pk]),
                {"student": ana.pk, "due_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"), "reason": "Enfermedad"})
    extension = Extension.objects.get()
    assert extension.granted_by == teacher and extension.reason == "Enfermedad"
    statuses = {row.student.username: row.cells[0] for row in build_report(classroom).rows}
    assert statuses["ana"].status == "todo" and statuses["ana"].extended
    assert statuses["beto"].status == "late"
    assert [i.cell.status for i in my_assignments(ana, "es")["todo"]] == ["todo"]
    assert my_assignments(beto, "es")["late"]


def test_relative_due_dates_count_from_each_students_start(teacher, content):
    now = timezone.now()
    classroom = Classroom.objects.create(name="Autoestudio", level="secondary", language="es", owner=teacher, self_paced=True)
    early, late = UserFactory(), UserFactory()
    Membership.objects.create(classroom=classroom, student=early, joined_at=now - timedelta(days=10))
    Membership.objects.create(classroom=classroom, student=late, joined_at=now - timedelta(days=1))
    Assignment.objects.create(classroom=classroom, kind="lesson", target_key=content[0].translation_key, title="L",
                              available_from=now - timedelta(days=30), relative_due_days=7)
    statuses = {row.student: row.cells[0].status for row in build_report(classroom).rows}
    assert statuses == {early: "late", late: "todo"}


def test_the_heat_map_and_per_student_page(client, teacher, classroom, content):
    populate(classroom, 3, 2, module=content[0], quiz=content[1])
    client.force_login(teacher)
    response = client.get(reverse("teachers:report", args=[classroom.pk]))
    assert response.context["heat"] and "CM-SEC-01" in response.content.decode()
    member = classroom.memberships.first()
    page = client.get(reverse("teachers:student", args=[classroom.pk, member.student_id]))
    assert page.status_code == 200 and str(member.student) in page.content.decode()
    xlsx = client.get(reverse("teachers:report", args=[classroom.pk]), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_the_benchmark_module_runs_on_a_small_class(teacher, content):
    from tests.benchmarks import bench_teachers

    figures = {}
    bench_teachers.run(lambda name, value, unit: figures.__setitem__(name, value), sizes=(3, 6), assignments=4)
    assert figures["teachers_report_3_queries"] == figures["teachers_report_6_queries"]
    assert figures["teachers_report_6_ms"] > 0


def test_the_report_data_takes_at_most_12_queries_whatever_the_class_size(teacher, content, django_assert_max_num_queries):
    from tests.progress.test_tracks import make_track

    module, quiz = content
    track = make_track(module.get_parent(), [module])
    counts = []
    for size in (5, 40):
        classroom = Classroom.objects.create(name=f"c{size}", level="secondary", language="es", owner=teacher)
        populate(classroom, size, 12, module=module, quiz=quiz, prefix=f"q{size}")
        Assignment.objects.create(classroom=classroom, kind="track", target_key=track.translation_key, title="T",
                                  available_from=timezone.now() - timedelta(days=1))
        build_report(classroom)  # warm the content-type cache
        with django_assert_max_num_queries(12) as captured:
            report = build_report(classroom)
        counts.append(len(captured))
        assert len(report.rows) == size and report.has_tracks
    assert counts[0] == counts[1]


def test_the_report_page_shows_a_failed_quiz_with_its_score(client, teacher, classroom, content):
    module, quiz = content
    student = UserFactory(username="carla")
    Membership.objects.create(classroom=classroom, student=student)
    assignment = Assignment.objects.create(classroom=classroom, kind="quiz", target_key=quiz.translation_key, title="Q",
                                           available_from=timezone.now() - timedelta(days=1))
    Attempt.objects.create(user=student, quiz=quiz, quiz_key=quiz.translation_key, number=1, state="submitted", seed=1,
                           started_at=timezone.now() - timedelta(minutes=9), submitted_at=timezone.now(),
                           score=0.21, passed=False, rules_source=rules_source([assignment.pk]))
    fill_summaries()
    client.force_login(teacher)
    with translation.override("en"):
        html = client.get(reverse("teachers:report", args=[classroom.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'status--failed' in html and "21%" in html
    assert "In progress" not in html


def fail_attempts(user, quiz, count, assignment):
    """``count`` failed attempts, run under the assignment's rules (so its report counts them)."""
    now = timezone.now()
    for number in range(1, count + 1):
        Attempt.objects.create(user=user, quiz=quiz, quiz_key=quiz.translation_key, number=number, state="submitted",
                               seed=1, started_at=now - timedelta(hours=number),
                               submitted_at=now - timedelta(hours=number) + timedelta(minutes=5), score=0.2, passed=False,
                               rules_source=rules_source([assignment.pk]))


@translation.override("en")
@pytest.mark.parametrize("quiz_allows, assignment_allows", [(2, None), (0, 2), (5, 2)])
def test_who_needs_help_flags_a_student_who_failed_every_allowed_attempt(
        teacher, classroom, catalog, quiz_allows, assignment_allows):
    module = make_module(catalog, lessons=1)
    quiz = make_quiz(module, title="Relaves", attempts_allowed=quiz_allows)
    stuck, trying = UserFactory(username="stuck"), UserFactory(username="trying")
    for user in (stuck, trying):
        Membership.objects.create(classroom=classroom, student=user)
    assignment = Assignment.objects.create(
        classroom=classroom, kind="quiz", target_key=quiz.translation_key, title="Q",
        available_from=timezone.now() - timedelta(days=1), attempts_allowed=assignment_allows)
    fail_attempts(stuck, quiz, 2, assignment)
    fail_attempts(trying, quiz, 1, assignment)
    fill_summaries()
    report = build_report(classroom)
    assert [row.student.username for row in report.stuck] == ["stuck"]
    assert report.stuck[0].stuck_reasons == ["failed every allowed attempt of Relaves"]


def test_no_limit_on_attempts_never_counts_as_every_attempt_failed(teacher, classroom, catalog):
    module = make_module(catalog, lessons=1)
    quiz = make_quiz(module, attempts_allowed=0)
    student = UserFactory()
    Membership.objects.create(classroom=classroom, student=student)
    assignment = Assignment.objects.create(classroom=classroom, kind="quiz", target_key=quiz.translation_key,
                                           title="Q", available_from=timezone.now() - timedelta(days=1))
    fail_attempts(student, quiz, 2, assignment)
    fill_summaries()
    assert build_report(classroom).stuck == []


def test_the_csv_export_is_named_after_the_class_and_speaks_the_teachers_language(client, teacher, classroom, content):
    student = UserFactory(username="dani")
    Membership.objects.create(classroom=classroom, student=student)
    assignment = Assignment.objects.create(classroom=classroom, kind="quiz", target_key=content[1].translation_key,
                                           title="Q", available_from=timezone.now() - timedelta(days=1))
    Attempt.objects.create(user=student, quiz=content[1], quiz_key=content[1].translation_key, number=1,
                           state="submitted", seed=1, started_at=timezone.now() - timedelta(minutes=9),
                           submitted_at=timezone.now(), score=0.5, passed=True, rules_source=rules_source([assignment.pk]))
    fill_summaries()
    client.force_login(teacher)
    with translation.override("es"):
        response = client.get(reverse("teachers:report", args=[classroom.pk]), {"format": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="2o-medio-a-{timezone.localdate().isoformat()}.csv"'
    header, line = response.content.decode("utf-8-sig").splitlines()
    assert header == "Nombre de usuario,Nombre,Grupo,Última actividad,Q — estado,Q — puntaje (%),Q — minutos"
    assert line.split(",")[4] == "Hechas"  # not "done"


def test_export_dates_are_in_the_readers_timezone_and_language():
    evening_in_santiago = datetime(2026, 3, 1, 23, 30, tzinfo=dt_timezone.utc)  # 20:30 in Santiago (UTC-3)
    with translation.override("es"):
        assert local_datetime(evening_in_santiago) == "01/03/2026 20:30"
    with translation.override("en"):
        assert local_datetime(evening_in_santiago) == "03/01/2026 8:30 p.m."
    assert local_datetime(None) == ""


def test_a_large_class_report_pages_its_grid_and_keeps_the_rest_whole_class(client, teacher, content):
    from teachers.report_views import STUDENTS_PER_PAGE

    module, quiz = content
    classroom = Classroom.objects.create(name="big", level="secondary", language="es", owner=teacher)
    users, _ = populate(classroom, STUDENTS_PER_PAGE + 30, 4, module=module, quiz=quiz)
    stuck_everywhere = {row.student.pk for row in build_report(classroom).stuck}
    assert stuck_everywhere, "the data should have students who look stuck"
    client.force_login(teacher)
    report_queries(client, classroom)  # warm caches
    first_count, first = report_queries(client, classroom)
    second_count, second = report_queries(client, classroom, page=2)
    assert first_count == second_count
    on_first = [row.student.pk for row in first.context["report"].page_rows]
    on_second = [row.student.pk for row in second.context["report"].page_rows]
    assert len(on_first) == STUDENTS_PER_PAGE and len(on_second) == 30 and not set(on_first) & set(on_second)
    assert [row.student.pk for row in build_report(classroom).rows] == on_first + on_second
    for response in (first, second):  # who needs help and the heat map stay whole-class
        assert {row.student.pk for row in response.context["report"].stuck} == stuck_everywhere
        assert len(response.context["report"].rows) == STUDENTS_PER_PAGE + 30
    html = second.content.decode()
    assert 'aria-current="page" href="?page=2"' in html and f"{STUDENTS_PER_PAGE + 1}–{STUDENTS_PER_PAGE + 30}" in html
    assert client.get(reverse("teachers:report", args=[classroom.pk]), {"page": 3}).status_code == 404
    csv_lines = report_queries(client, classroom, format="csv", page=2)[1].content.decode("utf-8-sig").splitlines()
    assert len(csv_lines) == STUDENTS_PER_PAGE + 31  # exports are whole-class


def test_who_needs_help_and_the_heat_map_headers_are_escaped_and_link_each_student(client, teacher, classroom, catalog):
    """Both are built in teachers/grid.py, not the template: the escaping is theirs."""
    from quizzes.models import OutcomeMastery

    quiz = make_quiz(make_module(catalog, lessons=1), title="Ácidos & <bases>", attempts_allowed=1)
    student = UserFactory(username="stuck", display_name="Ana <b>")
    Membership.objects.create(classroom=classroom, student=student)
    OutcomeMastery.objects.create(user=student, outcome_code="CM-SEC-01", recent=[1], responses=1, correct=1,
                                  updated_at=timezone.now())
    assignment = Assignment.objects.create(classroom=classroom, kind="quiz", target_key=quiz.translation_key,
                                           title="Q", available_from=timezone.now() - timedelta(days=1))
    fail_attempts(student, quiz, 1, assignment)
    fill_summaries()
    client.force_login(teacher)
    with translation.override("en"):
        html = client.get(reverse("teachers:report", args=[classroom.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        url = reverse("teachers:student", args=[classroom.pk, student.pk])
    assert (f'<li><a href="{url}">Ana &lt;b&gt;</a>: failed every allowed attempt of Ácidos &amp; &lt;bases&gt;</li>'
            in html)
    assert '<th scope="col">Ana &lt;b&gt;</th>' in html and "<b>" not in html.split("heatmap")[1]
