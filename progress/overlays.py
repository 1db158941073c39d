"""What a signed-in learner sees added to content pages (see alma/overlays.py)."""

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.models import Locale

from alma import overlays
from curriculum.models import HomePage, ModulePage, TrackPage
from lessons.models import LessonPage
from progress import services
from progress.models import Enrolment, LessonProgress


@overlays.register("module-header")
def module_progress(request, page):
    if not isinstance(page, ModulePage):
        return ""
    enrolment = Enrolment.objects.filter(user=request.user, object_key=page.translation_key).first()
    return render_to_string("progress/module_overlay.html", {
        "page": page, "enrolment": enrolment,
        "next_lesson": services.continue_where_left_off(request.user, page.locale) if enrolment else None,
    }, request=request)


@overlays.register("track-header")
def track_progress(request, page):
    if not isinstance(page, TrackPage):
        return ""
    enrolment = Enrolment.objects.filter(user=request.user, object_key=page.translation_key).first()
    status = services.track_status(request.user, page) if enrolment else None
    return render_to_string("progress/track_overlay.html", {
        "page": page, "enrolment": enrolment, "status": status,
        "gains": services.learning_gain(request.user, page) if enrolment else [],
    }, request=request)


@overlays.register("lesson-end")
def lesson_completion(request, page):
    if not isinstance(page, LessonPage):
        return ""
    progress = LessonProgress.objects.filter(user=request.user, lesson_key=page.translation_key).first()
    required = services.reading_seconds_required(page)
    seconds_left = max(0, required - (progress.seconds_spent if progress else 0))
    return render_to_string("progress/lesson_overlay.html", {
        "page": page, "progress": progress, "minutes_left": -(-seconds_left // 60)}, request=request)


def completed_lesson_keys(request) -> set:
    """Translation keys of the lessons this learner completed: one query per request, however many ticks."""
    if not hasattr(request, "_alma_completed_lessons"):
        request._alma_completed_lessons = set(LessonProgress.objects.filter(
            user=request.user, completed_at__isnull=False).values_list("lesson_key", flat=True))
    return request._alma_completed_lessons


@overlays.register("lesson-status")
def lesson_tick(request, page):
    if not isinstance(page, LessonPage) or page.translation_key not in completed_lesson_keys(request):
        return ""
    return render_to_string("progress/lesson_tick.html", {}, request=request)


@overlays.register("home")
def continue_learning(request, page):
    if not isinstance(page, HomePage):
        return ""
    lesson = services.continue_where_left_off(request.user, Locale.get_active())
    return render_to_string("progress/home_overlay.html", {"lesson": lesson}, request=request) if lesson else ""


@hooks.register("before_serve_page")
def record_lesson_view(page, request, serve_args, serve_kwargs):
    if isinstance(page, LessonPage) and request.method == "GET" and request.user.is_authenticated:
        services.view_lesson(request.user, page)
