"""The projector view, worksheets and answer keys work on the curriculum the platform ships."""

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from contributions.loader import load_tree
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import QuizPage
from teachers import classroom_use
from teachers.models import Assignment, Classroom


def test_every_shipped_lesson_and_quiz_presents_and_prints(client, teacher, site_pages):
    call_command("load_datasets", verbosity=0)
    load_tree(settings.ALMA_CONTENT_DIR)
    classroom = Classroom.objects.create(name="Demo", level="secondary", language="en", owner=teacher)
    for module in ModulePage.objects.live().filter(locale__language_code="en"):  # answer keys of what the class is given
        Assignment.objects.create(classroom=classroom, kind="module", target_key=module.translation_key, title=module.title)
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
        assessments = classroom_use.track_assessments(quizzes)  # the teacher-training track's: never keyed to a Teacher
        assert 0 < len(assessments) < len(quizzes)
        for quiz in quizzes:
            sheet = client.get(reverse("teachers:worksheet", args=[classroom.pk, quiz.translation_key]))
            key = client.get(reverse("teachers:answer-key", args=[classroom.pk, quiz.translation_key]))
            assert sheet.status_code == 200 and key.status_code == (403 if quiz in assessments else 200), quiz.url
            questions = sheet.context["sheets"][0][1]
            assert questions and all(q.answer_key() for q in questions), quiz.url
