"""A full learner journey for the xAPI tests: enrolling in a track of two modules,
viewing and completing lessons, failing then passing a quiz, completing both
modules and the track, earning their certificates."""

from curriculum.models import TrackModule, TrackPage
from lessons.models import LessonPage
from progress import enrolment, lesson_progress
from quizzes import attempts
from tests.factories import make_module, publish
from tests.quizzes.conftest import make_question, make_quiz


def make_track(catalog, *, title="Formación docente"):
    first = make_module(catalog, title="Agua y minería", lessons=2)
    second = make_module(catalog, title="Litio y comunidades", lessons=1)
    quiz = make_quiz(second, questions=[make_question("truefalse")], shuffle_questions=False, pass_mark=50)
    track = TrackPage(title=title, slug="formacion-docente", summary="Itinerario.", locale=catalog.locale,
                      minimum_hours=0, pass_mark=70)
    for order, module in enumerate((first, second)):
        track.track_modules.add(TrackModule(module=module, sort_order=order))
    return publish(catalog, track), [first, second], quiz


def take_quiz(learner, quiz, *, right: bool):
    attempt, _ = attempts.start_attempt(quiz, learner)
    answers = {}
    for question in attempt.questions.select_related("version"):
        correct = question.version.definition["answer"]
        answers[question.position] = correct if right else not correct
    attempts.save_answers(attempt, answers)
    return attempts.submit_attempt(attempt)[0]


def lessons_of(module):
    return list(LessonPage.objects.child_of(module).live().specific().order_by("path"))


def steps(learner, track, modules, quiz):
    """The journey, one step at a time (a test may stop the LRS between two steps)."""
    yield lambda: enrolment.enrol_track(learner, track)
    for module in modules:
        for lesson in lessons_of(module):
            yield lambda lesson=lesson: lesson_progress.view_lesson(learner, lesson)
            yield lambda lesson=lesson: lesson_progress.complete_lesson(learner, lesson, seconds=600)
    yield lambda: take_quiz(learner, quiz, right=False)
    yield lambda: take_quiz(learner, quiz, right=True)  # completes the module, then the track: certificates


def walk(learner, catalog):
    track, modules, quiz = make_track(catalog)
    for step in steps(learner, track, modules, quiz):
        step()
    return track, modules, quiz
