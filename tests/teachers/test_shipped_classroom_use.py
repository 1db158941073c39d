"""The projector view, worksheets and answer keys work on the curriculum the platform ships."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from contributions.loader import load_tree
from lessons.models import LessonPage
from quizzes.models import QuizPage
from teachers.models import Classroom


def test_every_shipped_lesson_and_quiz_presents_and_prints(client, teacher, site_pages):
    call_command("load_datasets", verbosity=0)
    load_tree(settings.ALMA_CONTENT_DIR)
    classroom = Classroom.objects.create(name="Demo", level="secondary", language="en", owner=teacher)
    client.force_login(teacher)
    lessons = list(LessonPage.objects.live().filter(locale__language_code="en"))
    quizzes = list(QuizPage.objects.live().filter(locale__language_code="en"))
    assert len(lessons) >= 30 and len(quizzes) >= 10
    with translation.override("en"):
        for lesson in lessons:
            response = client.get(reverse("teachers:present", args=[classroom.pk, lesson.translation_key]))
            assert response.status_code == 200, lesson.url
            assert len(response.context["slides"]) >= 2, lesson.url  # the shipped lessons have sections
            assert client.get(reverse("teachers:worksheet", args=[classroom.pk, lesson.translation_key])).status_code == 200
        for quiz in quizzes:
            sheet = client.get(reverse("teachers:worksheet", args=[classroom.pk, quiz.translation_key]))
            key = client.get(reverse("teachers:answer-key", args=[classroom.pk, quiz.translation_key]))
            assert sheet.status_code == 200 and key.status_code == 200, quiz.url
            questions = sheet.context["sheets"][0][1]
            assert questions and all(q.answer_key() for q in questions), quiz.url
