"""A visitor, not signed in: home page → language switcher → catalogue filtered by
level → module → lesson, and back to Spanish on the lesson itself."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.models import Level
from tests.factories import make_module, publish

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LESSON_ONE = """## Where copper comes from

Most of the world's copper comes from **porphyry deposits** in the Andes.

- Chile and Peru produce about a third of it.
- The ore holds less than 1% copper.
"""
LESSON_ONE_ES = """## De dónde viene el cobre

La mayor parte del cobre del mundo viene de **depósitos de pórfido** en los Andes.
"""


def lesson(module, title, slug, markdown):
    from lessons.models import LessonPage

    page = LessonPage(title=title, slug=slug, locale=module.locale, minutes=25,
                      summary=f"{title}: a short lesson.", body=[{"type": "markdown", "value": markdown}])
    return publish(module, page)


@pytest.fixture
def curriculum(site):
    """Two English modules at different levels; the first also in Spanish."""
    en_catalog = site["catalog"]["en"]
    copper = make_module(en_catalog, title="Copper from ore to cathode", slug="copper",
                         level=Level.UNIVERSITY, lessons=0)
    first = lesson(copper, "Porphyry copper deposits", "porphyry-deposits", LESSON_ONE)
    lesson(copper, "Comminution and flotation", "comminution", "## Crushing\n\nGrinding uses most of the energy.")
    make_module(en_catalog, title="Metals in everyday life", slug="metals-everyday", level=Level.PRIMARY, lessons=1)

    es_locale = site["home"]["es"].locale
    copper_es = copper.copy_for_translation(es_locale)
    copper_es.title = "Cobre: del mineral al cátodo"
    copper_es.save_revision().publish()
    first_es = first.copy_for_translation(es_locale)
    first_es.title = "Yacimientos de pórfido cuprífero"
    first_es.body = [{"type": "markdown", "value": LESSON_ONE_ES}]
    first_es.save_revision().publish()
    return {"copper": copper, "first": first, "first_es": first_es}


def test_visitor_switches_language_filters_the_catalogue_and_reads_a_lesson(page, site, curriculum, screenshot):
    base = site["url"]

    # The bare address answers in the browser's language (Spanish).
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "home-es")

    # The language switcher names each language in that language.
    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Copper from ore to cathode")).to_be_visible()

    # The catalogue lists both English modules until a level is chosen.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalogue").click()
    expect(page).to_have_url(re.compile(r"/en/catalogue/$"))
    expect(page.get_by_role("link", name="Copper from ore to cathode")).to_be_visible()
    expect(page.get_by_role("link", name="Metals in everyday life")).to_be_visible()
    screenshot(page, "catalogue-en")

    # The filters are a landmark named by their heading (an aside or a section).
    filters = page.get_by_role("complementary", name="Filter modules").or_(
        page.get_by_role("region", name="Filter modules"))
    filters.get_by_role("link", name="University").click()
    expect(page).to_have_url(re.compile(r"[?&]level=university"))
    expect(page.get_by_role("heading", name="1 module")).to_be_visible()
    expect(page.get_by_role("link", name="Copper from ore to cathode")).to_be_visible()
    expect(page.get_by_role("link", name="Metals in everyday life")).to_have_count(0)
    # The chosen level says it is selected (not by colour alone).
    expect(filters.get_by_role("link", name=re.compile("University.*selected"))).to_be_visible()
    screenshot(page, "catalogue-en-university")

    # Module, then its first lesson.
    page.get_by_role("link", name="Copper from ore to cathode").click()
    expect(page.get_by_role("heading", level=1, name="Copper from ore to cathode")).to_be_visible()
    expect(page.get_by_role("link", name="Porphyry copper deposits")).to_be_visible()
    page.get_by_role("link", name="Porphyry copper deposits").click()

    expect(page.get_by_role("heading", level=1, name="Porphyry copper deposits")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Where copper comes from")).to_be_visible()
    expect(page.get_by_text("porphyry deposits", exact=True)).to_be_visible()  # the Markdown **bold**
    expect(page.get_by_text("Chile and Peru produce about a third of it.")).to_be_visible()
    expect(page.get_by_text("Lesson 1 of 2", exact=True)).to_be_visible()
    screenshot(page, "lesson-en")

    # Previous/next navigation inside the module.
    lesson_nav = page.get_by_role("navigation", name="Lessons in this module")
    expect(lesson_nav.get_by_role("link", name=re.compile("Comminution and flotation"))).to_be_visible()

    # Switching language on the lesson lands on its Spanish translation.
    page.get_by_role("link", name="Español", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(curriculum["first_es"].url) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1, name="Yacimientos de pórfido cuprífero")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="De dónde viene el cobre")).to_be_visible()
    screenshot(page, "lesson-es")
