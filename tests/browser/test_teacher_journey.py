"""The teacher's day, end to end in the browser, in Spanish and Portuguese, on a desktop and on a phone,
with axe-core finding nothing on any page (the class report and the presentation included).

Sign in → "My classes" from the header → the class → a student account and its login card → the
student signs in with the card and must choose a password → an assignment with instructions → the
student sees them on the lesson and fails the quiz → the lesson on the projector, one screen at 720p →
the report: grant an extra attempt, read the answers, reset the password → the new card forces a
new password again.
"""

import re

import pytest
from playwright.sync_api import expect

from curriculum.models import Level
from lessons.models import LessonPage
from teachers.models import Classroom
from tests.factories import OutcomeFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz
from tests.teachers.conftest import make_teacher

from .test_learner_journey import SIZES, Visit, header_link

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PROJECTOR = {"width": 1280, "height": 720}
WORDS = {
    "es": {"not_passed": "No aprobado", "extra": "1 intento extra concedido", "choose": "Elige tu contraseña",
           "instructions": "Lee la sección 1 antes del lunes.", "key": "Respuesta correcta"},
    "pt": {"not_passed": "Não aprovado", "extra": "1 tentativa extra concedida", "choose": "Escolha a sua senha",
           "instructions": "Leia a seção 1 antes de segunda-feira.", "key": "Resposta correta"},
}


def sign_in(page, language, username, password):
    page.goto(f"{page.context.base}/{language}/accounts/login/")
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    page.locator('form[action$="/accounts/login/"] button[type="submit"]').click()


def read_card(page):
    card = page.locator(".login-card").first
    expect(card).to_be_visible()
    return card.locator("[data-password]").inner_text().strip()


def choose_password(page, visit, words, password):
    expect(page).to_have_url(re.compile(r"/classes/password/$"))
    expect(page.locator("h1")).to_have_text(words["choose"])
    visit.check("choose-password")
    page.locator('input[name="new_password1"]').fill(password)
    page.locator('input[name="new_password2"]').fill(password)
    page.locator('form[action$="/classes/password/"] button[type="submit"]').click()
    expect(page).not_to_have_url(re.compile(r"/classes/password/$"))


@pytest.mark.parametrize("language,viewport", [("es", "desktop"), ("pt", "phone")])
def test_teacher_runs_a_class_from_roster_to_report_actions(browser, site, screenshot, language, viewport):
    base, words = site["url"], WORDS[language]
    make_teacher(username=f"profe-{language}", display_name="Profesora Rojas")
    outcome = OutcomeFactory(code="CM-SEC-21", statement="Explica de dónde viene el cobre.")
    module = make_module(site["catalog"][language], title="Cobre de la mina al cátodo", slug=f"cobre-{language}",
                         level=Level.SECONDARY, lessons=1, blocks=3, outcomes=[outcome])
    lesson = LessonPage.objects.child_of(module).first().specific
    quiz = make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome], lang=language) for _ in range(2)],
                     shuffle_questions=False, title="Control del cobre")
    from django.contrib.auth import get_user_model

    classroom = Classroom.objects.create(name="3º medio B", level=Level.SECONDARY, language=language,
                                         owner=get_user_model().objects.get(username=f"profe-{language}"))
    browser_locale = "pt-BR" if language == "pt" else "es-CL"

    teacher_context = browser.new_context(viewport=SIZES[viewport], locale=browser_locale)
    teacher_context.base = base
    teacher = teacher_context.new_page()
    visit = Visit(teacher, base, screenshot, f"teacher-{language}-{viewport}")

    # Sign in, "My classes" from the header, the class.
    sign_in(teacher, language, f"profe-{language}", "pass-word-123")
    expect(teacher).to_have_url(re.compile(rf"/{language}/classes/$"))
    header_link(teacher, f"/{language}/classes/").click()
    teacher.locator(f'a[href="/{language}/classes/{classroom.pk}/"]').first.click()
    expect(teacher.locator("h1")).to_have_text("3º medio B")
    visit.check("class")

    # A student account: its login card, and the card as printed.
    form = teacher.locator('form[action$="/students/new/"]')
    form.locator('input[name="username"]').fill(f"camila-{language}")
    form.locator('input[name="display_name"]').fill("Camila Flores")
    form.locator('button[type="submit"]').click()
    card_password = read_card(teacher)
    expect(teacher.locator(".login-card")).to_contain_text(f"{base}/{language}/accounts/login/")
    visit.check("login-cards", shot=True)
    teacher.emulate_media(media="print")
    expect(teacher.locator(".site-header")).to_be_hidden()
    expect(teacher.locator(".login-card")).to_be_visible()
    teacher.emulate_media(media="screen")

    # The student signs in with the card and must choose a password before anything else.
    student_context = browser.new_context(viewport=SIZES[viewport], locale=browser_locale)
    student_context.base = base
    student = student_context.new_page()
    learner = Visit(student, base, screenshot, f"teacher-student-{language}-{viewport}")
    sign_in(student, language, f"camila-{language}", card_password)
    student.goto(f"{base}/{language}/assignments/")
    choose_password(student, learner, words, "Salar-de-Atacama-2026")

    # The teacher assigns the lesson with instructions and the quiz with one attempt.
    visit.go(f"/{language}/classes/{classroom.pk}/assignments/", "assignments")
    for page_id, instructions, attempts in ((lesson.pk, words["instructions"], ""), (quiz.pk, "", "1")):
        teacher.locator('select[name="page"]').select_option(str(page_id))
        teacher.locator('textarea[name="instructions"]').fill(instructions)
        teacher.locator('input[name="attempts_allowed"]').fill(attempts)
        teacher.locator('form.form[method="post"] button[type="submit"]').click()
        expect(teacher.locator("table tbody tr")).to_have_count(1 if page_id == lesson.pk else 2)

    # The student reads the instructions on the lesson, and fails the quiz.
    learner.go(f"/{language}/assignments/", "my-assignments")
    expect(student.get_by_text(words["instructions"]).first).to_be_visible()
    learner.go(lesson.url, "lesson")
    expect(student.locator(".teacher-instructions")).to_contain_text(words["instructions"])
    learner.go(quiz.url, "quiz")
    student.locator('form[action$="/start/"] button').click()
    for number in (1, 2):
        student.locator(f'input[name="q{number}"][value="false"]').check()
    student.locator('button[value="finish"]').click()
    student.locator('form[action$="/submit/"] button').click()
    expect(student.locator(".quiz__score")).to_contain_text("0")

    # The lesson on the projector: one slide at a time fills a 720p display; the document does not scroll.
    visit.go(f"/{language}/classes/{classroom.pk}/assignments/", "assignments-filled")
    teacher.locator("#present-lesson").select_option(str(lesson.pk))  # any lesson, assigned or not
    teacher.locator('form[action$="/present/"] button').click()
    teacher.set_viewport_size(PROJECTOR)
    expect(teacher.locator("#slide-1 h1")).to_have_text(lesson.title)
    first = teacher.locator("#slide-1").bounding_box()
    assert first["height"] <= PROJECTOR["height"] + 1, first
    expect(teacher.locator(".slide:visible")).to_have_count(1)
    teacher.keyboard.press("ArrowRight")
    expect(teacher.locator("#slide-2")).to_be_in_viewport()
    expect(teacher.locator(".slide:visible")).to_have_count(1)
    expect(teacher.locator("[data-present-counter]")).to_have_text(re.compile(r" 2 (de) \d+$"))
    assert teacher.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    visit.check("presentation", shot=True)
    teacher.set_viewport_size(SIZES[viewport])

    # The report: a submitted, failed quiz reads "not passed"; then the student's page and its actions.
    visit.go(f"/{language}/classes/{classroom.pk}/report/", "report", shot=True)
    row = teacher.locator("table.report-grid tbody tr").filter(has_text="Camila Flores")
    expect(row.locator(".status--failed")).to_have_text(words["not_passed"])
    expect(teacher.locator("table.heatmap")).to_contain_text(outcome.statement)
    row.get_by_role("link", name="Camila Flores").click()
    teacher.locator('form[action*="/extra-attempts/"] button').click()
    expect(teacher.locator("main")).to_contain_text(words["extra"])
    visit.check("student", shot=True)
    teacher.locator('a[href*="/attempts/"]').first.click()
    expect(teacher.locator("table")).to_contain_text(words["key"])
    visit.check("answers", shot=True)
    teacher.go_back()
    teacher.locator('form[action$="/password/"] button').click()
    new_password = read_card(teacher)
    assert new_password != card_password
    visit.check("password-reset")

    # The extra attempt is there for the student; the reset signed them out, and the new card forces a new password.
    student.goto(f"{base}/{language}/assignments/")
    expect(student).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(student, language, f"camila-{language}", new_password)
    student.goto(base + quiz.url)
    choose_password(student, learner, words, "Mina-de-Chuquicamata-2027")
    learner.go(quiz.url, "quiz-extra-attempt")
    expect(student.locator('form[action$="/start/"] button')).to_be_visible()

    teacher_context.close()
    student_context.close()
    assert not visit.violations, visit.violations
    assert not learner.violations, learner.violations
