"""What a signed-in learner sees added to content pages (registered in wagtail_hooks.py; see alma/overlays.py)."""

from django.template.loader import render_to_string
from wagtail.models import Locale

from alma.personal import memo
from curriculum.models import HomePage, ModulePage, TrackPage
from lessons.models import LessonPage
from progress import dashboard, learning_gain
from progress import lesson_progress as progress_lesson_progress
from progress import tracks
from progress.models import Enrolment, ItemSummary, LessonProgress
from quizzes.models import QuizPage


def module_progress(request, page):
    if not isinstance(page, ModulePage):
        return ""
    enrolment = Enrolment.objects.filter(user=request.user, object_key=page.translation_key).first()
    return render_to_string("progress/module_overlay.html", {
        "page": page, "enrolment": enrolment,
        "next_lesson": dashboard.continue_where_left_off(request.user, page.locale) if enrolment else None,
        "gains": learning_gain.module_gain(request.user, page) if enrolment else [],
    }, request=request)


def track_progress(request, page):
    if not isinstance(page, TrackPage):
        return ""
    enrolment = Enrolment.objects.filter(user=request.user, object_key=page.translation_key).first()
    status = tracks.track_status(request.user, page) if enrolment else None
    return render_to_string("progress/track_overlay.html", {
        "page": page, "enrolment": enrolment, "status": status,
        "gains": learning_gain.track_gain(request.user, page) if enrolment else [],
    }, request=request)


def lesson_completion(request, page):
    if not isinstance(page, LessonPage):
        return ""
    progress = lesson_progress(request).get(page.translation_key)
    required = progress_lesson_progress.reading_seconds_required(page)
    seconds_left = max(0, required - (progress.seconds_spent if progress else 0))
    return render_to_string("progress/lesson_overlay.html", {
        "page": page, "progress": progress, "minutes_left": -(-seconds_left // 60)}, request=request)


def lesson_progress(request) -> dict:
    """This learner's lesson progress rows by lesson key: one query per request, however many ticks."""
    return memo(request, "lesson_progress", lambda: {
        row.lesson_key: row for row in LessonProgress.objects.filter(user=request.user)})


def completed_lesson_keys(request) -> set:
    """Translation keys of the lessons this learner completed."""
    return memo(request, "completed_lessons", lambda: {
        key for key, row in lesson_progress(request).items() if row.completed_at is not None})


def lesson_tick(request, page):
    # ``page`` may be a plain Page (a listed lesson, when a shared rendering is filled): ask its class.
    if not issubclass(page.specific_class, LessonPage) or page.translation_key not in completed_lesson_keys(request):
        return ""
    return render_to_string("progress/lesson_tick.html", {}, request=request)


def quiz_result(request, page):
    """The learner's result on this quiz in every language (attempts are per language version)."""
    if not isinstance(page, QuizPage):
        return ""
    summary = ItemSummary.objects.filter(user=request.user, item_key=page.translation_key, tries__gt=0).first()
    return render_to_string("progress/quiz_overlay.html", {"summary": summary}, request=request) if summary else ""


def continue_learning(request, page):
    if not isinstance(page, HomePage):
        return ""
    lesson = dashboard.continue_where_left_off(request.user, Locale.get_active())
    return render_to_string("progress/home_overlay.html", {"lesson": lesson}, request=request) if lesson else ""
