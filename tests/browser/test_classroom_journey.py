"""The classroom journey in a browser: a teacher creates a class, a student joins
with the code, the teacher assigns a lesson and a quiz (and puts the lesson on
the projector), the student does both, and the teacher sees the report update."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import OutcomeFactory, UserFactory, locale, make_module
from tests.quizzes.conftest import make_question, make_quiz
from tests.teachers.conftest import make_teacher

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "pass-word-123"


@pytest.fixture
def browser_locale():
    return "en-GB"


@pytest.fixture
def content(site):
    from curriculum.models import Level

    outcome = OutcomeFactory(code="CM-SEC-01", locale=locale("en"), statement="Explain where copper comes from.")
    module = make_module(site["catalog"]["en"], title="Copper from ore to cathode", slug="copper", level=Level.SECONDARY,
                         lessons=1, blocks=3, outcomes=[outcome])
    questions = [
        make_question("truefalse", outcomes=[outcome], lang="en", prompt="Copper conducts electricity well."),
        make_question("numeric", outcomes=[outcome], lang="en", prompt="A mine processes 80 000 t of ore at 0.6 % Cu: "
                                                                     "how many tonnes of copper?"),
    ]
    quiz = make_quiz(module, questions=questions, title="Copper check", shuffle_questions=False)
    lesson = module.get_children().live().first().specific
    return {"module": module, "lesson": lesson, "quiz": quiz}


def sign_in(page, base, username):
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Username")).to_have_count(0)


def report_row(page, name):
    return page.locator("table.report-grid tbody tr").filter(has=page.get_by_role("rowheader", name=re.compile(name)))


def test_teacher_creates_a_class_student_joins_does_the_work_and_the_report_updates(browser, site, content, screenshot):
    base = site["url"]
    make_teacher(username="rojas", display_name="Profesora Rojas")
    UserFactory(username="camila", display_name="Camila Flores")
    errors = []

    # The teacher creates a class and reads its join code.
    teacher_context = browser.new_context(locale="en-GB")
    teacher = teacher_context.new_page()
    teacher.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(teacher, base, "rojas")
    teacher.goto(base + "/en/classes/")
    teacher.get_by_role("link", name="Create a class").click()
    teacher.get_by_role("textbox", name="Name").fill("Copper 3A")
    teacher.get_by_role("combobox", name="Level").select_option(label="Secondary school")
    teacher.get_by_role("combobox", name="Language").select_option("en")
    teacher.get_by_role("button", name="Create the class").click()
    expect(teacher.get_by_role("heading", name="Copper 3A", level=1)).to_be_visible()
    code = teacher.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    screenshot(teacher, "class-created")

    # The student joins with the code, typed loosely.
    student_context = browser.new_context(locale="en-GB")
    student = student_context.new_page()
    student.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(student, base, "camila")
    student.goto(base + "/en/classes/join/")
    student.get_by_label("Join code").fill(f"{code[:4].lower()}-{code[4:]}")
    student.get_by_role("button", name="Join", exact=True).click()
    expect(student.get_by_text("You joined Copper 3A.")).to_be_visible()

    # The teacher sees the student, assigns the lesson and the quiz.
    teacher.reload()
    expect(teacher.get_by_role("rowheader", name=re.compile("Camila Flores"))).to_be_visible()
    teacher.get_by_role("link", name="Assignments", exact=True).first.click()
    for title, instructions in (("Lección 1", "Read it before Monday."), ("Copper check", "One attempt, in class.")):
        teacher.get_by_label("Content").select_option(label=f"— {title}")
        teacher.get_by_label("Instructions").fill(instructions)
        teacher.get_by_label("Due").fill("2035-03-01T10:00")
        teacher.get_by_role("button", name="Assign", exact=True).click()
        expect(teacher.get_by_text(f"Assigned: {title}.")).to_be_visible()
    expect(teacher.locator("table tbody tr")).to_have_count(2)
    assignments_url = teacher.url
    report_url = assignments_url.replace("/assignments/", "/report/")

    # Before any work: both cells are "To do".
    teacher.goto(report_url)
    row = report_row(teacher, "Camila Flores")
    expect(row.locator(".status--todo")).to_have_count(2)

    # The lesson on the projector: keyboard next and previous move between screens.
    teacher.goto(assignments_url)
    teacher.get_by_role("link", name="Present").click()
    expect(teacher.get_by_role("heading", name="Lección 1", level=1)).to_be_visible()
    expect(teacher.locator("html.presenting")).to_have_count(1)  # present.js listens for the keys
    teacher.keyboard.press("ArrowRight")
    expect(teacher).to_have_url(re.compile("#slide-2$"))
    expect(teacher.locator("#slide-2").get_by_role("heading", name="Sección 0")).to_be_in_viewport()
    teacher.keyboard.press("ArrowRight")
    expect(teacher).to_have_url(re.compile("#slide-3$"))
    teacher.keyboard.press("ArrowLeft")
    expect(teacher).to_have_url(re.compile("#slide-2$"))
    screenshot(teacher, "lesson-presentation")

    # The student finds both in "My assignments" and does them.
    student.goto(base + "/en/assignments/")
    to_do = student.get_by_role("heading", name=re.compile("To do"))
    expect(to_do).to_be_visible()
    expect(student.get_by_text("Read it before Monday.")).to_be_visible()
    screenshot(student, "my-assignments")
    student.get_by_role("link", name="Lección 1").click()
    student.get_by_role("button", name="Mark as complete").click()
    expect(student.get_by_text("Lesson completed.")).to_be_visible()
    student.goto(base + "/en/assignments/")
    student.get_by_role("link", name="Copper check").click()
    student.get_by_role("button", name="Start the quiz").click()
    student.get_by_role("group", name=re.compile("Question 1")).get_by_label("True").check()
    student.get_by_label("Your answer (a number)").fill("480")
    student.get_by_role("button", name="Save and finish").click()
    student.get_by_role("button", name="Submit my answers").click()
    expect(student.locator(".quiz__score")).to_contain_text("100 %")
    student.goto(base + "/en/assignments/")
    expect(student.get_by_role("heading", name="Done (2)")).to_be_visible()

    # The teacher's report has updated: both done, the quiz at 100 %, the outcome in the heat map.
    teacher.goto(report_url)
    row = report_row(teacher, "Camila Flores")
    expect(row.locator(".status--done")).to_have_count(2)
    expect(row).to_contain_text("100%")
    expect(teacher.get_by_role("rowheader", name="CM-SEC-01")).to_be_visible()
    screenshot(teacher, "class-report")

    teacher_context.close()
    student_context.close()
    assert not errors, errors


def test_a_class_without_devices_prints_the_worksheet_and_the_teacher_types_the_paper_answers(browser, site, content,
                                                                                            screenshot):
    from teachers.models import Assignment, Classroom, Membership

    base = site["url"]
    teacher_user = make_teacher(username="rojas", display_name="Profesora Rojas")
    pupil = UserFactory(username="tomas", display_name="Tomás Huanca")
    classroom = Classroom.objects.create(name="Copper 3B", level="secondary", language="en", owner=teacher_user)
    Membership.objects.create(classroom=classroom, student=pupil)
    quiz = content["quiz"]
    Assignment.objects.create(classroom=classroom, kind="quiz", target_key=quiz.translation_key, title=quiz.title)

    context = browser.new_context(locale="en-GB")
    teacher = context.new_page()
    sign_in(teacher, base, "rojas")
    teacher.goto(f"{base}/en/classes/{classroom.pk}/assignments/")
    teacher.get_by_role("link", name="Worksheet").click()
    expect(teacher.get_by_role("heading", name="Copper check", level=1)).to_be_visible()
    expect(teacher.locator(".ws-question")).to_have_count(2)
    teacher.emulate_media(media="print")
    expect(teacher.locator(".site-header")).to_be_hidden()
    expect(teacher.get_by_role("link", name="Answer key")).to_be_hidden()
    assert "480" not in teacher.locator("main").inner_text()
    teacher.emulate_media(media="screen")
    screenshot(teacher, "quiz-worksheet")
    teacher.get_by_role("link", name="Answer key").click()
    expect(teacher.get_by_role("heading", name=re.compile("Answer key"))).to_be_visible()
    expect(teacher.locator(".ws-key li").first).to_contain_text("True")
    expect(teacher.locator(".ws-key li").nth(1)).to_contain_text("480")
    key_url = teacher.url

    # The student cannot open the key.
    student_context = browser.new_context(locale="en-GB")
    student = student_context.new_page()
    sign_in(student, base, "tomas")
    assert student.goto(key_url).status == 404
    student_context.close()

    # The teacher types in Tomás's paper: it is scored and reaches the report.
    teacher.goto(f"{base}/en/classes/{classroom.pk}/assignments/")
    teacher.get_by_role("link", name="Type in paper answers").click()
    teacher.get_by_role("link", name="Tomás Huanca").click()
    teacher.get_by_role("group", name=re.compile("Question 1")).get_by_label("True").check()
    teacher.get_by_label(re.compile("Answer written")).fill("480")
    screenshot(teacher, "paper-answers")
    teacher.get_by_role("button", name="Save these answers").click()
    expect(teacher.get_by_text("Paper answers of Tomás Huanca saved: 100%.")).to_be_visible()
    expect(teacher.get_by_text("(typed in: 100%)")).to_be_visible()
    teacher.goto(f"{base}/en/classes/{classroom.pk}/report/")
    row = report_row(teacher, "Tomás Huanca")
    expect(row.locator(".status--done")).to_have_count(1)
    expect(row).to_contain_text("100%")
    expect(teacher.get_by_role("rowheader", name="CM-SEC-01")).to_be_visible()
    context.close()
