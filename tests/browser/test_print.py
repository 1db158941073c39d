"""Issue 9: a lesson prints as a clean handout (no navigation, header or footer;
external links show their URL; activities start on a new page), and text in
another language than the page's is marked with its own ``lang``."""

import pytest
from playwright.sync_api import expect

from lessons.models import LessonPage
from tests.factories import OutcomeFactory, make_module

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

USGS_URL = "https://www.usgs.gov/centers/nmic/mineral-commodity-summaries"
LESSON_BODY = [
    {"type": "markdown", "value": (
        "## Del mineral al metal\n\n"
        f"Chile produjo unos 5,3 millones de toneladas de cobre en 2024 ([USGS]({USGS_URL}), estimado). "
        "Vuelve al [catálogo](/es/) cuando termines.\n"
    )},
    {"type": "activity", "value": {"title": "Medir la ley", "duration_minutes": 20, "materials": ["Balanza"],
                                   "steps": ["Pesa.", "Calcula."]}},
]


@pytest.fixture
def lesson(site):
    outcome = OutcomeFactory(code="CM-SEC-01")
    module = make_module(site["catalog"]["es"], title="Minerales críticos", slug="critical-print", lessons=1,
                         outcomes=[outcome])
    lesson = LessonPage.objects.child_of(module).first().specific
    lesson.body = LESSON_BODY
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def after_content(locator):
    return locator.evaluate("el => getComputedStyle(el, '::after').content")


def test_a_lesson_prints_as_a_clean_handout(page, site, lesson, screenshot):
    page.goto(site["url"] + lesson.url)
    external = page.locator(f'main a[href="{USGS_URL}"]')
    internal = page.get_by_role("link", name="catálogo")
    expect(page.locator(".site-header")).to_be_visible()
    assert after_content(external) in ("none", "normal"), "the URL must only be shown on paper"

    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".site-nav", ".lang-switcher", ".skip-link", "nav"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Del mineral al metal")).to_be_visible()

    # External links show their URL after the text; internal links do not.
    assert after_content(external) == f'" ({USGS_URL})"'
    assert after_content(internal) in ("none", "normal"), after_content(internal)

    # Ink on paper: black text, and an activity starts a new page.
    assert page.locator("main h1").evaluate("el => getComputedStyle(el).color") == "rgb(0, 0, 0)"
    activity = page.locator(".activity").first
    expect(activity).to_be_visible()
    assert activity.evaluate("el => getComputedStyle(el).breakBefore") == "page"
    assert page.locator("main h2").first.evaluate("el => getComputedStyle(el).breakAfter") == "avoid"

    screenshot(page, "lesson-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()


def test_language_names_are_marked_with_their_own_language(page, site, lesson):
    page.goto(site["url"] + lesson.url)
    assert page.locator("html").get_attribute("lang") == "es"
    links = page.locator(".lang-switcher a")
    expect(links).to_have_count(4)
    names = {}
    for link in links.all():
        code = link.get_attribute("hreflang")
        assert link.get_attribute("lang") == code, f"the link to {code} lacks lang={code}"
        names[code] = link.evaluate("el => el.firstChild.textContent.trim()")
        # A note about the page, written in the page's language, is marked back to it.
        for note in link.locator(".lang-switcher__note").all():
            assert note.get_attribute("lang") == "es"
    assert names == {"es": "Español", "pt": "Português", "en": "English", "fr": "Français"}
