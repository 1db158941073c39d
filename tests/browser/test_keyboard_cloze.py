"""A cloze question with the keyboard only: each gap is reached with Tab in reading order, shows its
focus, has a name a screen reader reads ("Gap 1"), and the attempt page has no serious or critical
axe-core violation (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt, Question
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_keyboard_quiz import assert_visible_focus, focused_is, focused_text, sign_in, tab_to
from tests.factories import OutcomeFactory, locale, make_module
from tests.quizzes.conftest import make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def browser_locale():
    return "en-GB"


@pytest.fixture
def quiz(site):
    outcome = OutcomeFactory(code="CM-SEC-01", locale=locale("en"), statement="Explain where copper comes from.")
    module = make_module(site["catalog"]["en"], title="Copper gaps", slug="copper-cloze", lessons=0, outcomes=[outcome])
    question = Question(title="Copper in Chile", locale=locale("en"), prompt=(
        "Chile mines more {1:SHORTANSWER:=copper} than any other country, mostly in "
        "{1:MULTICHOICE_V:underground mines~=open-pit mines} — about {1:NUMERICAL:=5.3:0.2} Mt in 2024, "
        "and it ships {1:MULTICHOICE:=cathodes~ore only}."))
    question.answers = [("cloze", None)]
    question.save()
    question.outcomes.set([outcome])
    return make_quiz(module, questions=[question], title="Copper cloze check", shuffle_questions=False)


def test_a_cloze_question_with_the_keyboard_only(page, context, site, quiz, screenshot):
    sign_in(context, site["url"])
    page.goto(site["url"] + quiz.url)
    tab_to(page, lambda p: focused_text(p) == "Start the quiz", "the 'Start the quiz' button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Attempt 1")).to_be_visible()

    tab_to(page, lambda p: focused_is(p, tag="input", type="text", name="q1-g1"), "gap 1")
    assert_visible_focus(page, "gap 1")
    page.keyboard.type("Copper")
    expect(page.get_by_label("Gap 1", exact=True)).to_have_value("Copper")

    page.keyboard.press("Tab")  # into the radio group of gap 2
    assert focused_is(page, tag="input", type="radio", name="q1-g2"), "Tab does not reach gap 2"
    assert_visible_focus(page, "gap 2")
    group = page.get_by_role("radiogroup", name="Gap 2")
    for _ in range(3):
        if page.evaluate("() => document.activeElement.closest('label').innerText.trim()") == "open-pit mines":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(group.get_by_label("open-pit mines")).to_be_checked()

    page.keyboard.press("Tab")
    assert focused_is(page, tag="input", type="text", name="q1-g3"), "Tab from gap 2 does not reach gap 3"
    assert_visible_focus(page, "gap 3")
    page.keyboard.type("5,4")
    expect(page.get_by_label("Gap 3 (a number)")).to_have_value("5,4")

    page.keyboard.press("Tab")
    assert focused_is(page, tag="select", name="q1-g4"), "Tab from gap 3 does not reach gap 4"
    assert_visible_focus(page, "gap 4")
    page.keyboard.press("ArrowDown")  # "Choose…" → "cathodes"
    expect(page.get_by_label("Gap 4", exact=True)).to_have_value(
        page.locator("#q1-g4 option", has_text="cathodes").get_attribute("value"))
    assert serious_violations(page) == []
    screenshot(page, "quiz-cloze-keyboard")

    tab_to(page, lambda p: focused_text(p) == "Save and finish", "the 'Save and finish' button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Submit your attempt?")).to_be_visible()
    tab_to(page, lambda p: focused_text(p) == "Submit my answers", "the 'Submit my answers' button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Results of attempt 1")).to_be_visible()
    attempt = Attempt.objects.get()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.points == 1
