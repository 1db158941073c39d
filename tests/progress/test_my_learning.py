"""'My learning' and the ticks on finished lessons."""

import re
from datetime import date
from uuid import uuid4

from lessons.models import LessonPage
from progress import dashboard, enrolment, lesson_progress
from tests.factories import UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz


def lessons_of(module):
    return list(LessonPage.objects.child_of(module).order_by("path").specific())


def test_lesson_count_and_percent_agree_even_with_a_quiz_in_the_module(client, catalog):
    learner = UserFactory()
    module = make_module(catalog, title="Agua y relaves", lessons=4)
    make_quiz(module, questions=[make_question("truefalse")])
    enrolment.enrol(learner, module)
    for lesson in lessons_of(module)[:3]:
        lesson_progress.complete_lesson(learner, lesson)
    client.force_login(learner)
    html = client.get("/es/learning/").content.decode()
    assert "3 de 4 lecciones · 75\u00a0%" in html  # not 60 % (3 of 5 parts, the quiz included)
    assert 'class="facts stats"' in html


def test_the_activity_chart_has_axes_labels_and_a_round_top(client, catalog):
    chart = dashboard.activity_chart([(date(2026, 1, d), n) for d, n in zip(range(1, 31), [0] * 29 + [7])])
    assert chart.ticks == [10, 5, 0] and chart.bars[-1].percent == 70.0 and chart.total == 7
    assert dashboard.activity_chart([(date(2026, 1, 1), 0)]).ticks == [4, 2, 0]
    assert dashboard.nice_top(123) == 200
    learner = UserFactory()
    client.force_login(learner)
    enrolment.enrol(learner, make_module(catalog, lessons=1))
    html = client.get("/es/learning/").content.decode()
    assert 'class="bar-chart__ticks"' in html and 'class="bar-chart__x"' in html and "Acciones" in html
    assert len(re.findall(r'<span style="--h:', html)) == 30


def test_finished_lessons_have_a_tick_on_the_module_page_and_in_the_lesson_navigation(client, catalog):
    learner = UserFactory()
    module = make_module(catalog, lessons=3)
    first, second, third = lessons_of(module)
    lesson_progress.complete_lesson(learner, first)
    client.force_login(learner)
    html = client.get(module.url).content.decode()
    assert html.count('class="tick"') == 1
    listed = html[html.index('class="lesson-list"'):]
    assert listed.index('class="tick"') < listed.index(second.title)  # beside the first lesson
    nav = client.get(second.url).content.decode()
    nav = nav[nav.index('class="lesson-nav"'):]
    assert nav.count('class="tick"') == 1 and "(completada)" in nav
    client.logout()
    assert 'class="tick"' not in client.get(module.url).content.decode()


def test_my_learning_shows_the_learners_assignments_and_where_to_continue(client, catalog):
    from teachers.models import Assignment, Classroom, Membership

    learner, teacher = UserFactory(), UserFactory()
    module = make_module(catalog, title="Litio", lessons=2)
    enrolment.enrol(learner, module)
    classroom = Classroom.objects.create(name="3° medio A", owner=teacher, language="es")
    Membership.objects.create(classroom=classroom, student=learner)
    lesson = lessons_of(module)[1]
    Assignment.objects.create(classroom=classroom, kind=Assignment.Kind.LESSON, target_key=lesson.translation_key,
                              title=lesson.title, created_by=teacher)
    client.force_login(learner)
    html = client.get("/es/learning/").content.decode()
    assert "Continúa donde lo dejaste" in html and "Mis tareas" in html


def test_my_learning_continues_from_what_the_dashboard_read_in_two_queries_fewer(catalog):
    """dashboard() picks the lesson to continue from its own enrolments and completions: the same lesson the
    standalone continue_where_left_off finds with its two queries more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    learner = UserFactory()
    first, latest = make_module(catalog, lessons=3), make_module(catalog, lessons=3)
    enrolment.enrol(learner, first)
    enrolment.enrol(learner, latest)
    lesson_progress.complete_lesson(learner, lessons_of(latest)[0])  # the most recent activity
    expected = dashboard.continue_where_left_off(learner, catalog.locale)
    with CaptureQueriesContext(connection) as reused:
        shown = dashboard.dashboard(learner, catalog.locale)["continue_lesson"]
    assert expected == shown == lessons_of(latest)[1]
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in reused.captured_queries if " FROM " in q["sql"]]
    assert tables.count('"progress_enrolment"') == 1  # module and track enrolments at once, none again for "continue"
    assert tables.count('"progress_itemsummary"') == 1


def test_daily_activity_counts_each_local_day_from_midnight_to_midnight(catalog):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from progress.models import Statement, Verb

    learner, other = UserFactory(), UserFactory()
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    moments = [midnight, midnight - timedelta(microseconds=1), midnight + timedelta(hours=23, minutes=59),
               midnight - timedelta(days=29), midnight - timedelta(days=29, microseconds=1)]  # the last one: too old
    Statement.objects.bulk_create([Statement(user=user, verb=Verb.EXPERIENCED, object_type="lesson", object_key=uuid4(),
                                             object_title="L", locale="es", timestamp=moment)
                                   for user in (learner, other) for moment in moments])
    counts, days = dashboard._daily_activity(learner)
    assert days[-1] == today and len(counts) == len(days) == 30
    assert counts[-1] == 2 and counts[-2] == 1 and counts[0] == 1 and sum(counts) == 4
    assert dashboard._daily_activity(UserFactory())[0] == [0] * 30
