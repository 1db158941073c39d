import json
import threading
import uuid

import pytest
from django.db import connection

from lessons.models import LessonPage
from progress import certificate_issuing
from progress import enrolment as progress_enrolment
from progress import lesson_progress
from progress.models import AppendOnly, Certificate, Enrolment, ItemSummary, LessonProgress, Statement, Verb
from tests.factories import UserFactory, make_module


@pytest.fixture
def learner(db):
    return UserFactory(username="camila", display_name="Camila Quispe")


def lessons_of(module):
    return list(LessonPage.objects.child_of(module).order_by("path").specific())


def have_read(user, lesson, seconds=3600):
    """What the time-on-task beacon records while the learner reads."""
    LessonProgress.objects.update_or_create(user=user, lesson_key=lesson.translation_key, defaults={
        "module_key": lesson.get_parent().translation_key, "seconds_spent": seconds})


def test_completing_every_lesson_completes_the_module_and_issues_one_certificate(catalog, learner):
    module = make_module(catalog, title="Agua y minería", lessons=2)
    progress_enrolment.enrol(learner, module)
    first, second = lessons_of(module)
    assert lesson_progress.complete_lesson(learner, first) is True
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.progress == 0.5 and enrolment.completed_at is None
    lesson_progress.complete_lesson(learner, second)
    enrolment.refresh_from_db()
    assert enrolment.progress == 1 and enrolment.completed_at
    certificate = Certificate.objects.get(user=learner)
    assert certificate.achievement_title == "Agua y minería" and certificate.learner_name == "Camila Quispe"
    verbs = list(Statement.objects.filter(user=learner).values_list("verb", "object_type"))
    assert verbs == [(Verb.REGISTERED, "module"), (Verb.COMPLETED, "lesson"), (Verb.COMPLETED, "lesson"),
                     (Verb.COMPLETED, "module"), (Verb.EARNED, "module")]


def test_completing_a_lesson_twice_counts_once(catalog, learner):
    lesson = lessons_of(make_module(catalog, lessons=2))[0]
    assert lesson_progress.complete_lesson(learner, lesson) is True
    assert lesson_progress.complete_lesson(learner, lesson) is False
    assert Statement.objects.filter(verb=Verb.COMPLETED, object_type="lesson").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_completions_from_two_tabs_give_one_completion(site_pages):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("concurrent connections need a file or server database")
    learner = UserFactory()
    lesson = lessons_of(make_module(site_pages["catalog"]["es"], lessons=2))[0]
    results, barrier = [], threading.Barrier(2)

    def tab():
        barrier.wait()
        try:
            results.append(lesson_progress.complete_lesson(learner, lesson))
        finally:
            connection.close()

    threads = [threading.Thread(target=tab) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == [False, True]
    assert Statement.objects.filter(verb=Verb.COMPLETED, object_type="lesson").count() == 1


def test_a_failure_in_the_middle_leaves_neither_statement_nor_summary(catalog, learner, monkeypatch):
    lesson = lessons_of(make_module(catalog, lessons=2))[0]

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(lesson_progress, "refresh_module", broken)
    with pytest.raises(RuntimeError):
        lesson_progress.complete_lesson(learner, lesson)
    assert not Statement.objects.exists()
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    assert not ItemSummary.objects.exists()


def test_statements_are_append_only(catalog, learner):
    lesson = lessons_of(make_module(catalog, lessons=1))[0]
    lesson_progress.complete_lesson(learner, lesson)
    statement = Statement.objects.first()
    statement.object_title = "edited"
    with pytest.raises(AppendOnly):
        statement.save()


def test_progress_is_kept_when_the_learner_switches_language(site_pages, learner):
    module = make_module(site_pages["catalog"]["es"], slug="agua", lessons=1)
    lesson = lessons_of(module)[0]
    english_module = module.copy_for_translation(site_pages["home"]["en"].locale)
    english_module.save_revision().publish()
    english_lesson = lesson.copy_for_translation(site_pages["home"]["en"].locale)
    english_lesson.save_revision().publish()
    lesson_progress.complete_lesson(learner, LessonPage.objects.get(pk=english_lesson.pk))
    assert LessonProgress.objects.get(user=learner).lesson_key == lesson.translation_key
    assert Enrolment.objects.get(user=learner).progress == 1


def test_an_unpublished_lesson_cannot_be_completed(client, catalog, learner):
    lesson = lessons_of(make_module(catalog, lessons=1))[0]
    lesson.unpublish()
    client.force_login(learner)
    assert client.post(f"/es/learning/complete/{lesson.pk}/").status_code == 404
    assert not Statement.objects.exists()


def test_enrol_and_complete_from_the_pages(client, catalog, learner):
    module = make_module(catalog, lessons=1)
    lesson = lessons_of(module)[0]
    client.force_login(learner)
    assert client.post(f"/es/learning/enrol/{module.pk}/", {"next": module.url}).status_code == 302
    have_read(learner, lesson)
    assert client.post(f"/es/learning/complete/{lesson.pk}/", {"next": "https://evil.example/"})["Location"] == lesson.url
    assert Enrolment.objects.get(user=learner).completed_at


def test_anonymous_visitors_are_sent_to_sign_in(client, catalog):
    module = make_module(catalog, lessons=0)
    response = client.post(f"/es/learning/enrol/{module.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/es/learning/").status_code == 302


def test_dashboard_queries_do_not_grow_with_enrolments_or_statements(client, catalog, learner, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(learner)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/es/learning/").status_code == 200
        return len(captured)

    module = make_module(catalog, lessons=2)
    progress_enrolment.enrol(learner, module)
    count()  # warm Wagtail's cached site root paths
    small = count()
    for _ in range(6):
        other = make_module(catalog, lessons=3)
        progress_enrolment.enrol(learner, other)
        for lesson in lessons_of(other):
            lesson_progress.view_lesson(learner, lesson)
            lesson_progress.complete_lesson(learner, lesson)
    Statement.objects.bulk_create([Statement(user=learner, verb=Verb.EXPERIENCED, object_type="lesson",
                                             object_key=uuid.uuid4(), object_title="L", locale="es")
                                   for _ in range(2000)])
    count()  # the new modules' publish changed the content version: the header's cached links are read again
    assert count() == small


def test_certificate_verification_shows_only_public_fields_and_revocation(client, catalog, learner):
    module = make_module(catalog, title="Litio", lessons=1)
    lesson_progress.complete_lesson(learner, lessons_of(module)[0])
    certificate = Certificate.objects.get()
    html = client.get(f"/es/verify/{certificate.verification_key}/").content.decode()
    assert "Camila Quispe" in html and "Litio" in html and "camila" not in html.replace("Camila", "")
    certificate_issuing.revoke_certificate(certificate, "error de registro")
    response = client.get(f"/en/verify/{certificate.verification_key}/")
    assert "revoked" in response.content.decode().lower()
    assert client.get(f"/es/verify/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/api/v1/certificates/verify/{certificate.verification_key}/").json()["revoked"] is True


def test_certificate_png_and_badge(client, catalog, learner):
    lesson_progress.complete_lesson(learner, lessons_of(make_module(catalog, title="Litio", lessons=1))[0])
    certificate = Certificate.objects.get()
    client.force_login(learner)
    png = client.get(f"/es/certificates/{certificate.id}.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    badge = client.get(f"/es/verify/{certificate.verification_key}/badge.json").json()
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["credentialSubject"]["achievement"]["name"] == "Litio"
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"/es/certificates/{certificate.id}.png").status_code == 404


def test_export_then_delete_account_anonymises_statements(client, catalog, learner):
    lesson_progress.complete_lesson(learner, lessons_of(make_module(catalog, lessons=1))[0])
    client.force_login(learner)
    data = json.loads(client.get("/es/learning/my-data.json").content)
    assert data["user"]["username"] == "camila" and data["statements"]
    assert client.post("/es/learning/delete-account/", {"confirm": "wrong"}).status_code == 400
    client.post("/es/learning/delete-account/", {"confirm": "camila"})
    assert not type(learner).objects.filter(username="camila").exists()
    statements = Statement.objects.all()
    assert statements and all(s.user_id is None and s.actor_pseudonym.startswith("anon-") for s in statements)


def test_xapi_statements_api_and_export_command(client, catalog, learner, tmp_path):
    from django.core.management import call_command

    lesson_progress.complete_lesson(learner, lessons_of(make_module(catalog, lessons=1))[0])
    client.force_login(learner)
    results = client.get("/api/v1/me/statements/").json()["results"]
    assert "version" not in results[0] and results[0]["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
    assert "mbox" not in json.dumps(results)
    out = tmp_path / "statements.json"
    call_command("export_statements", "--output", str(out))
    assert len(json.loads(out.read_text())) == Statement.objects.count()


def test_api_complete_is_idempotent_and_private(client, catalog, learner):
    lesson = lessons_of(make_module(catalog, lessons=1))[0]
    client.force_login(learner)
    have_read(learner, lesson)
    assert client.post("/api/v1/me/lessons/complete/", {"lesson": lesson.pk}).status_code == 201
    assert client.post("/api/v1/me/lessons/complete/", {"lesson": lesson.pk}).status_code == 200
    assert client.post("/api/v1/me/lessons/complete/", {"lesson": 999999}).status_code == 404
    assert client.post("/api/v1/me/lessons/complete/", {"lesson": "x"}).status_code == 400
    client.force_login(UserFactory())
    assert client.get("/api/v1/me/enrolments/").json()["count"] == 0
    client.logout()
    assert client.get("/api/v1/me/enrolments/").status_code in (401, 403)


def test_pages_show_the_learner_overlay_only_when_signed_in(client, catalog, learner):
    module = make_module(catalog, lessons=2)
    lesson = lessons_of(module)[0]
    assert f"/learning/enrol/{module.pk}/" not in client.get(module.url).content.decode()
    assert f"/learning/complete/{lesson.pk}/" not in client.get(lesson.url).content.decode()
    client.force_login(learner)
    assert f"/learning/enrol/{module.pk}/" in client.get(module.url).content.decode()
    assert f"/learning/complete/{lesson.pk}/" in client.get(lesson.url).content.decode()
    assert not LessonProgress.objects.filter(user=learner).exists()  # a GET records nothing: the page's beacon does
    client.post(f"/es/learning/visit/{lesson.pk}/", {"viewed": "1"})
    assert LessonProgress.objects.filter(user=learner, lesson_key=lesson.translation_key).exists()
    have_read(learner, lesson)
    client.post(f"/es/learning/complete/{lesson.pk}/")
    home = client.get("/es/").content.decode()
    assert lessons_of(module)[1].title in home  # continue where you left off


def test_dashboard_queries_are_the_same_for_one_and_thirty_enrolments_with_thousands_of_statements(client, catalog):
    """The bar of issue 4, at its size: 30 enrolments and 5 000 statements."""
    from django.test.utils import CaptureQueriesContext

    from tests.benchmarks.bench_progress import build_learner

    one, _ = build_learner(catalog, modules=1, lessons=2, statements=5000, prefix="one")
    thirty, _ = build_learner(catalog, modules=30, lessons=2, statements=5000, prefix="thirty")

    def count(user):
        client.force_login(user)
        client.get("/es/learning/")  # warm Wagtail's cached site root paths
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/es/learning/")
        assert response.status_code == 200
        return len(captured), response.content.decode()

    small, _ = count(one)
    large, html = count(thirty)
    assert 0 < small == large
    assert "Bench module 30" in html


def test_mark_as_complete_needs_real_reading_time(client, catalog, learner, settings):
    settings.ALMA_LESSON_MIN_READING_SECONDS = 120
    lesson = lessons_of(make_module(catalog, lessons=1))[0]  # 20 estimated minutes: 120 s (the cap) of reading
    assert lesson_progress.reading_seconds_required(lesson) == 120
    client.force_login(learner)
    have_read(learner, lesson, seconds=24)
    response = client.post(f"/es/learning/complete/{lesson.pk}/", follow=True)
    assert "Sigue leyendo" in response.content.decode() and "2 minutos" in response.content.decode()
    api = client.post("/api/v1/me/lessons/complete/", {"lesson": lesson.pk})
    assert api.status_code == 409 and api.json()["seconds_left"] == 96
    assert not LessonProgress.objects.filter(user=learner, completed_at__isnull=False).exists()
    have_read(learner, lesson, seconds=121)
    assert client.post("/api/v1/me/lessons/complete/", {"lesson": lesson.pk}).status_code == 201


def test_enrolling_in_a_track_enrols_its_modules_in_the_tracks_language(catalog, learner):
    from curriculum.models import TrackModule, TrackPage
    from tests.factories import publish

    first, second = make_module(catalog, title="Enseñar minería", lessons=1), make_module(catalog, title="Datos", lessons=1)
    track = TrackPage(title="Formación docente", slug="formacion", summary="Itinerario.", locale=catalog.locale)
    for order, module in enumerate([first, second]):
        track.track_modules.add(TrackModule(module=module, sort_order=order))
    publish(catalog, track)
    progress_enrolment.enrol_track(learner, track)
    kinds = dict(Enrolment.objects.filter(user=learner).values_list("object_key", "kind"))
    assert kinds == {track.translation_key: "track", first.translation_key: "module", second.translation_key: "module"}
