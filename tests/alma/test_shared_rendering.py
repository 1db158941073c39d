"""Signed-in pages: the shared part rendered once per content version and
language, the personal parts (header, messages, progress, attempts) per request,
in a constant number of queries, and a GET never writes (issue 14, item 1)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from lessons.models import LessonPage
from progress.models import Enrolment, LessonProgress
from quizzes.models import Attempt
from tests.factories import UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def no_reading_time(settings):
    """Completing a lesson here is about what the cache shows, not whether it was read (test_trainee_rules.py)."""
    settings.ALMA_LESSON_MIN_READING_SECONDS = 0


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", display_name="Ana Mamani")


@pytest.fixture
def beto(db):
    return UserFactory(username="beto", display_name="Beto Rojas")


def first_lesson(module):
    return LessonPage.objects.child_of(module).order_by("path").first().specific


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in queries.captured_queries]


def test_the_shared_part_is_cached_once_and_the_personal_parts_are_each_learners(client, catalog, ana, beto):
    module = make_module(catalog, title="Agua y minería", lessons=2)
    lesson = first_lesson(module)
    client.force_login(ana)
    first = client.get(lesson.url)
    assert first["X-Alma-Cache"] == "miss" and "Ana Mamani" in first.content.decode()
    client.post(f"/es/learning/complete/{lesson.pk}/")

    client.force_login(beto)
    response = client.get(lesson.url)
    page = response.content.decode()
    assert response["X-Alma-Cache"] == "hit"
    assert "Beto Rojas" in page and "Ana Mamani" not in page
    assert f"/learning/complete/{lesson.pk}/" in page  # Beto has not completed it; Ana has
    assert "alma-personal" not in page and "alma-csrf" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post("/es/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302

    client.force_login(ana)
    assert f"/learning/complete/{lesson.pk}/" not in client.get(lesson.url).content.decode()


def test_a_signed_in_get_of_each_page_writes_nothing(client, catalog, site_pages, ana):
    module = make_module(catalog, lessons=2)
    quiz = make_quiz(module, questions=[make_question("single")])
    Enrolment.objects.create(user=ana, object_key=module.translation_key)
    client.force_login(ana)
    for url in (first_lesson(module).url, module.url, quiz.url, catalog.url, site_pages["home"]["es"].url):
        for _ in range(2):  # rendered, then from the cache
            _, queries = get(client, url)
            assert not [sql for sql in queries if WRITE.match(sql)], url
    assert not LessonProgress.objects.exists()


def signed_in_lesson_queries(client, catalog, user, blocks):
    lesson = first_lesson(make_module(catalog, lessons=2, blocks=blocks))
    client.force_login(user)
    _, miss = get(client, lesson.url)
    _, hit = get(client, lesson.url)
    return len(miss), len(hit)


def test_a_shared_part_is_filled_in_a_fixed_number_of_queries(client, catalog):
    """Learners' first visits of a cached lesson: their personal parts read each kind of record once."""
    lesson = first_lesson(make_module(catalog, lessons=2, blocks=3))
    newcomer, busy = UserFactory(), UserFactory()
    for other in [make_module(catalog, lessons=1) for _ in range(10)]:
        LessonProgress.objects.create(user=busy, lesson_key=first_lesson(other).translation_key,
                                      module_key=other.translation_key)
    client.force_login(UserFactory())
    get(client, lesson.url)
    counts = []
    for learner in (newcomer, busy):
        client.force_login(learner)
        response, queries = get(client, lesson.url)
        assert response["X-Alma-Cache"] == "hit"
        counts.append(len(queries))
    # Session, user, their permissions and roles (2 + 1, then from the shared cache for an hour), their classes
    # (header link, instructions) and their lesson progress (ticks, this lesson's row); the pages the lesson
    # lists come with its shared part.
    assert counts == [7, 7], counts


def test_the_signed_in_lesson_page_costs_the_same_queries_whatever_its_size_or_the_learners_history(client, catalog):
    small = signed_in_lesson_queries(client, catalog, UserFactory(), blocks=1)
    busy = UserFactory()
    for _ in range(30):
        other = make_module(catalog, lessons=1)
        Enrolment.objects.create(user=busy, object_key=other.translation_key)
        LessonProgress.objects.create(user=busy, lesson_key=first_lesson(other).translation_key,
                                      module_key=other.translation_key)
    large = signed_in_lesson_queries(client, catalog, busy, blocks=15)
    print("signed-in lesson queries (miss, hit):", small, large)
    assert large[1] == small[1] and large[0] == small[0]
    # Opened again: the session (the database here; production reads it from the cache) and the user; the
    # learner's filled page comes from the cache while nothing of theirs changed.
    assert small[1] == 2


def test_a_learners_filled_page_follows_what_they_and_their_teacher_do(client, catalog, ana, beto):
    from teachers.models import Assignment, Classroom, Membership

    module = make_module(catalog, lessons=2)
    lesson = first_lesson(module)
    client.force_login(ana)
    assert f"/learning/complete/{lesson.pk}/" in client.get(lesson.url).content.decode()
    client.get(lesson.url)  # from the cache now
    client.post(f"/es/learning/complete/{lesson.pk}/")  # a write request of hers
    assert f"/learning/complete/{lesson.pk}/" not in client.get(lesson.url).content.decode()
    classroom = Classroom.objects.create(name="5.º A", level="secondary", language="es", owner=beto)
    Membership.objects.create(classroom=classroom, student=ana)
    assert "Mis tareas" in client.get(lesson.url).content.decode()  # the header link to her assignments
    Assignment.objects.create(classroom=classroom, kind=Assignment.Kind.LESSON, target_key=lesson.translation_key,
                              title="Leer", instructions="Subrayen las ideas principales.")
    assert "Subrayen las ideas principales." in client.get(lesson.url).content.decode()


def test_publishing_a_lesson_shows_at_once_to_signed_in_learners(client, catalog, ana):
    lesson = first_lesson(make_module(catalog, lessons=1))
    client.force_login(ana)
    client.get(lesson.url)
    lesson.title = "Relaves y agua"
    lesson.save_revision().publish()
    response = client.get(lesson.url)
    assert response["X-Alma-Cache"] == "miss" and "Relaves y agua" in response.content.decode()


def test_a_restricted_page_is_never_shared(client, catalog, ana, beto):
    from django.contrib.auth.models import Group

    module = make_module(catalog, lessons=1)
    lesson = first_lesson(module)
    staff = Group.objects.create(name="Docentes")
    ana.groups.add(staff)
    restriction = PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(staff)
    client.force_login(ana)
    assert client.get(lesson.url).status_code == 200
    client.force_login(beto)
    response = client.get(lesson.url)
    assert response.status_code == 403 and "X-Alma-Cache" not in response  # the group check ran: Beto is not in it


def test_restricting_a_page_takes_it_out_of_the_shared_cache(client, catalog, ana, beto):
    from django.contrib.auth.models import Group

    module = make_module(catalog, lessons=1)
    lesson = first_lesson(module)
    client.force_login(ana)
    assert client.get(lesson.url)["X-Alma-Cache"] == "miss"
    staff = Group.objects.create(name="Docentes")
    restriction = PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(staff)
    client.force_login(beto)
    assert client.get(lesson.url).status_code == 403


def test_the_admin_link_follows_a_change_of_groups_at_once(client, catalog, ana):
    from django.contrib.auth.models import Group, Permission

    lesson = first_lesson(make_module(catalog, lessons=1))
    client.force_login(ana)
    assert "/admin/" not in client.get(lesson.url).content.decode()
    editors = Group.objects.create(name="Editores")
    editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    ana.groups.add(editors)
    assert 'href="/admin/"' in client.get(lesson.url).content.decode()
    ana.groups.remove(editors)
    assert "/admin/" not in client.get(lesson.url).content.decode()


def test_messages_are_personal_and_shown_once(client, catalog, ana):
    module = make_module(catalog, title="Agua y minería", lessons=1)
    client.force_login(ana)
    client.get(module.url)  # cache the shared part
    client.post(f"/es/learning/enrol/{module.pk}/", {"next": module.url})
    page = client.get(module.url).content.decode()
    assert "“Agua y minería”" in page  # "You are enrolled in …", in a personal part
    assert "“Agua y minería”" not in client.get(module.url).content.decode()


def test_the_quiz_start_page_shows_each_learner_their_own_attempts(client, catalog, ana, beto):
    module = make_module(catalog, lessons=0)
    quiz = make_quiz(module, questions=[make_question("single")], attempts_allowed=2)
    client.force_login(ana)
    client.post(quiz.url + "start/")
    assert Attempt.objects.filter(user=ana).count() == 1
    ana_page = client.get(quiz.url)
    client.force_login(beto)
    beto_page = client.get(quiz.url)
    assert beto_page["X-Alma-Cache"] == "hit"
    resume = f"attempt/{Attempt.objects.get(user=ana).pk}/"
    assert resume in ana_page.content.decode() and resume not in beto_page.content.decode()
    assert 'action="' + quiz.url + 'start/"' in beto_page.content.decode()


def test_anonymous_visitors_still_get_the_whole_page_cache(client, catalog):
    lesson = first_lesson(make_module(catalog, lessons=1))
    client.get(lesson.url)
    response = client.get(lesson.url)
    assert response["X-Alma-Cache"] == "hit" and "/accounts/login/" in response.content.decode()
