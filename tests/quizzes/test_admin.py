"""Editors manage the bank in the Wagtail admin: list with filters, where a question is used, import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.models import Question
from tests.factories import UserFactory

from .conftest import make_question, make_quiz


@pytest.fixture
def editor(client, db):
    user = UserFactory(username="editora", is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def test_question_list_filters_and_shows_where_used(editor, module, outcome, all_types):
    make_quiz(module, questions=all_types[:2], title="Quiz del cobre")
    url = reverse("wagtailsnippets_quizzes_question:list")
    response = editor.get(url, {"qtype": "numeric", "outcome": "CM-SEC-01", "level": "secondary", "locale": "es"})
    html = response.content.decode()
    assert response.status_code == 200 and "numeric" in html
    assert all_types[0].title not in html  # a single-choice question is filtered out
    html = editor.get(url).content.decode()
    assert "Quiz del cobre" in html
    inspect = editor.get(reverse("wagtailsnippets_quizzes_question:inspect", args=[all_types[0].pk]))
    assert "Quiz del cobre" in inspect.content.decode()


def test_editing_a_question_in_the_admin_saves_a_version(editor, outcome):
    question = make_question("truefalse", outcomes=[outcome])
    url = reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])
    assert editor.get(url).status_code == 200


def test_admin_import_refuses_a_bad_file_listing_lines(editor, site_pages, outcome):
    url = reverse("quizzes_import")
    bad = SimpleUploadedFile("bad.gift", b"$CATEGORY: CM-SEC-01\n\n::A::x {#abc}\n\n::B::y {T}\n")
    response = editor.post(url, {"file": bad, "format": "", "locale": "es"})
    html = response.content.decode()
    assert response.status_code == 400 and " 3: " in html and "abc" in html
    assert not Question.objects.exists()
    good = SimpleUploadedFile("good.gift", b"$CATEGORY: CM-SEC-01\n\n::A::x {#4}\n\n::B::y {T}\n")
    response = editor.post(url, {"file": good, "format": "gift", "locale": "es"})
    assert response.status_code == 200 and Question.objects.count() == 2


def test_import_screen_needs_permission(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("quizzes_import")).status_code in (302, 403)


def test_editors_can_add_a_quiz_under_a_module(editor, module):
    response = editor.get(reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk]))
    assert response.status_code == 200
    from curriculum.models import ModulePage
    from quizzes.models import QuizPage

    assert QuizPage in ModulePage.allowed_subpage_models() and QuizPage.allowed_parent_page_models() == [ModulePage]


def test_an_answered_question_cannot_be_deleted_but_can_be_archived(editor, quiz, learner, all_types):
    from quizzes import attempts

    attempt, _ = attempts.start_attempt(quiz, learner)
    attempts.submit_attempt(attempt)
    url = reverse("wagtailsnippets_quizzes_question:delete", args=[all_types[0].pk])
    response = editor.post(url)
    assert response.status_code == 302 and Question.objects.filter(pk=all_types[0].pk).exists()
    unused = make_question("truefalse")
    assert editor.post(reverse("wagtailsnippets_quizzes_question:delete", args=[unused.pk])).status_code == 302
    assert not Question.objects.filter(pk=unused.pk).exists()
