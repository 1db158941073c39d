"""The teacher's presentation on a 720p and a 1080p projector (issue 13): one slide at a time fills
the screen and the document never scrolls, even for a slide longer than the screen (it is scaled,
then scrolls inside itself); buttons, arrow keys, PageUp/PageDown and Space move; the counter
says "Slide n of N" politely; the hash keeps the slide on reload; Esc goes back to the class;
axe-core finds nothing. Without JavaScript the slides read one after another."""

import re

import pytest
from playwright.sync_api import expect

from lessons.models import LessonPage
from teachers.models import Classroom
from tests.factories import make_module, publish
from tests.teachers.conftest import make_teacher

from .conftest import SCREENSHOT_DIR
from .test_learner_journey import Visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LONG = "\n\n".join(f"Párrafo {n}: el agua de proceso se recircula en el espesador de relaves." for n in range(40))
BODY = [{"type": "markdown", "value": "## Agua\n\nEl cobre necesita agua."},
        {"type": "markdown", "value": f"## Relaves\n\n{LONG}"},
        {"type": "markdown", "value": "## Cierre\n\nPreguntas para la clase."}]


def sign_in(page, base):
    page.goto(f"{base}/es/accounts/login/")
    page.locator('input[name="username"]').fill("profe-presenta")
    page.locator('input[name="password"]').fill("pass-word-123")
    page.locator('form[action$="/accounts/login/"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/es/classes/$"))


def document_scrolls(page):
    return page.evaluate("document.documentElement.scrollHeight > window.innerHeight"
                         " || document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}])
def test_presentation_shows_one_slide_at_a_time_filling_the_projector(browser, site, screenshot, viewport):
    base = site["url"]
    teacher = make_teacher(username="profe-presenta", display_name="Profesora Rojas")
    module = make_module(site["catalog"]["es"], title="Agua y cobre", slug="agua-presenta", lessons=0)
    lesson = publish(module, LessonPage(title="El agua en la mina", slug="agua", locale=module.locale, body=BODY, minutes=20))
    classroom = Classroom.objects.create(name="3º medio B", language="es", owner=teacher)
    url = f"/es/classes/{classroom.pk}/lessons/{lesson.translation_key}/present/"

    context = browser.new_context(viewport=viewport, locale="es-CL")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    visit = Visit(page, base, screenshot, f"presentation-{viewport['width']}")
    sign_in(page, base)
    visit.go(url, "first", shot=viewport["width"] == 1280)

    slides, counter = page.locator(".slide"), page.locator("[data-present-counter]")
    expect(slides).to_have_count(4)
    expect(page.locator("html.presenting")).to_have_count(1)  # present.js listens for the keys
    expect(page.locator(".slide:visible")).to_have_count(1)
    expect(page.locator("#slide-1 h1")).to_have_text("El agua en la mina")
    expect(counter).to_have_text("Diapositiva 1 de 4")
    expect(counter).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("button", name="← Anterior")).to_be_disabled()
    box = page.locator("#slide-1").bounding_box()
    assert box["height"] <= viewport["height"] and box["width"] <= viewport["width"], box
    assert not document_scrolls(page)

    for key, number in (("ArrowRight", 2), ("PageDown", 3), ("PageUp", 2)):
        page.keyboard.press(key)
        expect(page.locator(f"#slide-{number}")).to_be_visible()
        expect(page.locator(".slide:visible")).to_have_count(1)
        expect(counter).to_have_text(f"Diapositiva {number} de 4")
    expect(page).to_have_url(re.compile(r"#slide-2$"))
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")
    expect(counter).to_have_text("Diapositiva 2 de 4")

    # The long slide: scaled, then scrolled inside itself; the document stays put.
    page.get_by_role("button", name="Siguiente →").click()
    long_slide = page.locator("#slide-3")
    expect(long_slide).to_contain_text("Párrafo 39")
    assert not document_scrolls(page)
    assert long_slide.bounding_box()["height"] <= viewport["height"]
    assert long_slide.evaluate("el => el.scrollHeight > el.clientHeight")  # its own scroll bar
    visit.check("long-slide", shot=viewport["width"] == 1280)
    if viewport["width"] == 1280:  # what the projector shows, not the full page
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / "presentation-es-720p.png"))

    # A reload stays on the slide; the last slide cannot go further; Esc goes back to the class.
    page.reload()
    expect(counter).to_have_text("Diapositiva 3 de 4")
    expect(page.locator("#slide-3")).to_be_visible()
    page.keyboard.press("End")
    expect(counter).to_have_text("Diapositiva 4 de 4")
    expect(page.get_by_role("button", name="Siguiente →")).to_be_disabled()
    page.get_by_role("button", name="← Anterior").focus()
    expect(page.get_by_role("button", name="← Anterior")).to_be_focused()
    visit.check("last")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(rf"/es/classes/{classroom.pk}/$"))
    context.close()
    assert not errors, errors
    assert not visit.violations, visit.violations


def test_presentation_without_javascript_reads_in_order(browser, site):
    teacher = make_teacher(username="profe-presenta", display_name="Profesora Rojas")
    module = make_module(site["catalog"]["es"], title="Agua y cobre", slug="agua-presenta", lessons=0)
    lesson = publish(module, LessonPage(title="El agua en la mina", slug="agua", locale=module.locale, body=BODY, minutes=20))
    classroom = Classroom.objects.create(name="3º medio B", language="es", owner=teacher)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="es-CL", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site["url"])
    page.goto(f"{site['url']}/es/classes/{classroom.pk}/lessons/{lesson.translation_key}/present/")
    expect(page.locator(".slide:visible")).to_have_count(4)
    expect(page.locator(".present-controls")).to_be_hidden()
    expect(page.locator("#slide-1 a[rel=next]")).to_have_attribute("href", "#slide-2")
    context.close()
