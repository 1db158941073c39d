"""The lesson page's beacon: "viewed" and honest time on task, recorded by a POST
after the page has loaded (issue 14 item 1, issue 13 item 5)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from lessons.models import LessonPage
from progress import certificate_issuing, dashboard, enrolment, lesson_progress
from progress.models import Enrolment, LessonProgress, Statement, Verb
from tests.factories import UserFactory, make_module


@pytest.fixture
def learner(db):
    return UserFactory(username="camila")


@pytest.fixture
def module(catalog):
    return make_module(catalog, title="Agua y minería", lessons=2)


@pytest.fixture
def lesson(module):
    return LessonPage.objects.child_of(module).order_by("path").first().specific


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def beacon(client, lesson, **data):
    return client.post(f"/es/learning/visit/{lesson.pk}/", data)


def progress_of(learner, lesson):
    return LessonProgress.objects.get(user=learner, lesson_key=lesson.translation_key)


def test_viewed_reaches_the_statements_and_lesson_progress(signed_in, learner, lesson, module):
    Enrolment.objects.create(user=learner, object_key=module.translation_key)
    assert beacon(signed_in, lesson, viewed="1").status_code == 200
    statement = Statement.objects.get(user=learner)
    assert (statement.verb, statement.object_key) == (Verb.EXPERIENCED, lesson.translation_key)
    assert progress_of(learner, lesson).module_key == module.translation_key


def test_active_seconds_add_up_in_the_lesson_and_the_module(signed_in, learner, lesson, module):
    Enrolment.objects.create(user=learner, object_key=module.translation_key)
    assert beacon(signed_in, lesson, seconds="45").json() == {"seconds_counted": 45}
    beacon(signed_in, lesson, seconds="60")
    assert progress_of(learner, lesson).seconds_spent == 105
    assert Enrolment.objects.get(user=learner).seconds_spent == 105


def test_one_report_counts_at_most_the_beacon_cap(signed_in, learner, lesson):
    counted = beacon(signed_in, lesson, seconds="900").json()
    assert counted == {"seconds_counted": lesson_progress.ACTIVE_SECONDS_PER_BEACON}
    assert progress_of(learner, lesson).seconds_spent == lesson_progress.ACTIVE_SECONDS_PER_BEACON


def test_a_day_counts_at_most_the_daily_cap_across_lessons(signed_in, learner, lesson, module):
    other = LessonPage.objects.child_of(module).order_by("path").last()
    LessonProgress.objects.create(user=learner, lesson_key=other.translation_key, module_key=module.translation_key,
                                  active_on=timezone.localdate(),
                                  seconds_spent=lesson_progress.ACTIVE_SECONDS_PER_DAY - 30,
                                  active_seconds_on_day=lesson_progress.ACTIVE_SECONDS_PER_DAY - 30)
    assert beacon(signed_in, lesson, seconds="60").json() == {"seconds_counted": 30}
    assert beacon(signed_in, lesson, seconds="60").json() == {"seconds_counted": 0}
    assert progress_of(learner, lesson).seconds_spent == 30


def test_yesterdays_time_does_not_count_against_today(signed_in, learner, lesson, module):
    LessonProgress.objects.create(user=learner, lesson_key=lesson.translation_key, module_key=module.translation_key,
                                  active_on=timezone.localdate() - dt.timedelta(days=1),
                                  seconds_spent=lesson_progress.ACTIVE_SECONDS_PER_DAY,
                                  active_seconds_on_day=lesson_progress.ACTIVE_SECONDS_PER_DAY)
    assert beacon(signed_in, lesson, seconds="60").json() == {"seconds_counted": 60}
    progress = progress_of(learner, lesson)
    assert (progress.active_on, progress.active_seconds_on_day) == (timezone.localdate(), 60)


@pytest.mark.parametrize("seconds", ["-5", "12.5", "abc", "3601", "10000000000000000", "١٢", ""])
def test_nonsense_seconds_are_refused_with_400_and_change_nothing(signed_in, learner, lesson, seconds):
    response = beacon(signed_in, lesson, seconds=seconds, viewed="1")
    assert response.status_code == 400 and "seconds" in response.json()["error"]
    assert not LessonProgress.objects.exists() and not Statement.objects.exists()


def test_an_unpublished_or_restricted_lesson_or_another_page_is_404(signed_in, lesson, module, catalog):
    assert beacon(signed_in, module, seconds="10").status_code == 404  # a module is not a lesson
    PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.LOGIN)
    assert beacon(signed_in, lesson, seconds="10").status_code == 404
    PageViewRestriction.objects.all().delete()
    lesson.unpublish()
    assert beacon(signed_in, lesson, seconds="10").status_code == 404
    assert not LessonProgress.objects.exists()


def test_only_a_signed_in_post_with_its_csrf_token_counts(client, learner, lesson):
    assert beacon(client, lesson, seconds="10").status_code == 403
    assert client.get(f"/es/learning/visit/{lesson.pk}/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert beacon(strict, lesson, seconds="10").status_code == 403
    assert not LessonProgress.objects.exists()


def test_the_lesson_page_carries_the_beacon_for_a_signed_in_learner_only(client, learner, lesson):
    assert "data-visit-url" not in client.get(lesson.url).content.decode()
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert f'data-visit-url="/es/learning/visit/{lesson.pk}/"' in page and "js/visit" in page


def test_the_completion_statement_carries_the_time_spent(signed_in, learner, lesson):
    beacon(signed_in, lesson, seconds="90")
    lesson_progress.complete_lesson(learner, lesson)
    assert Statement.objects.get(user=learner, verb=Verb.COMPLETED, object_type="lesson").duration_seconds == 90


def test_resume_follows_the_beacon(signed_in, learner, module):
    first, second = LessonPage.objects.child_of(module).order_by("path").specific()
    enrolment.enrol(learner, module)
    lesson_progress.complete_lesson(learner, first)
    beacon(signed_in, second, viewed="1")
    assert dashboard.continue_where_left_off(learner, module.locale).pk == second.pk


def test_professional_development_hours_are_no_more_than_the_active_time():
    assert certificate_issuing.credited_hours(Decimal("12"), 24) == 0
    assert certificate_issuing.credited_hours(Decimal("12"), 3 * 3600 + 1800) == Decimal("3.5")
    assert certificate_issuing.credited_hours(Decimal("2"), 5 * 3600) == 2


def test_my_learning_counts_honest_hours_for_a_module_finished_in_seconds(signed_in, learner, module):
    enrolment.enrol(learner, module)
    lessons = list(LessonPage.objects.child_of(module).specific())
    beacon(signed_in, lessons[0], seconds="120")
    for lesson in lessons:
        lesson_progress.complete_lesson(learner, lesson)
    assert Enrolment.objects.get(user=learner).completed_at
    assert dashboard.dashboard(learner, module.locale)["pd_hours"] == 0  # 2 minutes, not the module's 1 h
