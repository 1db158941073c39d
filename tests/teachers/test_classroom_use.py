"""Teaching with a projector and on paper: presentation, worksheets with a
separate answer key, and paper answers that count like online ones."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from progress.models import Statement
from quizzes.models import Attempt
from quizzes.mastery_records import mastery_for
from teachers import classroom_use
from teachers.models import Assignment, PaperSubmission
from tests.factories import OutcomeFactory, UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz
from tests.teachers.conftest import make_teacher


@pytest.fixture
def outcome(db):
    return OutcomeFactory(code="CM-SEC-07")


@pytest.fixture
def module(catalog, outcome):
    return make_module(catalog, lessons=2, blocks=3, outcomes=[outcome])


@pytest.fixture
def quiz(module, outcome):
    questions = [make_question(t, outcomes=[outcome]) for t in ("single", "truefalse", "numeric", "matching", "ordering")]
    return make_quiz(module, questions=questions, title="Prueba en papel", shuffle_questions=False, pass_mark=50)


@pytest.fixture
def quiz_assignment(classroom, quiz):
    return Assignment.objects.create(classroom=classroom, kind="quiz", target_key=quiz.translation_key, title=quiz.title)


def test_the_presentation_shows_one_section_per_screen_with_anchor_navigation(client, teacher, classroom, module):
    lesson = module.get_children().first().specific
    client.force_login(teacher)
    response = client.get(reverse("teachers:present", args=[classroom.pk, lesson.translation_key]))
    assert response.status_code == 200
    html = response.content.decode()
    # A title screen, then one screen per "## Sección n" heading of the three Markdown blocks.
    assert len(response.context["slides"]) == 3
    assert [int(n) for n in re.findall(r'<section class="slide" id="slide-(\d+)"', html)] == [1, 2, 3, 4]
    assert 'href="#slide-2" rel="next"' in html and 'href="#slide-5"' not in html
    assert 'href="#slide-2" rel="prev"' in html  # from screen 3 back to 2
    assert "Sección 2" in html and lesson.title in html
    assert "js/present.js" in html and 'aria-live="polite"' in html  # one slide at a time, with a counter
    assert 'data-counter="Slide 2 of 4"' in html or 'data-counter="Diapositiva 2 de 4"' in html
    assert "site-header" not in html  # nothing but the lesson on the projector


def test_the_worksheet_has_no_answers_and_the_key_is_a_separate_page(client, teacher, classroom, quiz, quiz_assignment):
    client.force_login(teacher)
    with translation.override("en"):
        url = reverse("teachers:worksheet", args=[classroom.pk, quiz.translation_key])
        key_url = reverse("teachers:answer-key", args=[classroom.pk, quiz.translation_key])
        sheet = client.get(url)
        key = client.get(key_url)
    assert sheet.status_code == 200 and key.status_code == 200
    sheet_html, key_html = sheet.content.decode(), key.content.decode()
    assert "Cobre" in sheet_html and "Circle one letter." in sheet_html
    assert len(re.findall(r'class="ws-question"', sheet_html)) == 5
    sheet_text = BeautifulSoup(sheet_html, "html.parser").get_text(" ")  # ids and tokens in attributes may hold "480"
    assert "480" not in sheet_text and "Correcto" not in sheet_text  # no right answers, no feedback
    assert key_url in sheet_html
    single = next(q for q in sheet.context["sheets"][0][1] if q.qtype == "single")
    letter = next(letter for letter, _id, text in single.letters if text == "Cobre")
    assert f"{letter}. Cobre" in key_html and "480" in key_html and "True" in key_html
    # The same questions and letters on every print.
    again = classroom_use.paper_questions(quiz)
    assert [(q.question_id, q.letters) for q in again] == [(q.question_id, q.letters) for q in sheet.context["sheets"][0][1]]


def test_a_lesson_worksheet_prints_the_lesson_and_the_quizzes_placed_in_it(client, teacher, classroom, module, quiz):
    lesson = module.get_children().type(type(module.get_children().first().specific)).first().specific
    lesson.body.append(("quiz", {"quiz": quiz, "heading": "", "text": ""}))
    lesson.save_revision().publish()
    Assignment.objects.create(classroom=classroom, kind="lesson", target_key=lesson.translation_key, title=lesson.title)
    client.force_login(teacher)
    response = client.get(reverse("teachers:worksheet", args=[classroom.pk, lesson.translation_key]))
    assert response.status_code == 200 and response.context["question_count"] == 5
    assert "Sección 1" in response.content.decode()
    key = client.get(reverse("teachers:answer-key", args=[classroom.pk, lesson.translation_key]))
    assert "480" in key.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "student", "outsider", "other_teacher", "co_teacher"])
def test_only_the_class_teachers_reach_the_answer_key_and_classroom_tools(client, classroom, student, quiz,
                                                                          quiz_assignment, module, role):
    lesson = module.get_children().first().specific
    users = {"anonymous": None, "student": student, "outsider": UserFactory(),
             "other_teacher": make_teacher(username="otra"), "co_teacher": make_teacher(username="co")}
    classroom.co_teachers.add(users["co_teacher"])
    if users[role]:
        client.force_login(users[role])
    urls = [reverse("teachers:answer-key", args=[classroom.pk, quiz.translation_key]),
            reverse("teachers:worksheet", args=[classroom.pk, quiz.translation_key]),
            reverse("teachers:present", args=[classroom.pk, lesson.translation_key]),
            reverse("teachers:paper", args=[classroom.pk, quiz_assignment.pk])]
    for url in urls:
        status = client.get(url).status_code
        expected = {"anonymous": 302, "co_teacher": 200}.get(role, 404)
        assert status == expected, (role, url, status)
    status = client.post(urls[3], {"student": student.pk, "q1": "x"}).status_code
    assert status == {"anonymous": 302, "co_teacher": 400}.get(role, 404)
    assert not Attempt.objects.exists()


def paper_post(questions, student, *, right=True):
    """The form a teacher fills in from one student's paper."""
    data = {"student": student.pk}
    for q in questions:
        d = q.definition
        if q.qtype == "single":
            data[q.name] = next(c["id"] for c in d["choices"] if (c["fraction"] > 0) == right)
        elif q.qtype == "truefalse":
            data[q.name] = "true" if right else "false"
        elif q.qtype == "numeric":
            data[q.name] = "480" if right else "12"
        elif q.qtype == "matching":
            for p in d["pairs"]:
                data[f"{q.name}-{p['id']}"] = p["right"] if right else "Oro"
        elif q.qtype == "ordering":
            ids = [it["id"] for it in d["items"]]
            for position, iid in enumerate(ids if right else list(reversed(ids)), 1):
                data[f"{q.name}-{iid}"] = position
    return data


def test_typed_in_paper_answers_are_a_submitted_attempt_that_counts_for_mastery_and_progress(
        client, teacher, classroom, student, quiz, quiz_assignment, outcome):
    other = UserFactory(username="diego")
    classroom.memberships.create(student=other)
    questions = classroom_use.paper_questions(quiz)
    assert mastery_for([student.pk])[student.pk] == {}
    client.force_login(teacher)
    with translation.override("en"):
        url = reverse("teachers:paper", args=[classroom.pk, quiz_assignment.pk])
        page = client.get(url, {"student": student.pk})
        assert page.status_code == 200 and "Answers of" in page.content.decode()
        response = client.post(url, paper_post(questions, student))
    assert response.status_code == 302 and response["Location"].endswith(f"?student={other.pk}")

    attempt = Attempt.objects.get(user=student)
    assert attempt.state == Attempt.State.SUBMITTED and attempt.score == pytest.approx(1.0) and attempt.passed
    assert PaperSubmission.objects.get().entered_by == teacher
    state = mastery_for([student.pk])[student.pk][outcome.code]
    assert state.responses == 5 and state.level == pytest.approx(1.0)
    assert Statement.objects.filter(user=student, object_key=quiz.translation_key).exists()

    # The class report shows it like an online attempt.
    from teachers.report import build_report

    cell = next(row for row in build_report(classroom).rows if row.student == student).cells[0]
    assert cell.is_done and cell.percent == 100

    # A second paper (all wrong) for another student lowers only their mastery.
    client.post(url, paper_post(questions, other, right=False))
    assert Attempt.objects.get(user=other).score < 0.5
    assert mastery_for([other.pk])[other.pk][outcome.code].level < 0.5


def test_a_malformed_paper_saves_nothing_and_names_the_question(client, teacher, classroom, student, quiz,
                                                                quiz_assignment):
    questions = classroom_use.paper_questions(quiz)
    data = paper_post(questions, student)
    numeric = next(q for q in questions if q.qtype == "numeric")
    data[numeric.name] = "cuatrocientos"
    client.force_login(teacher)
    with translation.override("en"):
        response = client.post(reverse("teachers:paper", args=[classroom.pk, quiz_assignment.pk]), data)
    assert response.status_code == 400
    assert "Write a number" in response.content.decode()
    assert not Attempt.objects.exists() and not PaperSubmission.objects.exists()


def test_paper_answers_respect_the_attempt_limit(client, teacher, classroom, student, module, outcome):
    limited = make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome])], attempts_allowed=1)
    assignment = Assignment.objects.create(classroom=classroom, kind="quiz", target_key=limited.translation_key, title="T")
    questions = classroom_use.paper_questions(limited)
    client.force_login(teacher)
    with translation.override("en"):
        url = reverse("teachers:paper", args=[classroom.pk, assignment.pk])
        assert client.post(url, paper_post(questions, student)).status_code == 302
        response = client.post(url, paper_post(questions, student))
    assert response.status_code == 400 and "attempt" in response.content.decode()
    assert Attempt.objects.filter(user=student).count() == 1


def test_with_random_questions_the_paper_counts_what_the_attempt_drew_and_says_what_it_left_out(
        teacher, classroom, student, module, outcome):
    for _n in range(3):
        make_question("truefalse", outcomes=[outcome])
    drawn = make_quiz(module, random_slots=[(outcome.code, 1, None)], title="Al azar")
    assignment = Assignment.objects.create(classroom=classroom, kind="quiz", target_key=drawn.translation_key, title="A")
    questions = classroom_use.paper_questions(drawn)
    assert len(questions) == 1
    submission = classroom_use.record_paper_answers(assignment, drawn, questions, student,
                                                    {questions[0].question_id: True}, teacher)
    answered = submission.attempt.questions.filter(answer__isnull=False).count()
    assert submission.attempt.state == Attempt.State.SUBMITTED
    assert answered + submission.unmatched == 1
