"""Data from upload to impact: a curator uploads a CSV in the admin; the public sees
it as a table and as a chart in a lesson in Spanish and English; a learner answers
a question whose right answer is computed from that data; and once enough
learners are active the public impact dashboard shows their group. The dataset page, the
lesson charts and the dashboard have no serious or critical axe-core violations."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import serious_violations

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "pass-word-123"
CSV = """commodity,country,year,production
lithium,Australia,2024,88000
lithium,Chile,2024,49000
lithium,China,2024,41000
lithium,Argentina,2024,18000
lithium,World total (rounded),2024,240000
"""


@pytest.fixture
def browser_locale():
    return "en-US"  # the admin in English: its labels are what the test reads


def sign_in(tab, base, username, next_path):
    tab.goto(f"{base}/en/accounts/login/?next={next_path}")
    tab.fill('input[name="username"]', username)
    tab.fill('input[name="password"]', PASSWORD)
    tab.locator('form:has(input[name="password"]) [type="submit"]').click()


def test_upload_chart_question_and_impact(browser, page, site, screenshot, tmp_path, django_user_model):
    from django.core.cache import cache

    from curriculum.models import Level
    from datasets.models import Dataset
    from progress import lesson_progress
    from quizzes.models import Question, QuizPage, QuizSlot
    from tests.factories import UserFactory, locale, make_lesson, make_module, publish

    base = site["url"]
    django_user_model.objects.create_superuser("curadora", "curadora@example.org", PASSWORD)

    # 1. The curator uploads a CSV in the admin; it is converted to HDF5.
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("curadora")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^(Sign in|Log in)$")).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(base + "/admin/datasets/new/")
    page.fill('input[name="slug"]', "lithium-2024")
    page.fill('input[name="title"]', "Lithium mine production 2024")
    page.fill('textarea[name="source"]', "USGS MCS 2025")
    page.fill('textarea[name="licence"]', "Public domain")
    csv_path = tmp_path / "lithium.csv"
    csv_path.write_text(CSV)
    page.set_input_files('input[name="upload"]', str(csv_path))
    screenshot(page, "data-admin-upload")
    page.locator('main form [type="submit"]').first.click()
    expect(page.get_by_text("Lithium mine production 2024").first).to_be_visible()
    dataset = Dataset.objects.get(slug="lithium-2024")
    assert dataset.row_count == 5 and dataset.file.name.endswith(".h5")

    # 2. The public sees it as a table.
    visitor = browser.new_context(locale="en-US")
    tab = visitor.new_page()
    tab.goto(f"{base}/en/datasets/lithium-2024/")
    expect(tab.get_by_role("heading", name="Lithium mine production 2024", level=1)).to_be_visible()
    expect(tab.get_by_role("cell", name="Argentina", exact=True)).to_be_visible()
    expect(tab.get_by_text("Public domain").first).to_be_visible()
    screenshot(tab, "data-dataset-page")
    assert serious_violations(tab) == []

    # 3. ... and as a chart in a lesson, in Spanish and in English.
    chart = {"dataset": "lithium-2024", "kind": "bar", "x": "country", "y": "production", "series": "",
             "where": "year = 2024; country != World total (rounded)", "title": "Lithium 2024", "caption": "USGS"}
    lessons = {}
    for language, title in (("es", "Litio en cifras"), ("en", "Lithium in figures")):
        module = make_module(site["catalog"][language], title=title, slug=f"litio-{language}", level=Level.SECONDARY,
                             lessons=0)
        lesson = make_lesson(module, blocks=0, title=title)
        lesson.body = [("chart", chart)]
        lesson.save_revision().publish()
        lessons[language] = (module, lesson)
    for language, (_module, lesson) in lessons.items():
        tab.goto(base + lesson.url)
        expect(tab.locator("html")).to_have_attribute("lang", re.compile(f"^{language}"))
        svg = tab.locator('svg[role="img"]').first
        expect(svg).to_be_visible()
        expect(tab.locator("svg title").first).to_have_text("Lithium 2024")
        # Axis labels come from the columns' per-language labels.
        expect(svg).to_contain_text({"es": "producción minera", "en": "mine production"}[language])
        tab.locator("details.chart-block__data summary").click()  # the data table behind the chart
        table = tab.locator("details.chart-block__data table")
        expect(table.get_by_role("rowheader", name="Chile")).to_be_visible()
        expect(table).to_contain_text(re.compile(r"49[\s,.]?000"))  # grouped as the page's language groups digits
        assert "World total" not in table.inner_text()
        screenshot(tab, f"data-lesson-chart-{language}")
        assert serious_violations(tab) == []
    visitor.close()

    # 4. A learner answers a question whose right answer is computed from the data.
    question = Question(title="Most lithium", locale=locale("en"))
    question.set_definition({"type": "single", "prompt": "Which country produced most lithium in 2024?", "choices": [],
                             "shuffle": False,
                             "data": {"dataset": "lithium-2024", "where": "year = 2024; country != World total (rounded)",
                                      "label": "country", "column": "production", "aggregate": "max-row", "choices": 3}})
    question.save()
    quiz = QuizPage(title="Lithium check", slug="lithium-check", locale=lessons["en"][0].locale, shuffle_questions=False)
    quiz.slots.add(QuizSlot(question=question))
    publish(lessons["en"][0], quiz)
    UserFactory(username="lucia", password=PASSWORD, country="CL")
    learner = browser.new_context(locale="en-US")
    tab = learner.new_page()
    sign_in(tab, base, "lucia", quiz.url)
    tab.get_by_role("button", name="Start the quiz").click()
    question_box = tab.locator("fieldset.question")
    expect(question_box).to_contain_text("Which country produced most lithium in 2024?")
    for name in ("Australia", "Chile", "China"):
        expect(question_box.get_by_label(name)).to_have_count(1)
    question_box.get_by_label("Australia").check()
    screenshot(tab, "data-question")
    tab.get_by_role("button", name="Save and finish").click()
    tab.get_by_role("button", name="Submit my answers").click()
    expect(tab.get_by_role("heading", name="Results of attempt 1")).to_be_visible()
    expect(tab.locator(".quiz__score")).to_contain_text("100 %")
    learner.close()

    # 5. The impact dashboard: nothing by country until a group reaches 10 learners.
    public = browser.new_context(locale="en-US")
    tab = public.new_page()
    tab.goto(f"{base}/en/impact/")
    expect(tab.get_by_text(re.compile("at least 10 learners"))).to_be_visible()
    expect(tab.locator("#impact-country")).to_have_count(0)
    en_lesson = lessons["en"][1]
    for n in range(10):
        lesson_progress.complete_lesson(UserFactory(username=f"learner-{n}", country="CL"), en_lesson)
    cache.clear()  # the dashboard caches its figures for 10 minutes
    tab.reload()
    expect(tab.locator("#impact-country").get_by_role("rowheader", name="Chile")).to_be_visible()
    expect(tab.locator("#impact-country")).to_contain_text("11")  # the 10 learners and Lucía's quiz
    screenshot(tab, "data-impact-dashboard")
    assert serious_violations(tab) == []
    public.close()
