"""Issue 9: a keyboard-only journey through a quiz. A signed-in learner tabs to
the start button, answers a single-choice and a numeric question, saves,
submits and reads the results without touching the mouse; every control they
use shows a visible focus ring (computed outline)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.factories import OutcomeFactory, UserFactory, locale, make_module
from tests.quizzes.conftest import make_question, make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MAX_TABS = 80


@pytest.fixture
def browser_locale():
    return "en-GB"


@pytest.fixture
def quiz(site):
    outcome = OutcomeFactory(code="CM-SEC-01", locale=locale("en"), statement="Explain where copper comes from.")
    module = make_module(site["catalog"]["en"], title="Copper from ore to cathode", slug="copper-keyboard",
                         lessons=0, outcomes=[outcome])
    single = make_question("single", outcomes=[outcome], lang="en", prompt="Which metal carries electricity in cables?",
                           choices=[{"text": "Iron", "fraction": 0, "feedback": "Iron conducts poorly."},
                                    {"text": "Lithium", "fraction": 0},
                                    {"text": "Copper", "fraction": 1, "feedback": "Right: cables are copper."}])
    numeric = make_question("numeric", outcomes=[outcome], lang="en",
                            prompt="A mine processes 80 000 t of ore at 0.6 % Cu: how many tonnes of copper?")
    return make_quiz(module, questions=[single, numeric], title="Copper keyboard check", shuffle_questions=False)


def sign_in(context, live_server_url):
    client = Client()
    client.force_login(UserFactory(username="teo", display_name="Teo"))
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server_url}])


def focused(page):
    return page.locator(":focus")


def assert_visible_focus(page, what):
    """The focused element draws an outline (the design system's :focus-visible ring)."""
    style = page.evaluate("""() => {
        const el = document.activeElement, s = getComputedStyle(el);
        return {tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor};
    }""")
    assert style["tag"] != "BODY", f"nothing has the focus at {what}"
    assert style["style"] != "none" and style["width"] >= 2, f"focus is not visible on {what}: {style}"
    assert style["color"] not in ("transparent", "rgba(0, 0, 0, 0)"), f"focus ring is transparent on {what}: {style}"


def tab_to(page, predicate, what):
    """Press Tab until ``predicate(page)`` holds; fail if the keyboard cannot reach it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if predicate(page):
            return focused(page)
    pytest.fail(f"{what} cannot be reached with the Tab key")


def focused_text(page):
    return page.evaluate("() => (document.activeElement.innerText || '').trim()")


def focused_is(page, **attributes):
    actual = page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), type: el.type, name: el.name, id: el.id};
    }""")
    return all(actual.get(key) == value for key, value in attributes.items())


def radio_label(page):
    return page.evaluate("() => document.activeElement.closest('label').innerText.trim()")


def test_keyboard_only_journey_through_a_quiz(page, context, site, quiz, screenshot):
    sign_in(context, site["url"])
    page.goto(site["url"] + quiz.url)
    expect(page.get_by_role("heading", name="Copper keyboard check", level=1)).to_be_visible()

    # The skip link comes first and shows its focus.
    page.keyboard.press("Tab")
    expect(focused(page)).to_have_attribute("href", "#main")
    assert_visible_focus(page, "the skip link")

    # Tab to the start button and press Enter.
    tab_to(page, lambda p: focused_text(p) == "Start the quiz", "the 'Start the quiz' button")
    assert_visible_focus(page, "the 'Start the quiz' button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Attempt 1")).to_be_visible()

    # Question 1 (single choice): Tab into the radio group, then arrow keys choose.
    tab_to(page, lambda p: focused_is(p, tag="input", type="radio"), "the first question's choices")
    assert_visible_focus(page, "a choice of question 1")
    first_radio_name = page.evaluate("() => document.activeElement.name")
    for _ in range(4):
        if radio_label(page) == "Copper":
            break
        page.keyboard.press("ArrowDown")
    assert radio_label(page) == "Copper", "the arrow keys do not move between the choices"
    page.keyboard.press("Space")  # arrow keys check as they move; Space covers "Copper" being focused first
    group = page.get_by_role("group", name=re.compile("Question 1"))
    expect(group.get_by_label("Copper")).to_be_checked()
    assert_visible_focus(page, "the chosen answer")

    # Question 2 (numeric): one Tab leaves the radio group for the next field.
    page.keyboard.press("Tab")
    assert focused_is(page, tag="input", type="text"), "Tab from the choices does not reach the numeric answer"
    assert page.evaluate("() => document.activeElement.name") != first_radio_name
    assert_visible_focus(page, "the numeric answer field")
    page.keyboard.type("480")
    expect(page.get_by_label("Your answer (a number)")).to_have_value("480")
    screenshot(page, "quiz-keyboard-attempt")

    # Save and finish, then submit, with the keyboard only.
    tab_to(page, lambda p: focused_text(p) == "Save and finish", "the 'Save and finish' button")
    assert_visible_focus(page, "the 'Save and finish' button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Submit your attempt?")).to_be_visible()
    expect(page.get_by_text("You answered all 2 questions.")).to_be_visible()

    tab_to(page, lambda p: focused_text(p) == "Submit my answers", "the 'Submit my answers' button")
    assert_visible_focus(page, "the 'Submit my answers' button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Results of attempt 1")).to_be_visible()
    expect(page.locator(".quiz__score")).to_contain_text("100 %")

    from quizzes.models import Attempt

    attempt = Attempt.objects.get()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.points == 2
