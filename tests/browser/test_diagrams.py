"""A lesson with a shipped diagram (content/modules/water-and-mining/diagrams/
tailings-dam-methods) in a real browser: no serious axe-core violation, the
drawing's labels stay readable on a phone (the frame scrolls instead of
shrinking them) and the text equivalent opens."""

import tomllib
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from lessons.models import LessonPage
from tests.factories import make_module

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DIAGRAMS = Path(__file__).resolve().parents[2] / "content" / "modules" / "water-and-mining" / "diagrams"


def diagram_value(name, language):
    texts = tomllib.loads((DIAGRAMS / f"{name}.toml").read_text())[language]
    return {"name": name, "title": texts["title"], "alt": texts["alt"], "text": texts["text"], "source": texts.get("source", ""),
            "svg": (DIAGRAMS / f"{name}.svg").read_text(),
            "labels": [{"key": key, "text": text} for key, text in texts["labels"].items()]}


@pytest.fixture
def lesson(site):
    module = make_module(site["catalog"]["es"], title="Agua y minería", slug="agua-diagramas", lessons=1)
    page = LessonPage.objects.child_of(module).first().specific
    page.body = [{"type": "markdown", "value": "## Relaves\n\nLos relaves se guardan en tranques."},
                 {"type": "diagram", "value": diagram_value("tailings-dam-methods", "es")}]
    page.save_revision().publish()
    return page


def test_a_lesson_with_a_diagram_is_accessible_and_readable_on_a_phone(page, site, lesson, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site["url"] + lesson.url)
    drawing = page.locator("figure.diagram svg[role=img]")
    assert drawing.get_attribute("aria-labelledby") == "dg-tailings-dam-methods-title dg-tailings-dam-methods-desc"
    assert page.locator("#dg-tailings-dam-methods-title").text_content().startswith("Tres formas de levantar")
    assert "Aguas arriba" in drawing.text_content() and "{{" not in drawing.text_content()
    label = page.locator("figure.diagram svg text", has_text="Aguas arriba")
    assert label.bounding_box()["height"] >= 14, "labels shrank below 14 px on a phone"
    frame = page.locator(".diagram__frame")
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth"), "the drawing should scroll inside its frame"
    page.get_by_text("El diagrama en palabras").click()
    assert page.get_by_text("Ley 14.066 de 2020").is_visible()
    results = Axe().run(page)
    serious = [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    screenshot(page, "lesson-diagram-es")
