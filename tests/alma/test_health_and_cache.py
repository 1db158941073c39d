from django.urls import reverse

from tests.factories import make_module


def test_healthz_answers_without_a_session(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_anonymous_page_is_served_from_cache_and_publishing_shows_at_once(client, catalog):
    module = make_module(catalog, title="Agua y minería", lessons=1)
    lesson = module.get_children().first().specific
    first = client.get(lesson.url)
    assert first.status_code == 200 and first["X-Alma-Cache"] == "miss"
    second = client.get(lesson.url)
    assert second["X-Alma-Cache"] == "hit"

    lesson.title = "Agua, minería y comunidades"
    lesson.save_revision().publish()
    third = client.get(lesson.url)
    assert third["X-Alma-Cache"] == "miss"
    assert "Agua, minería y comunidades" in third.content.decode()


def test_a_change_to_a_sibling_invalidates_the_previous_next_links(client, catalog):
    module = make_module(catalog, lessons=2)
    first, second = [p.specific for p in module.get_children()]
    assert "Lección 2" in client.get(first.url).content.decode()
    second.title = "Lección de relaves"
    second.save_revision().publish()
    assert "Lección de relaves" in client.get(first.url).content.decode()


def test_signed_in_users_are_never_served_a_cached_page(client, catalog, django_user_model):
    module = make_module(catalog, lessons=1)
    client.get(module.url)
    user = django_user_model.objects.create_user("ana", password="x-pass-123456")
    client.force_login(user)
    response = client.get(module.url)
    assert "private" in response["Cache-Control"]  # the shared part came from its own cache, filled for this user
    assert reverse("logout") in response.content.decode() and reverse("login") not in response.content.decode()
