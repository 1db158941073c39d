"""The learner's and the trainee teacher's day, end to end in the browser, in Spanish
and Portuguese, on a desktop and on a phone, with axe-core finding nothing on any page.

Learner: sign up → land on "My learning" → enrol → lesson → tick → quiz in pages saved
as they go → results with a summary → try again.
Trainee: sign in → "My classes" → the teacher-training track from the header → enrol
(its modules too) → real reading → a certificate quiz that keeps its key → certificate
PNG and PDF → the public verification page with hours and modules.
"""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from curriculum.models import Level, ModulePage
from lessons.models import LessonPage
from progress.models import Certificate, LessonProgress
from quizzes.models import Question
from tests.factories import OutcomeFactory, UserFactory, make_module
from tests.progress.test_tracks import make_track
from tests.quizzes.conftest import make_question, make_quiz

from .conftest import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": VIEWPORTS["phone"]}

WORDS = {
    "es": {"my_learning": "Mi aprendizaje", "kept": "Sigue leyendo", "completed": "(completada)", "try_again": "Intentar de nuevo",
           "answered": "de 12 preguntas respondidas", "pass_first": "cuando apruebes"},
    "pt": {"my_learning": "Meu aprendizado", "kept": "Continue lendo", "completed": "(concluída)", "try_again": "Tentar de novo",
           "answered": "de 12 perguntas respondidas", "pass_first": "quando você for aprovado"},
}


def axe_violations(page):
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


class Visit:
    """Goes to pages and checks each with axe-core; collects what it finds."""

    def __init__(self, page, base, screenshot, name):
        self.page, self.base, self.screenshot, self.name = page, base, screenshot, name
        self.violations = {}

    def check(self, label, shot=False):
        self.page.wait_for_load_state("load")  # after a click, axe must see the new document, not the old one
        found = axe_violations(self.page)
        if found:
            self.violations[f"{label} {self.page.url}"] = found
        if shot:
            self.screenshot(self.page, f"{self.name}-{label}")

    def go(self, path, label, shot=False):
        response = self.page.goto(self.base + path)
        assert response.status == 200, f"{label}: {response.status}"
        self.check(label, shot)


def open_menu_if_folded(page):
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible():
        toggle.focus()
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")


def header_link(page, href):
    open_menu_if_folded(page)
    link = page.locator(f'#site-nav a[href="{href}"]')
    expect(link).to_be_visible()
    return link


@pytest.mark.parametrize("language,viewport", [("es", "desktop"), ("pt", "phone")])
def test_learner_signs_up_studies_and_retries_a_paged_quiz(browser, site, screenshot, language, viewport):
    base, words = site["url"], WORDS[language]
    outcome = OutcomeFactory(code="CM-SEC-07", statement="Explica la huella hídrica del cobre.")
    module = make_module(site["catalog"][language], title="Agua y cobre", slug=f"agua-{language}", lessons=2,
                         outcomes=[outcome])
    first_lesson = LessonPage.objects.child_of(module).order_by("path").first().specific
    questions = [make_question("truefalse", outcomes=[outcome], lang=language) for _ in range(12)]
    quiz = make_quiz(module, questions=questions, shuffle_questions=False, title="Control del agua")

    context = browser.new_context(viewport=SIZES[viewport], locale=f"{language}-BR" if language == "pt" else "es-CL")
    page = context.new_page()
    visit = Visit(page, base, screenshot, f"learner-{language}-{viewport}")

    visit.go(f"/{language}/accounts/signup/", "signup")
    page.locator('input[name="username"]').fill(f"estudiante-{language}")
    page.locator('input[name="password1"]').fill("Salar-de-Atacama-2026")
    page.locator('input[name="password2"]').fill("Salar-de-Atacama-2026")
    page.locator('form[action$="/accounts/signup/"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"/{language}/learning/$"))  # lands on My learning, not the home page
    visit.check("my-learning-empty")
    expect(header_link(page, f"/{language}/learning/")).to_have_text(words["my_learning"])

    visit.go(module.url, "module")
    page.locator('form[action*="/learning/enrol/"] button').click()
    visit.go(first_lesson.url, "lesson")
    page.locator('form[action*="/learning/complete/"] button').click()
    expect(page.locator("h1 .tick")).to_be_visible()
    visit.go(module.url, "module-with-tick", shot=True)
    expect(page.locator(".lesson-list .tick")).to_have_count(1)
    expect(page.locator(".lesson-list .tick").first).to_contain_text(words["completed"])

    visit.go(quiz.url, "quiz")
    page.locator('form[action$="/start/"] button').click()
    expect(page.locator("fieldset.question")).to_have_count(6)  # 12 questions in two pages of 6
    for number in (1, 2, 3):
        page.locator(f'input[name="q{number}"][value="true"]').check()
    expect(page.locator("#answered-label")).to_have_text(re.compile(rf"^3 {words['answered']}"))  # saved as they go
    visit.check("attempt-page-1", shot=True)
    for number in (4, 5, 6):
        page.locator(f'input[name="q{number}"][value="false"]').check()
    page.locator('button[value="next"]').click()
    expect(page.locator("#question-7")).to_be_visible()
    for number in range(7, 13):
        page.locator(f'input[name="q{number}"][value="false"]').check()
    expect(page.locator("#answered-label")).to_have_text(re.compile(rf"^12 {words['answered']}"))
    visit.check("attempt-page-2")
    page.locator('button[value="finish"]').click()
    visit.check("submit")
    page.locator('form[action$="/submit/"] button').click()

    summary = page.locator(".quiz-summary")
    expect(summary).to_contain_text("25")  # 3 of 12 right
    expect(summary.get_by_role("link", name=first_lesson.title)).to_be_visible()  # back to the lesson of the weak outcome
    visit.check("results", shot=True)
    summary.get_by_role("button", name=words["try_again"]).click()
    expect(page.locator("h1")).to_contain_text("2")
    expect(page.locator("fieldset.question")).to_have_count(6)
    visit.go(f"/{language}/learning/", "my-learning", shot=True)
    expect(page.locator(".card-list")).to_contain_text("1")
    context.close()
    assert not visit.violations, visit.violations


@pytest.mark.parametrize("language,viewport", [("pt", "desktop"), ("es", "phone")])
def test_trainee_teacher_follows_the_track_and_gets_a_verifiable_certificate(browser, site, screenshot, settings,
                                                                           language, viewport):
    settings.ALMA_LESSON_MIN_READING_SECONDS = 60
    base, words = site["url"], WORDS[language]
    teacher = UserFactory(username=f"docente-{language}", display_name="Rosa Mamani Quispe")
    teacher.groups.add(Group.objects.get(name=Role.TEACHER.value))
    module = make_module(site["catalog"][language], title="Enseñar con datos", slug=f"datos-{language}", lessons=1,
                         level=Level.TEACHER_TRAINING)
    ModulePage.objects.filter(pk=module.pk).update(estimated_hours=1)
    lesson = LessonPage.objects.child_of(module).first().specific
    quiz = make_quiz(module, questions=[make_question("truefalse", lang=language) for _ in range(2)],
                     shuffle_questions=False, title="Prueba del módulo")
    track = make_track(site["catalog"][language], [module], title="Formação docente" if language == "pt" else "Formación docente",
                       test_attempts_allowed=2)

    context = browser.new_context(viewport=SIZES[viewport], locale="pt-BR" if language == "pt" else "es-PE",
                                  accept_downloads=True)
    page = context.new_page()
    visit = Visit(page, base, screenshot, f"trainee-{language}-{viewport}")

    visit.go(f"/{language}/accounts/login/", "login")
    page.locator('input[name="username"]').fill(teacher.username)
    page.locator('input[name="password"]').fill("pass-word-123")
    page.locator('form[action$="/accounts/login/"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"/{language}/classes/$"))  # a teacher lands on My classes
    visit.check("my-classes")
    header_link(page, track.url).click()
    expect(page.locator("h1")).to_have_text(track.title)
    visit.check("track", shot=True)
    page.locator('form[action*="/learning/enrol/"] button').click()
    visit.go(f"/{language}/learning/", "my-learning-enrolled")
    expect(page.get_by_role("link", name="Enseñar con datos").first).to_be_visible()  # its module is enrolled too

    visit.go(lesson.url, "lesson")
    page.locator('form[action*="/learning/complete/"] button').click()
    expect(page.get_by_text(words["kept"])).to_be_visible()  # no completion without reading
    # What the time-on-task beacon records while the teacher reads for an hour.
    LessonProgress.objects.filter(user=teacher).update(seconds_spent=3600)
    page.locator('form[action*="/learning/complete/"] button').click()
    expect(page.locator("h1 .tick")).to_be_visible()

    visit.go(quiz.url, "quiz")
    page.locator('form[action$="/start/"] button').click()
    for number in (1, 2):
        page.locator(f'input[name="q{number}"][value="false"]').check()
    page.locator('button[value="finish"]').click()
    page.locator('form[action$="/submit/"] button').click()
    expect(page.get_by_text(words["pass_first"])).to_be_visible()  # a failed attempt shows no key
    key_texts = [q.latest_version.definition.get("feedback_right", "") for q in Question.objects.filter(locale__language_code=language)]
    for text in filter(None, key_texts):
        expect(page.get_by_text(text)).to_have_count(0)
    visit.check("results-failed")
    page.locator(".quiz-summary button").click()
    for number in (1, 2):
        page.locator(f'input[name="q{number}"][value="true"]').check()
    page.locator('button[value="finish"]').click()
    page.locator('form[action$="/submit/"] button').click()
    expect(page.locator(".quiz__score")).to_contain_text("100")

    certificate = Certificate.objects.get(user=teacher, kind="track")
    assert certificate.hours == 1 and certificate.modules == ["Enseñar con datos"]
    visit.go(f"/{language}/certificates/{certificate.id}/", "certificate", shot=True)
    with page.expect_download() as png:
        page.locator(f'a[href$="{certificate.id}.png"]').click()
    assert Image.open(io.BytesIO(open(png.value.path(), "rb").read())).size == (1600, 1130)
    with page.expect_download() as pdf:
        page.locator(f'a[href$="{certificate.id}.pdf"]').click()
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"

    visit.go(f"/{language}/verify/{certificate.verification_key}/", "verification", shot=True)
    expect(page.locator("main")).to_contain_text("Enseñar con datos")
    expect(page.locator("main")).to_contain_text("1 h")
    context.close()
    assert not visit.violations, visit.violations
