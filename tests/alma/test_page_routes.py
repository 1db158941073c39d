"""Routing from the cached table (alma/page_routes.py) finds what Wagtail's walk finds, in fewer
queries, and never outlives a publish, a move or a new view restriction."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from alma.page_routes import prime
from tests.factories import UserFactory, make_module
from tests.quizzes.conftest import make_quiz


def both_routes(path, language="es"):
    """(the table's route, Wagtail's own) for ``path`` below the language prefix."""
    with translation.override(language):
        request = RequestFactory().get(f"/{language}/{path}")
        prime(request, path)
        primed = getattr(request, "_wagtail_route_for_request", "no answer")
        plain = Page.route_for_request(RequestFactory().get(f"/{language}/{path}"), path)
    return primed, plain


def same(primed, plain):
    if plain is None:
        return primed in (None, "no answer")
    if primed == "no answer":
        return True  # left to Wagtail: always right
    def comparable(route):
        page, args, kwargs = route
        # a routable page's args hold its view, a method bound to that page instance: compare names
        return page.pk, type(page), [getattr(arg, "__name__", arg) for arg in args], kwargs

    return comparable(primed) == comparable(plain)


@pytest.fixture
def module(catalog):
    return make_module(catalog, title="Rutas", slug="rutas", lessons=2)


def test_pages_and_a_quiz_subpage_route_as_wagtail_routes_them(module):
    quiz = make_quiz(module, title="Prueba")
    lesson = module.get_children().first()
    paths = ["", "catalogo/", f"catalogo/{module.slug}/", f"catalogo/{module.slug}/{lesson.slug}/",
             f"catalogo/{module.slug}/{quiz.slug}/", f"catalogo/{module.slug}/{quiz.slug}/start/",
             f"catalogo/{module.slug}/{quiz.slug}/attempt/7/submit/", f"catalogo/{module.slug}/nothing-here/",
             f"catalogo/{module.slug}/{lesson.slug}/extra/", "no/such/page/"]
    for path in paths:
        primed, plain = both_routes(path)
        assert same(primed, plain), path
    primed, _plain = both_routes(f"catalogo/{module.slug}/{quiz.slug}/attempt/7/submit/")
    assert primed != "no answer" and primed[0].pk == quiz.pk  # answered by the table, not left to Wagtail


def primed_with_queries(path):
    with translation.override("es"), CaptureQueriesContext(connection) as queries:
        request = RequestFactory().get(f"/es/{path}")
        prime(request, path)
    return request._wagtail_route_for_request[0], [q["sql"].split(" FROM ")[1].split(" ")[0]
                                                   for q in queries.captured_queries]


def test_the_table_routes_in_one_query_for_the_page_then_none(module):
    lesson = module.get_children().first()
    path = f"catalogo/{module.slug}/{lesson.slug}/"
    both_routes(f"catalogo/{module.slug}/")  # builds the table
    page, tables = primed_with_queries(path)
    # the site and the table come from the cache: one query, for the page itself
    assert page.pk == lesson.pk and tables == ['"lessons_lessonpage"']
    page.title = "Cambiado por una petición"  # each request has its own copy: the next one does not see it
    again, tables = primed_with_queries(path)
    assert tables == [] and again.title == lesson.title and again is not page


def test_a_publish_replaces_the_page_a_process_kept(module):
    lesson = module.get_children().first().specific
    path = f"catalogo/{module.slug}/{lesson.slug}/"
    assert primed_with_queries(path)[0].title == lesson.title
    lesson.title = "Relaves, otra vez"
    lesson.save_revision().publish()
    page, tables = primed_with_queries(path)
    assert page.title == "Relaves, otra vez" and '"lessons_lessonpage"' in tables  # with a new table


def test_a_renamed_or_unpublished_page_leaves_the_table_at_once(client, module):
    lesson = module.get_children().first().specific
    old = f"/es/catalogo/{module.slug}/{lesson.slug}/"
    client.force_login(UserFactory())
    assert client.get(old).status_code == 200
    lesson.slug = "nuevo-nombre"
    lesson.save_revision().publish()
    assert client.get(old).status_code == 404
    assert client.get(f"/es/catalogo/{module.slug}/nuevo-nombre/").status_code == 200
    lesson.unpublish()
    assert client.get(f"/es/catalogo/{module.slug}/nuevo-nombre/").status_code == 404


def test_a_restriction_added_after_the_table_was_built_still_holds(client, module):
    lesson = module.get_children().first()
    path = f"/es/catalogo/{module.slug}/{lesson.slug}/"
    client.force_login(UserFactory())
    assert client.post(path).status_code in (200, 405)  # a POST is routed through the table
    restriction = PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Docentes de prueba"))
    assert client.post(path).status_code == 403
    assert client.get(path).status_code == 403


def test_a_site_saved_with_another_root_is_used_at_once(client, module, site_pages):
    from wagtail.models import Site

    client.force_login(UserFactory())
    path = f"/es/catalogo/{module.slug}/"
    assert client.get(path).status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.root_page = module  # the whole site is now the module: its old path is gone
    site.save()
    assert client.get(path).status_code == 404
