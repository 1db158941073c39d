"""Trainer cohorts: a class whose members are teachers in training, with the
teacher-training track assigned and the same reports, including hours."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from curriculum.models import TrackModule, TrackPage
from progress import enrolment, lesson_progress
from progress.models import Enrolment
from teachers import membership as classes
from teachers import roster
from teachers.report import build_report
from teachers.models import Assignment, Classroom, Membership
from tests.factories import UserFactory, make_module, publish
from tests.teachers.conftest import make_teacher


@pytest.fixture
def trainer(db):
    return make_teacher(username="formadora", display_name="Formadora Quispe")


@pytest.fixture
def cohort(trainer):
    return Classroom.objects.create(name="Cohorte 2026", level="teacher-training", language="es", owner=trainer, is_cohort=True)


@pytest.fixture
def track(catalog):
    modules = [make_module(catalog, title=f"Módulo docente {n}", lessons=1) for n in (1, 2, 3)]
    for module, hours in zip(modules, ("4", "6", "2.5")):
        module.estimated_hours = Decimal(hours)
        module.save_revision().publish()
    track = TrackPage(title="Formación docente", slug="formacion-docente", summary="Itinerario.", locale=catalog.locale)
    for order, module in enumerate(modules):
        track.track_modules.add(TrackModule(module=module, sort_order=order))
    return publish(catalog, track), modules


def complete_module(user, module):
    """The learner's own way: enrol, then complete every lesson of the module."""
    enrolment.enrol(user, module)
    for lesson in module.get_children().live().specific():
        lesson_progress.complete_lesson(user, lesson, seconds=900)


def test_only_teachers_join_a_cohort_and_accounts_created_in_it_are_teachers(cohort, trainer):
    with translation.override("en"), pytest.raises(classes.JoinError, match="teacher-training cohort"):
        classes.join(UserFactory(), cohort.join_code, "10.0.0.9")
    teacher = make_teacher(username="docente1")
    assert classes.join(teacher, cohort.join_code, "10.0.0.9").classroom == cohort
    user, _password = roster.create_student(cohort, "docente2")
    assert classes.is_teacher(user)


def test_the_trainer_assigns_the_track_and_the_report_shows_hours_and_track_progress(client, trainer, cohort, track):
    track_page, modules = track
    ana, beto = make_teacher(username="ana.docente"), make_teacher(username="beto.docente")
    for user in (ana, beto):
        Membership.objects.create(classroom=cohort, student=user)
    client.force_login(trainer)
    form = client.get(reverse("teachers:assignments", args=[cohort.pk]))
    assert "Formación docente" in form.content.decode()
    response = client.post(reverse("teachers:assignments", args=[cohort.pk]), {"page": track_page.pk, "audience": "class"})
    assert response.status_code == 302, response.context["form"].errors
    assignment = Assignment.objects.get(classroom=cohort)
    assert assignment.kind == "track" and assignment.target_key == track_page.translation_key

    enrolment.enrol_track(ana, track_page)
    complete_module(ana, modules[0])
    complete_module(ana, modules[1])

    report = build_report(cohort)
    rows = {row.student.username: row for row in report.rows}
    assert report.has_tracks
    assert rows["ana.docente"].hours == Decimal("10.0") and rows["beto.docente"].hours == 0
    cell = rows["ana.docente"].cells[0]
    assert (cell.modules_done, cell.modules_total, cell.hours) == (2, 3, Decimal("10.0"))
    assert cell.progress == pytest.approx(2 / 3) and cell.status == "in-progress" and cell.seconds == 1800
    assert rows["beto.docente"].cells[0].status == "todo"

    with translation.override("en"):
        page = client.get(reverse("teachers:report", args=[cohort.pk])).content.decode()
        assert "Professional development hours" in page and "2/3 modules, 10 h" in page
        csv = client.get(reverse("teachers:report", args=[cohort.pk]), {"format": "csv"}).content.decode("utf-8-sig")
    assert "Professional development hours" in csv.splitlines()[0]
    assert any(line.startswith("ana.docente") and ",10.0," in line and "2/3" in line for line in csv.splitlines())
    api = client.get(f"/api/v1/classes/{cohort.pk}/report/").json()
    ana_json = next(s for s in api["students"] if s["username"] == "ana.docente")
    assert ana_json["hours"] == 10.0 and ana_json["cells"][0]["modules_done"] == 2

    # The teacher in training sees the track in their assignments.
    client.force_login(ana)
    assert track_page.url in client.get(reverse("teachers:my-assignments")).content.decode()

    # Finishing the last module completes the track: done, all hours.
    complete_module(ana, modules[2])
    assert Enrolment.objects.get(user=ana, object_key=track_page.translation_key).completed_at
    row = next(r for r in build_report(cohort).rows if r.student == ana)
    assert row.cells[0].status == "done" and row.hours == Decimal("12.5")


def test_a_track_cannot_be_assigned_to_an_ordinary_class(client, teacher, classroom, track):
    client.force_login(teacher)
    response = client.post(reverse("teachers:assignments", args=[classroom.pk]), {"page": track[0].pk, "audience": "class"})
    assert response.status_code == 400 and not Assignment.objects.exists()


def test_the_cohort_report_uses_the_same_number_of_queries_for_3_and_30_teachers(client, trainer, track):
    track_page, modules = track
    counts = []
    for size in (3, 30):
        cohort = Classroom.objects.create(name=f"C{size}", level="teacher-training", language="es", owner=trainer, is_cohort=True)
        users = [UserFactory(username=f"t{size}-{n}") for n in range(size)]
        Membership.objects.bulk_create([Membership(classroom=cohort, student=u) for u in users])
        Enrolment.objects.bulk_create([Enrolment(user=u, object_key=m.translation_key, completed_at=m.first_published_at)
                                       for u in users for m in modules[: 1 + users.index(u) % 3]])
        Assignment.objects.create(classroom=cohort, kind="track", target_key=track_page.translation_key, title="T")
        Assignment.objects.create(classroom=cohort, kind="module", target_key=modules[0].translation_key, title="M")
        client.force_login(trainer)
        client.get(reverse("teachers:report", args=[cohort.pk]))  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("teachers:report", args=[cohort.pk]))
        assert response.status_code == 200 and len(response.context["report"].rows) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
