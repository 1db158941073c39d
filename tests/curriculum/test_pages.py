import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from curriculum.models import Level
from tests.factories import MineralFactory, OutcomeFactory, ThemeFactory, make_module


def test_each_language_has_its_locale_prefixed_home(client, site_pages):
    for code in ("es", "pt", "en", "fr"):
        response = client.get(f"/{code}/")
        assert response.status_code == 200
        assert f'lang="{code}"' in response.content.decode()


def test_an_unknown_locale_prefix_is_a_404(client, site_pages):
    # Django's LocaleMiddleware first tries the default language (/es/xx/), which is no page either.
    assert client.get("/xx/", follow=True).status_code == 404
    assert client.get("/de/catalogue/", follow=True).status_code == 404


def test_root_redirects_to_a_language(client, site_pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    assert response.status_code == 302
    assert response["Location"].startswith("/pt/")


def test_catalogue_filters_by_level_theme_and_mineral(client, catalog):
    copper = MineralFactory(code="copper", name="Cobre")
    water = ThemeFactory(code="water", name="Agua")
    make_module(catalog, title="Del mineral al cátodo", level=Level.TECHNICAL, minerals=[copper], lessons=1)
    make_module(catalog, title="Agua y minería", level=Level.SECONDARY, themes=[water], lessons=1)

    def titles(query):
        response = client.get(catalog.url + query)
        assert response.status_code == 200
        return [m.title for m in response.context["modules"]]

    assert sorted(titles("")) == ["Agua y minería", "Del mineral al cátodo"]
    assert titles("?level=technical") == ["Del mineral al cátodo"]
    assert titles("?theme=water") == ["Agua y minería"]
    assert titles("?mineral=copper") == ["Del mineral al cátodo"]
    assert titles("?level=secondary&mineral=copper") == []


def test_catalogue_language_filter_lists_modules_available_in_that_language(client, site_pages):
    catalog_es, catalog_en = site_pages["catalog"]["es"], site_pages["catalog"]["en"]
    translated = make_module(catalog_es, title="Litio", slug="lithium", lessons=1)
    make_module(catalog_es, title="Sólo en español", lessons=1)
    copy = translated.copy_for_translation(catalog_en.locale)
    copy.save_revision().publish()
    lesson = translated.get_children().first().specific.copy_for_translation(catalog_en.locale)
    lesson.save_revision().publish()
    response = client.get(catalog_es.url + "?lang=en")
    assert [m.title for m in response.context["modules"]] == ["Litio"]


@pytest.mark.parametrize("query", ["?level=kindergarten", "?theme=astrology", "?mineral=kryptonite", "?lang=tlh"])
def test_an_unknown_filter_value_is_a_400_with_a_message(client, catalog, query):
    response = client.get(catalog.url + query)
    assert response.status_code == 400
    assert response.context["filter_error"]
    assert query.split("=")[1] in response.content.decode()


def test_a_page_past_the_last_is_a_404(client, catalog):
    make_module(catalog, lessons=0)
    assert client.get(catalog.url + "?page=9").status_code == 404


def test_a_draft_module_is_not_served(client, catalog):
    draft = make_module(catalog, title="Borrador", live=False, lessons=0)
    assert client.get(f"{catalog.url}{draft.slug}/").status_code == 404
    assert "Borrador" not in client.get(catalog.url).content.decode()


def test_a_private_module_sends_visitors_to_sign_in_and_refuses_users_outside_its_groups(client, catalog, django_user_model):
    module = make_module(catalog, title="Privado", lessons=0)
    restriction = PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Curator"))
    response = client.get(module.url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(django_user_model.objects.create_user("luis", password="x-pass-123456"))
    response = client.get(module.url)
    assert response.status_code == 403
    assert "Privado" not in response.content.decode()
    client.force_login(django_user_model.objects.create_user("eva", password="x-pass-123456"))
    django_user_model.objects.get(username="eva").groups.add(Group.objects.get(name="Curator"))
    assert client.get(module.url).status_code == 200


def test_module_page_shows_its_outcomes_lessons_and_credits(client, catalog):
    outcome = OutcomeFactory(code="CM-SEC-03", statement="Compara la producción con las reservas.")
    module = make_module(catalog, title="Minerales críticos", lessons=3, outcomes=[outcome])
    html = client.get(module.url).content.decode()
    assert "CM-SEC-03" in html and "Compara la producción con las reservas." in html
    assert html.index("Lección 1") < html.index("Lección 2") < html.index("Lección 3")
    assert "CC BY 4.0" in html


def test_outcomes_are_shown_in_the_page_language_when_translated(client, site_pages):
    outcome = OutcomeFactory(code="WAT-SEC-01", statement="Describe el uso del agua.")
    english = outcome.copy_for_translation(site_pages["home"]["en"].locale)
    english.statement = "Describe how mining uses water."
    english.save()
    module = make_module(site_pages["catalog"]["es"], slug="water", lessons=0, outcomes=[outcome])
    translation = module.copy_for_translation(site_pages["home"]["en"].locale)
    translation.save_revision().publish()
    html = __import__("django.test", fromlist=["Client"]).Client().get(translation.url).content.decode()
    assert "Describe how mining uses water." in html


def test_a_module_without_a_live_lesson_is_not_in_the_catalogue(client, site_pages):
    catalog = site_pages["catalog"]["es"]
    make_module(catalog, title="Con lecciones", lessons=1)
    empty = make_module(catalog, title="Vacío", lessons=0)
    make_module(catalog, title="Lecciones en borrador", lessons=1).get_children().first().unpublish()
    assert [m.title for m in client.get(catalog.url).context["modules"]] == ["Con lecciones"]
    assert empty.live
