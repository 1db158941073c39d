"""A lesson is complete when the learner passes the quiz it embeds (its check)."""

import pytest

from lessons.models import LessonPage
from progress.models import LessonProgress, Statement, Verb
from tests.factories import OutcomeFactory, UserFactory, make_module
from tests.progress.test_tracks import take
from tests.quizzes.conftest import make_question, make_quiz


@pytest.fixture
def lesson_with_check(catalog):
    outcome = OutcomeFactory(code="EC-SEC-01")
    module = make_module(catalog, lessons=2, outcomes=[outcome])
    quiz = make_quiz(module, questions=[make_question("truefalse", outcomes=[outcome]) for _ in range(2)],
                     shuffle_questions=False, pass_mark=100)
    first, second = LessonPage.objects.child_of(module).order_by("path").specific()
    first.body.append(("quiz", {"quiz": quiz, "heading": "", "text": ""}))
    first.save_revision().publish()
    return first, second, quiz


def test_passing_the_embedded_quiz_completes_the_lesson(lesson_with_check):
    lesson, other, quiz = lesson_with_check
    learner = UserFactory()
    take(quiz, learner, {})  # every answer wrong: failed
    assert not LessonProgress.objects.filter(user=learner, completed_at__isnull=False).exists()
    take(quiz, learner, {"EC-SEC-01": True})  # passed
    done = LessonProgress.objects.get(user=learner, completed_at__isnull=False)
    assert done.lesson_key == lesson.translation_key  # not the lesson without the check
    completions = Statement.objects.filter(user=learner, verb=Verb.COMPLETED, object_type="lesson")
    assert list(completions.values_list("object_key", flat=True)) == [lesson.translation_key]
    take(quiz, learner, {"EC-SEC-01": True})  # passing again completes nothing more
    assert completions.count() == 1


def test_a_lesson_of_an_unpublished_module_is_not_completed(lesson_with_check):
    lesson, _, quiz = lesson_with_check
    learner = UserFactory()
    lesson.get_parent().specific.unpublish()
    LessonPage.objects.filter(pk=lesson.pk).update(live=True)  # the lesson itself still says live
    take(quiz, learner, {"EC-SEC-01": True})
    assert not LessonProgress.objects.filter(user=learner, completed_at__isnull=False).exists()
