"""A learner takes a quiz in the browser: starts it, answers, leaves (closes the
browser), comes back, resumes where they left, submits, and reads the results."""

import os
import re

import pytest
from playwright.sync_api import expect

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "pass-word-123"


@pytest.fixture
def browser_locale():
    return "en-GB"


@pytest.fixture
def quiz(site):
    from curriculum.models import Level
    from quizzes.models import QuizPage, QuizSlot
    from tests.factories import OutcomeFactory, UserFactory, locale, make_module, publish
    from tests.quizzes.conftest import make_question

    outcome = OutcomeFactory(code="CM-SEC-01", locale=locale("en"), statement="Explain where copper comes from.")
    module = make_module(site["catalog"]["en"], title="Copper from ore to cathode", slug="copper", level=Level.SECONDARY,
                         lessons=0, outcomes=[outcome])
    questions = [
        make_question("numeric", outcomes=[outcome], lang="en", prompt="A mine processes 80 000 t of ore at 0.6 % Cu: "
                                                                     "how many tonnes of copper?"),
        make_question("truefalse", outcomes=[outcome], lang="en", prompt="Copper conducts electricity well."),
        make_question("short", outcomes=[outcome], lang="en", prompt="Which metal is pumped as brine from Andean salt flats?",
                      answers=[{"text": "lithium", "fraction": 1}]),
    ]
    page = QuizPage(title="Copper check", slug="copper-check", locale=module.locale, shuffle_questions=False,
                    time_limit_minutes=30)
    for question in questions:
        page.slots.add(QuizSlot(question=question))
    publish(module, page)
    UserFactory(username="lucia", password=PASSWORD)
    return page


def sign_in(tab, base, next_path):
    tab.goto(f"{base}/en/accounts/login/?next={next_path}")
    tab.fill('input[name="username"]', "lucia")
    tab.fill('input[name="password"]', PASSWORD)
    tab.locator('form:has(input[name="password"]) [type="submit"]').click()


def test_learner_takes_leaves_resumes_and_submits(browser, site, quiz, screenshot):
    base = site["url"]
    quiz_path = quiz.url

    # First visit: sign in, start the quiz, answer two questions, save, and close the browser.
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    sign_in(tab, base, quiz_path)
    expect(tab.get_by_role("heading", name="Copper check", level=1)).to_be_visible()
    tab.get_by_role("button", name="Start the quiz").click()
    expect(tab.get_by_role("heading", name="Attempt 1")).to_be_visible()
    expect(tab.locator("fieldset.question")).to_have_count(3)
    assert "lithium" not in tab.content()  # the accepted answer never reaches the browser
    tab.get_by_label("Your answer (a number)").fill("480 t")
    tab.get_by_role("group", name=re.compile("Question 2")).get_by_label("True").check()
    screenshot(tab, "quiz-attempt")
    tab.get_by_role("button", name="Save answers").click()
    expect(tab.get_by_text("Your answers are saved")).to_be_visible()
    context.close()

    # Later, a new browser: sign in again and resume where they left.
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(tab, base, quiz_path)
    tab.get_by_role("link", name="Resume the attempt").click()
    expect(tab.get_by_label("Your answer (a number)")).to_have_value("480 t")
    expect(tab.get_by_role("group", name=re.compile("Question 2")).get_by_label("True")).to_be_checked()
    tab.get_by_label("Your answer", exact=True).fill("Lithium")
    tab.get_by_role("button", name="Save and finish").click()
    expect(tab.get_by_role("heading", name="Submit your attempt?")).to_be_visible()
    tab.get_by_role("button", name="Submit my answers").click()

    expect(tab.get_by_role("heading", name="Results of attempt 1")).to_be_visible()
    expect(tab.locator(".quiz__score")).to_contain_text("100 %")
    expect(tab.get_by_role("rowheader", name=re.compile("CM-SEC-01"))).to_be_visible()
    screenshot(tab, "quiz-results")
    # Going back and submitting again changes nothing.
    tab.go_back()
    tab.go_back()
    from quizzes.models import Attempt

    attempt = Attempt.objects.get()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.points == 3
    assert not errors, errors
    context.close()
