"""Listen to the quizzes layer: an attempt started or submitted updates the
learner's summary of the quiz, becomes a statement and may complete lessons and
a module. Runs inside the quizzes transaction (see quizzes/signals.py); what the
learner's response does not need goes to a task (``progress.tasks.follow_up_attempt``).

A passed quiz that a lesson embeds (a ``quiz`` block in its body) is the lesson's
check: passing it completes the lesson, as reaching its end and passing the check."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from wagtail.models import Page, ReferenceIndex

from curriculum.models import ModulePage
from lessons.models import LessonPage
from progress.models import ObjectType, Statement, Verb
from progress.lesson_progress import mark_lesson_completed
from progress.module_progress import refresh_module
from progress.records import NotAvailable, record
from progress.summaries import summarise_attempt, summarise_attempt_started
from quizzes.signals import attempt_started, attempt_submitted


def lessons_embedding(quiz_key, prefer_locale_id=None) -> list[LessonPage]:
    """Live lessons whose body holds a quiz block pointing at any language version
    of the quiz ``quiz_key``: one page per lesson translation key, in the quiz's
    language when there is one. Found through Wagtail's reference index, then
    checked against the body itself."""
    quiz_ids = {str(pk) for pk in Page.objects.filter(translation_key=quiz_key).values_list("pk", flat=True)}
    if not quiz_ids:
        return []
    lesson_ids = (ReferenceIndex.objects.filter(to_content_type=ContentType.objects.get_for_model(Page),
                                                to_object_id__in=quiz_ids,
                                                content_type=ContentType.objects.get_for_model(LessonPage))
                  .values_list("object_id", flat=True))
    lessons: dict = {}
    for lesson in LessonPage.objects.live().filter(pk__in=[int(pk) for pk in lesson_ids]).order_by("path"):
        embeds = any(block.block_type == "quiz" and block.value.get("quiz") is not None
                     and str(block.value["quiz"].pk) in quiz_ids for block in lesson.body)
        if embeds and (lesson.translation_key not in lessons or lesson.locale_id == prefer_locale_id):
            lessons[lesson.translation_key] = lesson
    return list(lessons.values())


def complete_lessons_checked_by(attempt, quiz) -> list[ModulePage]:
    """Complete the lessons whose check this quiz is; returns their modules (to refresh once each)."""
    modules = []
    for lesson in lessons_embedding(attempt.quiz_key, quiz.locale_id):
        module = lesson.get_parent().specific
        try:
            if mark_lesson_completed(attempt.user, lesson, module, at=attempt.submitted_at):
                modules.append(module)
        except NotAvailable:
            continue  # a lesson of an unpublished or private module: nothing to record
    return modules


def _module_of(quiz) -> ModulePage | None:
    return ModulePage.objects.filter(path=quiz.path[:-Page.steplen]).select_related("locale").first()


@receiver(attempt_started, dispatch_uid="progress-summarise-start")
def summarise_start(sender, attempt, **kwargs):
    module = _module_of(attempt.quiz)
    summarise_attempt_started(attempt, module.translation_key if module else None)


@receiver(attempt_submitted, dispatch_uid="progress-record-attempt")
def record_attempt(sender, attempt, **kwargs):
    """In the submit's transaction, only the learner's summary of the quiz (the read model
    the result, "My learning" and the class report read); the rest is a task, queued in the
    same transaction: with a worker it runs after the commit, off the learner's response."""
    summarise_attempt(attempt)
    from progress.tasks import follow_up_attempt  # tasks import this module

    follow_up_attempt.enqueue(attempt.pk)


def follow_up(attempt) -> bool:
    """What a submitted attempt leads to besides its summary: its statement (at the time of
    the submit), the lessons it checks, and the modules' progress (and with it tracks and
    certificates). Runs once per attempt: a second run finds the statement and does nothing."""
    statement_id = attempt_statement_id(attempt)
    if Statement.objects.filter(pk=statement_id).exists():
        return False
    quiz = attempt.quiz
    module = _module_of(quiz)
    record(attempt.user, Verb.PASSED if attempt.passed else Verb.FAILED, ObjectType.QUIZ, attempt.quiz_key, quiz.title,
           locale=quiz.locale.language_code, score=attempt.score, success=bool(attempt.passed), completion=True,
           module_key=module.translation_key if module else None, timestamp=attempt.submitted_at,
           statement_id=statement_id)
    modules = complete_lessons_checked_by(attempt, quiz) if attempt.passed else []
    # Each module touched is refreshed once, after every summary it reads is written.
    for touched in {m.translation_key: m for m in ([module] if module else []) + modules}.values():
        refresh_module(attempt.user, touched)
    return True


def attempt_statement_id(attempt) -> uuid.UUID:
    """The id of an attempt's statement, the same on every run of ``follow_up``. Its start time is in the name:
    attempt 1 of every ALMA would otherwise share an id, and a school server's records sent up with
    ``sync_records`` would clash with another school's at the national instance."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"alma:quiz-attempt:{attempt.pk}:{attempt.started_at.isoformat()}")
