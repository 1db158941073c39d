"""``manage.py export_offline``: a bundle whose every link and file is relative and present, the site's own
lessons (blocks, chart, glossary, a phone-sized image), a search index as a script, quizzes as practice only when
their rules show the answers. Browsing it from file:// is tests/browser/test_offline_bundle.py."""

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from quizzes.models import QuizPage
from tests.lessons.offline_world import make_offline_module


@pytest.fixture
def bundle(site_pages, tmp_path, capsys):
    modules = make_offline_module(site_pages["catalog"])
    folder = tmp_path / "bundle"
    call_command("export_offline", "cobre-offline", "--output", str(folder), "--languages", "es,en")
    return {"folder": folder, "modules": modules, "out": capsys.readouterr().out}


def references(html: str):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for attribute in ("href", "src", "srcset", "action", "xlink:href"):
            if tag.has_attr(attribute):
                yield tag.name, attribute, tag[attribute]


def test_every_reference_is_relative_and_leads_to_a_file_of_the_bundle(bundle):
    folder = bundle["folder"]
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) == 1 + 2 * (3 + 1 + 2 + 2)  # languages; per language: indexes, module, lessons, quizzes
    for page in pages:
        for tag, attribute, url in references(page.read_text()):
            where = f"{page.relative_to(folder)}: <{tag} {attribute}={url!r}>"
            parts = urlsplit(url)
            assert attribute != "srcset", where  # one phone-sized file per image
            if parts.scheme:
                assert tag == "a" and parts.scheme == "https" and parts.hostname not in ("localhost", "testserver"), where
                continue
            assert not url.startswith("/"), where
            if not parts.path:
                assert tag == "use" and url.startswith("#icon-") or tag == "a", where
                continue
            assert (page.parent / unquote(parts.path)).resolve().is_file(), where


def test_the_lessons_are_the_sites_own_with_chart_glossary_and_a_phone_sized_image(bundle):
    folder = bundle["folder"]
    lesson = (folder / "es" / "cobre-offline" / "leccion-1.html").read_text()
    assert '<h1>Lección 1' in lesson and "La flotación separa el cobre" in lesson
    assert 'class="glossary"' in lesson and '<th scope="row">Chile</th>' in lesson and 'role="img"' in lesson
    images = re.findall(r'<img [^>]*src="([^"]+)"', lesson)
    assert len(images) == 1 and "width-480" in images[0] and images[0].endswith(".jpg")
    assert "<picture" not in lesson and "<form" not in lesson and "visit.js" not in lesson
    assert "data-offline-" not in lesson and 'rel="manifest"' not in lesson  # a device's offline study needs the site
    assert 'id="icon-book"' in lesson  # the sprite travels inside each page
    # Links to pages of the site the bundle does not have lose their link, not their words.
    assert "Catálogo" in lesson and 'hreflang="pt"' not in lesson
    english = (folder / "en" / "cobre-offline" / "leccion-1.html").read_text()
    assert "Flotation separates copper" in english and 'lang="en"' in english
    assert 'href="../../es/cobre-offline/leccion-1.html"' in english  # the language switcher stays in the bundle


def test_a_quiz_is_a_practice_page_only_when_its_rules_show_the_answers(bundle):
    folder = bundle["folder"]
    module = bundle["modules"]["es"]
    quizzes = {quiz.title: folder / "es" / "cobre-offline" / f"{quiz.slug}.html"
               for quiz in QuizPage.objects.child_of(module)}
    practice, graded = quizzes["Práctica"].read_text(), quizzes["Evaluación"].read_text()
    assert "¿Qué metal conduce mejor" in practice and "480 ± 1 % t" in practice and "<details>" in practice
    assert "¿Qué metal conduce mejor" not in graded and "Cobre</li>" not in graded
    assert 'class="alert alert--info"' in graded


def test_the_search_index_is_a_script_with_lessons_quizzes_and_glossary(bundle):
    script = (bundle["folder"] / "es" / "search-index.js").read_text()
    assert script.startswith("window.ALMA_SEARCH_INDEX = ") and script.rstrip().endswith(";")
    index = json.loads(script[len("window.ALMA_SEARCH_INDEX = "):].rstrip().rstrip(";"))
    by_title = {entry["title"]: entry for entry in index["entries"]}
    assert "flotación separa el cobre" in by_title["Lección 1"]["text"]
    assert by_title["Flotación"]["href"] == "glossary.html#term-flotacion"
    assert {"Cobre (es)", "Lección 2", "Práctica", "Evaluación"} <= set(by_title)
    for entry in index["entries"]:
        assert (bundle["folder"] / "es" / entry["href"].split("#")[0]).is_file()


def test_each_page_written_is_reported(bundle):
    lines = bundle["out"].splitlines()
    written = {line.split()[0] for line in lines if line.endswith(("Lección 1", "Lesson 1")) or ".html" in line.split()[0]}
    on_disk = {str(path.relative_to(bundle["folder"])) for path in Path(bundle["folder"]).rglob("*.html")}
    assert on_disk <= written
    assert lines[-1].startswith("Wrote the bundle to ")


def test_unknown_modules_and_languages_are_clear_errors(site_pages, tmp_path):
    make_offline_module(site_pages["catalog"], languages=("es",))
    with pytest.raises(CommandError, match="No published module has the slug 'cobre'. Published modules: .*cobre-offline"):
        call_command("export_offline", "cobre", "--output", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="Unknown language 'de': this site has es, pt, en, fr"):
        call_command("export_offline", "cobre-offline", "--output", str(tmp_path / "b"), "--languages", "es,de")
    assert not (tmp_path / "b").exists()


def test_a_language_the_module_lacks_is_said_and_left_empty(site_pages, tmp_path, capsys):
    make_offline_module(site_pages["catalog"], languages=("es",))
    call_command("export_offline", "cobre-offline", "--output", str(tmp_path / "b"), "--languages", "es,pt")
    assert "pt: cobre-offline is not published in this language: left out" in capsys.readouterr().err
    assert (tmp_path / "b" / "es" / "cobre-offline" / "leccion-2.html").is_file()
    assert "cobre-offline" not in (tmp_path / "b" / "pt" / "index.html").read_text()
