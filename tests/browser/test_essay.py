"""An essay in the browser: a learner writes it and waits; their class's teacher signs in, finds it on the
class report, reads it with the rubric and grades it; the learner then sees the score and the comment."""

import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "pass-word-123"
RUBRIC = "Rubric: names three criteria, cites dated facts."
ESSAY_TEXT = "The reparation was slow: the final agreement came only in 2024."


@pytest.fixture
def world(site):
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import Role
    from quizzes.models import Question, QuizPage, QuizSlot
    from teachers.models import Assignment, Classroom, Membership
    from tests.factories import OutcomeFactory, UserFactory, locale, make_module, publish
    from tests.quizzes.conftest import make_question

    outcome = OutcomeFactory(code="TJ-TEC-01", locale=locale("en"), statement="Judge a reparation.")
    module = make_module(site["catalog"]["en"], title="Tailings", slug="tailings", lessons=0, outcomes=[outcome])
    essay = Question(title="Fair reparation", locale=locale("en"))
    essay.set_definition({"type": "essay", "prompt": "Was the reparation after Fundão fair?", "rubric": RUBRIC,
                          "min_words": 5, "max_words": 300})
    essay.save()
    essay.outcomes.set([outcome])
    page = QuizPage(title="Tailings check", slug="tailings-check", locale=module.locale, shuffle_questions=False,
                    pass_mark=50)
    for question in (make_question("truefalse", outcomes=[outcome], lang="en", prompt="Tailings are wet."), essay):
        page.slots.add(QuizSlot(question=question))
    publish(module, page)
    teacher = UserFactory(username="rosa", password=PASSWORD)
    teacher.groups.add(Group.objects.get_or_create(name=Role.TEACHER.value)[0])
    learner = UserFactory(username="lucia", password=PASSWORD)
    classroom = Classroom.objects.create(name="3B", level="secondary", language="en", owner=teacher)
    Membership.objects.create(classroom=classroom, student=learner)
    Assignment.objects.create(classroom=classroom, kind=Assignment.Kind.QUIZ, target_key=page.translation_key,
                              title=page.title, available_from=timezone.now() - timedelta(days=1), created_by=teacher)
    return page, classroom


def sign_in(tab, base, username, next_path):
    tab.goto(f"{base}/en/accounts/login/?next={next_path}")
    tab.fill('input[name="username"]', username)
    tab.fill('input[name="password"]', PASSWORD)
    tab.locator('form:has(input[name="password"]) [type="submit"]').click()


def test_an_essay_is_written_graded_by_the_teacher_and_then_counts(browser, site, world):
    from quizzes.models import Attempt

    quiz, classroom = world
    base = site["url"]
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    sign_in(tab, base, "lucia", quiz.url)
    tab.get_by_role("button", name="Start the quiz").click()
    assert RUBRIC not in tab.content()
    tab.get_by_role("group", name=re.compile("Question 1")).get_by_label("True").check()
    box = tab.get_by_label("Your answer, in your own words")
    expect(box).to_have_attribute("aria-describedby", "q2-hint")
    expect(tab.locator("#q2-hint")).to_contain_text("Write between 5 and 300 words.")
    box.fill(ESSAY_TEXT)
    tab.get_by_role("button", name="Save and finish").click()
    tab.get_by_role("button", name="Submit my answers").click()
    expect(tab.locator(".quiz__score")).to_contain_text("Waiting for your teacher's grade.")
    assert RUBRIC not in tab.content()
    results_url = tab.url
    context.close()

    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    sign_in(tab, base, "rosa", f"/en/classes/{classroom.pk}/report/")
    expect(tab.get_by_role("heading", name="Essays to grade")).to_be_visible()
    tab.get_by_role("link", name=re.compile("Tailings check: 1 attempt to grade")).click()
    expect(tab.locator(".essay-answer")).to_contain_text(ESSAY_TEXT)
    expect(tab.get_by_text(RUBRIC)).to_be_visible()
    tab.get_by_label("Points (0 to 1)").fill("0.5")
    tab.get_by_label("Comment for the student").fill("Good dates; name a third criterion.")
    tab.get_by_role("button", name="Save the grade").click()
    expect(tab.get_by_text("The grade of question 2 is saved.")).to_be_visible()
    attempt = Attempt.objects.get()
    assert (attempt.points, attempt.score, attempt.passed) == (1.5, 0.75, True)
    context.close()

    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    sign_in(tab, base, "lucia", results_url.replace(base, ""))
    expect(tab.locator(".quiz__score")).to_contain_text("75 %")
    tab.locator("#question-2 summary").click()
    expect(tab.get_by_text("Good dates; name a third criterion.")).to_be_visible()
    assert RUBRIC not in tab.content()
    context.close()
