from rest_framework.authtoken.models import Token

from tests.factories import OutcomeFactory, ThemeFactory, make_module


def test_modules_are_listed_per_locale(client, site_pages):
    make_module(site_pages["catalog"]["es"], title="Litio en salares", lessons=2)
    make_module(site_pages["catalog"]["en"], title="Lithium in salt flats", lessons=1)
    make_module(site_pages["catalog"]["en"], title="Empty, never listed", lessons=0)
    es = client.get("/api/v1/modules/?locale=es").json()
    en = client.get("/api/v1/modules/?locale=en").json()
    assert [m["title"] for m in es["results"]] == ["Litio en salares"]
    assert [m["title"] for m in en["results"]] == ["Lithium in salt flats"]
    assert es["results"][0]["locale"] == "es" and es["results"][0]["url"].startswith("/es/")


def test_an_unknown_locale_is_a_400_that_lists_the_known_ones(client, site_pages):
    response = client.get("/api/v1/modules/?locale=xx")
    assert response.status_code == 400
    assert "Known locales: en, es, fr, pt" in response.json()["locale"]


def test_drafts_are_not_in_the_api(client, catalog):
    make_module(catalog, title="Borrador", live=False, lessons=0)
    assert client.get("/api/v1/modules/?locale=es").json()["count"] == 0


def test_framework_endpoints(client, site_pages):
    theme = ThemeFactory(code="water", name="Agua")
    OutcomeFactory(code="WAT-SEC-01", statement="Describe el uso del agua.").themes.add(theme)
    assert client.get("/api/v1/themes/?locale=es").json()["results"][0]["code"] == "water"
    outcome = client.get("/api/v1/outcomes/WAT-SEC-01/?locale=es").json()
    assert outcome["statement"] == "Describe el uso del agua."
    assert [level["code"] for level in client.get("/api/v1/levels/").json()][:2] == ["primary", "secondary"]


def test_lessons_of_a_module_with_body_on_detail(client, catalog):
    module = make_module(catalog, lessons=2)
    listing = client.get(f"/api/v1/lessons/?locale=es&module={module.pk}").json()
    assert [l["title"] for l in listing["results"]] == ["Lección 1", "Lección 2"]
    assert listing["results"][0]["body"] is None
    detail = client.get(f"/api/v1/lessons/{listing['results'][0]['id']}/?locale=es").json()
    assert detail["body"][0]["type"] == "markdown" and detail["module"] == module.pk
    assert client.get("/api/v1/lessons/?module=abc").status_code == 400


def test_the_api_is_read_only_for_everyone(client, catalog, django_user_model):
    user = django_user_model.objects.create_user("ana", password="x-pass-123456")
    token = Token.objects.create(user=user)
    response = client.post("/api/v1/modules/", {"title": "x"}, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 405
    assert client.post("/api/v1/modules/", {"title": "x"}).status_code in (401, 405)


def test_token_authentication_identifies_the_user(client, db, django_user_model):
    user = django_user_model.objects.create_user("ana", password="x-pass-123456")
    token = Token.objects.create(user=user)
    assert client.get("/api/v1/levels/", HTTP_AUTHORIZATION="Token wrong").status_code == 401
    assert client.get("/api/v1/levels/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_openapi_schema_and_offline_docs(client, db):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/modules/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()


def test_anonymous_clients_are_throttled(client, db, settings):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {**original, "anon": "3/minute"}
    try:
        cache.clear()
        statuses = [client.get("/api/v1/levels/").status_code for _ in range(4)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 200, 429]


def test_the_root_lists_every_apps_collections_and_routes_answer_with_a_format_suffix(client, site_pages):
    """Each app's routes come from its own api_urls.py, included by the root URLconf."""
    root = client.get("/api/v1/").json()
    for prefix in ("levels", "modules", "quizzes", "lessons", "me/enrolments", "impact", "classes", "assignments"):
        assert root[prefix].endswith(f"/api/v1/{prefix}/"), prefix
    assert client.get("/api/v1/themes.json?locale=es").json()["count"] == 0


def test_every_collection_answers_with_a_format_suffix_without_a_server_error(client, site_pages):
    """Views with their own list/retrieve/actions take DRF's ``format`` argument too
    (``/api/v1/levels.json`` was a 500)."""
    root = client.get("/api/v1/").json()
    statuses = {name: client.get(url.rstrip("/") + ".json?locale=es").status_code for name, url in root.items()}
    assert statuses["levels"] == 200
    assert all(status < 500 for status in statuses.values()), statuses
