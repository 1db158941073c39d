"""The public's day (issue #13): an anonymous visitor reaches the impact dashboard
from the site header, in Spanish and Portuguese, on a desktop and on a phone, reads
its figures and its "last updated" date, and the page does not overflow a phone;
axe-core finds nothing on any page visited."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from impact.demo import MODULES, create_demo_activity
from impact.services import impact_figures
from tests.factories import make_module

from .test_learner_journey import SIZES, Visit, header_link

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WORDS = {
    "es": {"link": "Impacto", "h1": "Nuestro impacto", "updated": "Última actualización:", "own": "Español",
           "other": "Portugués", "rule": "Privacidad: la regla de los grupos pequeños"},
    "pt": {"link": "Impacto", "h1": "Nosso impacto", "updated": "Última atualização:", "own": "Português",
           "other": "Espanhol", "rule": "Privacidade: a regra dos grupos pequenos"},
}


@pytest.fixture
def demo_activity(site):
    """The demo modules in Spanish and Portuguese, and the demo learners' synthetic activity."""
    for slug in MODULES:
        for language in ("es", "pt"):
            make_module(site["catalog"][language], slug=slug, title=slug.replace("-", " ").capitalize(), lessons=2)
    create_demo_activity()
    cache.delete("impact:figures")  # figures cached by the previous test's live server
    yield impact_figures()
    cache.delete("impact:figures")


@pytest.mark.parametrize("language", ["es", "pt"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_visitor_reaches_and_reads_the_impact_dashboard(browser, site, demo_activity, screenshot, language, viewport):
    base, words, figures = site["url"], WORDS[language], demo_activity
    context = browser.new_context(viewport=SIZES[viewport], locale=f"{language}-BR" if language == "pt" else "es-CL")
    page = context.new_page()
    visit = Visit(page, base, screenshot, f"public-{language}-{viewport}")

    visit.go(f"/{language}/", "home")
    link = header_link(page, f"/{language}/impact/")
    expect(link).to_have_text(words["link"])
    link.click()
    expect(page).to_have_url(re.compile(rf"/{language}/impact/$"))
    expect(page.locator("h1")).to_contain_text(words["h1"])
    visit.check("dashboard", shot=True)

    # Figures as cards, grouped the page language's way, and the day of the newest record.
    learners = page.locator(".impact__totals div").first
    expect(learners.locator("dd")).to_have_text(str(figures["totals"]["learners"]))
    updated = page.locator(".impact__updated")
    expect(updated).to_be_visible()
    expect(updated).to_contain_text(words["updated"])
    expect(updated.locator("time")).to_have_attribute("datetime", figures["updated"].isoformat())
    expect(page.get_by_role("heading", name=words["rule"])).to_be_visible()

    # Language names in the page's language; the small groups (Mexico, Bolivia) stay hidden.
    languages = page.locator("#impact-language")
    expect(languages.get_by_role("rowheader", name=words["own"], exact=True)).to_be_visible()
    expect(languages.get_by_role("rowheader", name=words["other"], exact=True)).to_be_visible()
    expect(page.locator("#impact-country tbody tr")).to_have_count(3)
    expect(page.locator("svg.chart")).to_have_count(2)

    # The chart's figures are in a data table too.
    page.locator(".chart-block__data summary").first.click()
    expect(page.locator(".chart-block__data table").first).to_be_visible()

    # Nothing sticks out of a phone: wide tables and charts scroll inside their own box.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the {viewport} viewport"
    visit.check("dashboard-data-table")
    context.close()
    assert not visit.violations, visit.violations
