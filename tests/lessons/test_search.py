"""Site search: stemming per language, "did you mean", facets, and what must never show.

Runs on SQLite (Wagtail's fallback backend, query stemmed with Snowball) and on
PostgreSQL (full-text search, each language's text search configuration).
"""

import time

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from curriculum.models import Level
from lessons.search import site_search, suggest
from tests.factories import GlossaryTermFactory, MineralFactory, OutcomeFactory, locale, make_lesson, make_module
from tests.quizzes.conftest import make_question, make_quiz


def index():
    call_command("update_index", verbosity=0)


def search(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def catalogs(site_pages):
    return site_pages["catalog"]


@pytest.mark.parametrize("lang, title, queries", [
    ("es", "Relaves de la mina", ["relave", "relaves", "RELAVES"]),
    ("es", "El relave espesado", ["relaves"]),
    ("pt", "Os rejeitos da barragem", ["rejeito", "rejeitos"]),
    ("fr", "Les gisements de cuivre", ["gisement", "gisements"]),
    ("en", "Tailings dams", ["tailing", "tailings"]),
])
def test_a_word_finds_its_plural_and_singular_in_each_language(client, catalogs, lang, title, queries):
    module = make_module(catalogs[lang], title="Módulo", lessons=0)
    make_lesson(module, title=title)
    index()
    for query in queries:
        assert title in search(client, f"/{lang}/search/?q={query}"), query


def test_results_show_type_module_and_level(client, catalogs):
    module = make_module(catalogs["es"], title="Agua y minería", level=Level.UNIVERSITY, lessons=0)
    make_lesson(module, title="Relaves y agua")
    index()
    html = search(client, "/es/search/?q=relaves")
    assert "Relaves y agua" in html and "Agua y minería" in html
    assert "Lección" in html and "Universidad" in html


def test_a_typo_suggests_the_right_word_and_shows_its_results(client, catalogs):
    module = make_module(catalogs["es"], title="Residuos", lessons=0)
    make_lesson(module, title="Relaves de la mina")
    index()
    with_locale = locale("es")
    assert suggest("relavs", with_locale) == "relaves"
    assert suggest("relaves", with_locale) == ""  # a known word is left alone
    html = search(client, "/es/search/?q=relavs")
    assert "relaves" in html and "Relaves de la mina" in html
    assert "Relaves de la mina" not in search(client, "/es/search/?q=zzqqxx")


def test_facets_count_types_levels_and_minerals_and_narrow_the_list(client, catalogs):
    copper = MineralFactory(code="copper", name="Cobre")
    school = make_module(catalogs["es"], title="Cobre en la escuela", level=Level.SECONDARY, lessons=0,
                         minerals=[copper])
    make_lesson(school, number=1, title="El cobre de Chile")
    make_lesson(school, number=2, title="Cables de cobre")
    campus = make_module(catalogs["es"], title="Metalurgia", level=Level.UNIVERSITY, lessons=0)
    make_lesson(campus, title="Refinación del cobre")
    index()
    results = site_search("cobre", {"lang": "es"})
    assert results.counts["type"] == {"module": 1, "lesson": 3}
    assert results.counts["level"] == {Level.SECONDARY: 3, Level.UNIVERSITY: 1}
    assert results.counts["mineral"] == {"copper": 3}
    narrowed = site_search("cobre", {"lang": "es", "level": Level.UNIVERSITY})
    assert [hit.title for hit in narrowed.hits] == ["Refinación del cobre"]
    assert narrowed.counts["level"] == {Level.SECONDARY: 3, Level.UNIVERSITY: 1}  # a facet ignores its own choice
    assert narrowed.counts["type"] == {"lesson": 1}
    html = search(client, "/es/search/?q=cobre&type=lesson&level=university")
    assert "Refinación del cobre" in html and "Cables de cobre" not in html
    assert 'aria-current="true"' in html


def test_quizzes_are_found_by_their_questions_topics_never_by_answers(client, catalogs):
    outcome = OutcomeFactory(code="CM-SEC-07", statement="Describe cómo se obtiene litio de la salmuera.")
    module = make_module(catalogs["es"], title="Litio", lessons=1, outcomes=[outcome])
    question = make_question("short", outcomes=[outcome])  # its answer: "espodumenita-litio"
    choice = make_question("single", outcomes=[outcome], title="Conductores: hierro no")  # a wrong choice: "Hierro"
    cloze = make_question("cloze", outcomes=[outcome])  # its gaps' answers sit in its text: "relaves-espesados"
    make_quiz(module, questions=[question, choice, cloze], title="Cuestionario del salar")
    index()
    html = search(client, "/es/search/?q=salmuera")
    assert "Cuestionario del salar" in html and "Describe cómo se obtiene litio de la salmuera." in html
    assert "espodumenita" not in html
    for answer_or_title in ("espodumenita", "hierro", "Conductores", "relaves-espesados", "recircula"):  # answers, choices, editors' titles
        assert "Cuestionario del salar" not in search(client, f"/es/search/?q={answer_or_title}")
    # The general feedback ("Salmuera y litio.") is never searched or shown either.
    assert "Salmuera y litio" not in html


def test_drafts_and_private_pages_are_not_shown(client, catalogs):
    draft = make_module(catalogs["es"], title="Borrador", lessons=0, live=False)
    make_lesson(draft, title="Relaves en borrador")
    private = make_module(catalogs["es"], title="Privado", lessons=0)
    make_lesson(private, title="Relaves privados")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = make_module(catalogs["es"], title="Público", lessons=0)
    unpublished = make_lesson(public, number=2, title="Relaves sin publicar")
    unpublished.unpublish()
    index()
    html = search(client, "/es/search/?q=relaves")
    for title in ("Relaves en borrador", "Relaves privados", "Relaves sin publicar", "Borrador", "Privado"):
        assert title not in html


def test_other_languages_are_not_mixed_unless_asked(client, catalogs):
    make_lesson(make_module(catalogs["es"], title="Cobre", lessons=0), title="Minerales del cobre")
    make_lesson(make_module(catalogs["pt"], title="Cobre", lessons=0), title="Minerais do cobre")
    index()
    html = search(client, "/es/search/?q=cobre")
    assert "Minerales del cobre" in html and "Minerais do cobre" not in html
    assert "Português" in html  # the language facet offers it, with its count
    asked = search(client, "/es/search/?q=cobre&lang=pt")
    assert "Minerais do cobre" in asked and "Minerales del cobre" not in asked


def test_glossary_terms_open_the_lesson_that_explains_them(client, catalogs):
    term = GlossaryTermFactory(term="Relave", definition="Residuo fino del proceso de concentración.")
    module = make_module(catalogs["es"], title="Procesos", level=Level.TECHNICAL, lessons=0)
    lesson = make_lesson(module, title="Concentración")
    lesson.body = [{"type": "glossary_term", "value": {"term": term.pk}}]
    lesson.save_revision().publish()
    index()
    hits = site_search("relaves", {"lang": "es"}).hits
    glossary = next(hit for hit in hits if hit.kind == "glossary")
    assert glossary.title == "Relave" and glossary.page.pk == lesson.pk and glossary.module.pk == module.pk
    assert hits[0] is glossary  # the term names the word searched


def test_update_index_is_cheap_for_a_module_per_language(catalogs):
    for lang in ("es", "pt", "en", "fr"):
        make_module(catalogs[lang], lessons=6)
    started = time.perf_counter()
    index()
    assert time.perf_counter() - started < 10


def test_search_pages_through_results(client, catalogs):
    module = make_module(catalogs["es"], title="Relaves", lessons=0)
    for number in range(1, 24):
        make_lesson(module, number=number, title=f"Relaves {number}")
    index()
    first, second = search(client, "/es/search/?q=relaves"), search(client, "/es/search/?q=relaves&page=2")
    assert "24 resultados" in first and 'rel="next"' in first
    assert second.count('class="badge">Lección') == 4


def test_load_content_updates_the_search_index(client, site_pages, tmp_path, capsys):
    from tests.contributions.conftest import FRAMEWORK, LESSONS, MODULE, write_tree

    write_tree(tmp_path / "framework", FRAMEWORK)
    lessons = {f"lessons/{name}": text for name, text in LESSONS.items()}
    write_tree(tmp_path / "modules" / "agua-y-mineria", {"module.toml": MODULE, **lessons})
    call_command("load_content", str(tmp_path))
    assert "Search index updated" in capsys.readouterr().out
    html = search(client, "/es/search/?q=relave")
    assert ">Relaves</a>" in html
    assert ">Tailings</a>" in search(client, "/en/search/?q=tailing")
