import pytest

from lessons.models import LessonPage
from tests.factories import GlossaryTermFactory, OutcomeFactory, make_lesson, make_module


def render_queries(client, url, django_assert_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def rich_body(blocks, glossary):
    body = []
    for i in range(blocks):
        body += [
            {"type": "markdown", "value": f"Texto {i}"},
            {"type": "callout", "value": {"kind": "safety", "title": "Seguridad", "text": "Usa casco."}},
            {"type": "activity", "value": {"title": "Actividad", "duration_minutes": 20, "materials": ["papel"], "steps": ["Mide."]}},
            {"type": "glossary_term", "value": {"term": glossary.pk}},
        ]
    return body


def test_lesson_queries_do_not_grow_with_blocks_outcomes_or_lessons(client, catalog, settings):
    settings.ALMA_PAGE_CACHE_SECONDS = 0  # measure rendering, not the cache
    term = GlossaryTermFactory()
    small_outcomes = [OutcomeFactory()]
    small = make_module(catalog, lessons=2, outcomes=small_outcomes)
    small_lesson = LessonPage.objects.child_of(small).first()
    small_lesson.body = rich_body(1, term)
    small_lesson.save_revision().publish()

    big_outcomes = [OutcomeFactory() for _ in range(8)]
    big = make_module(catalog, lessons=12, outcomes=big_outcomes)
    big_lesson = LessonPage.objects.child_of(big).first()
    big_lesson.body = rich_body(15, GlossaryTermFactory())
    big_lesson.outcomes.set(big_outcomes)
    big_lesson.save_revision().publish()

    for lesson in (small_lesson, big_lesson):
        client.get(lesson.url)  # warm per-process caches (site root, locales, the page's copy)
    assert render_queries(client, big_lesson.url) == render_queries(client, small_lesson.url)


def test_lesson_shows_outcomes_position_and_previous_next(client, catalog):
    outcome = OutcomeFactory(code="ET-SEC-02", statement="Compara un auto eléctrico con uno convencional.")
    module = make_module(catalog, lessons=3, outcomes=[outcome])
    second = LessonPage.objects.child_of(module).order_by("path")[1]
    html = client.get(second.url).content.decode()
    assert "ET-SEC-02" in html
    assert 'href="%s"' % LessonPage.objects.child_of(module).order_by("path")[0].url in html
    assert 'href="%s"' % LessonPage.objects.child_of(module).order_by("path")[2].url in html


def test_lesson_blocks_render_their_content(client, catalog):
    term = GlossaryTermFactory(term="Relave", definition="Residuo fino del proceso de concentración.")
    module = make_module(catalog, lessons=0)
    lesson = make_lesson(module)
    lesson.body = rich_body(1, term)
    lesson.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    for text in ("Usa casco.", "Actividad", "papel", "Mide.", "Relave", "Residuo fino del proceso de concentración."):
        assert text in html


def test_search_finds_lessons_in_the_active_language_only(client, site_pages):
    es_module = make_module(site_pages["catalog"]["es"], lessons=0)
    make_lesson(es_module, title="Salmueras del salar")
    en_module = make_module(site_pages["catalog"]["en"], lessons=0)
    make_lesson(en_module, title="Brines of the salt flat")
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    html = client.get("/es/search/?q=salmueras").content.decode()
    assert "Salmueras del salar" in html
    assert "Brines of the salt flat" not in client.get("/es/search/?q=brines").content.decode()


@pytest.mark.parametrize("url", ["/es/search/", "/es/search/?q=" + "x" * 5000])
def test_search_handles_empty_and_oversized_queries(client, site_pages, url):
    assert client.get(url).status_code == 200
