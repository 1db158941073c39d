"""A visitor searches, in Spanish and in Portuguese, on a desktop and a phone: the header's
search link, a plural finding its singular, each result's type, module and level, a level
facet narrowing the list, and a typo corrected. axe-core finds nothing on any page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from curriculum.models import Level
from tests.browser.conftest import VIEWPORTS
from tests.factories import make_lesson, make_module

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CASES = {
    # language: (word searched, typo, lesson found, its module, the other level's lesson)
    "es": ("relave", "relavs", "Relaves espesados", "Agua y minería", "Relaves en la escuela"),
    "pt": ("rejeito", "rejeitso", "Rejeitos espessados", "Água e mineração", "Rejeitos na escola"),
}


def axe_violations(page):
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


@pytest.fixture
def content(site):
    for language, (_word, _typo, lesson, module, school_lesson) in CASES.items():
        campus = make_module(site["catalog"][language], title=module, level=Level.UNIVERSITY, lessons=0)
        make_lesson(campus, title=lesson)
        school = make_module(site["catalog"][language], title=module + " 2", level=Level.SECONDARY, lessons=0)
        make_lesson(school, title=school_lesson)
    call_command("update_index", verbosity=0)


@pytest.mark.parametrize("language", list(CASES))
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_a_visitor_searches_narrows_and_is_corrected(page, site, content, language, width, screenshot):
    word, typo, lesson, module, school_lesson = CASES[language]
    page.set_viewport_size(VIEWPORTS[width])
    page.goto(f"{site['url']}/{language}/")
    search_link = page.locator(".site-nav a[href$='/search/']")
    if not search_link.is_visible():  # the phone's menu
        page.locator(".nav-toggle").click()
    search_link.click()
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []

    page.locator("#search-q").fill(word)
    page.locator("form[role=search] button[type=submit]").click()
    results = page.locator(".search-results > li")
    expect(results).to_have_count(2)  # the two lessons: a plural found by its singular
    found = results.filter(has=page.get_by_role("link", name=lesson, exact=True))
    expect(found).to_contain_text(module)
    with translation.override(language):
        university = str(Level.UNIVERSITY.label)
    expect(found.locator(".badge--level")).to_have_text(university)
    assert axe_violations(page) == []
    screenshot(page, f"search-{language}-results")

    # The level facet narrows the list; its chip says it is chosen.
    page.locator(".facet a.chip").filter(has_text=university).click()
    expect(page.locator(".search-results > li")).to_have_count(1)
    expect(page.locator(".search-results")).not_to_contain_text(school_lesson)
    expect(page.locator(".facet a.chip[aria-current='true']")).not_to_have_count(0)
    assert axe_violations(page) == []

    # A typo: the results of the closest word, said so.
    page.locator("#search-q").fill(typo)
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".search-suggestion")).to_be_visible()
    expect(page.get_by_role("link", name=lesson, exact=True)).to_be_visible()
    assert axe_violations(page) == []
    if width == "desktop":
        screenshot(page, f"search-{language}-corrected")
