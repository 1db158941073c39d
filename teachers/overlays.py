""""My assignments" on the home page, and the teacher's instructions on an assigned lesson or quiz, for a
signed-in student (see alma/overlays.py: rendered per request, outside any shared cache)."""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from curriculum.models import HomePage
from lessons.models import LessonPage
from quizzes.models import QuizPage
from teachers import learner
from teachers.guide_views import can_read_teacher_guides
from teachers import my_assignments as mine


def my_assignments(request, page):
    """Late and to-do assignments on the home page and on "My learning" (where page is None)."""
    if (page is not None and not isinstance(page, HomePage)) or not learner.memberships(request):
        return ""
    buckets = mine.my_assignments(request.user, get_language())
    if not buckets["late"] and not buckets["todo"]:
        return ""
    buckets["done"] = []
    return render_to_string("teachers/home_overlay.html", {"sections": mine.sections(buckets)[:2]}, request=request)


def teacher_instructions(request, page):
    if not isinstance(page, (LessonPage, QuizPage)):
        return ""
    found = learner.instructions_for(request, page)
    if not found:
        return ""
    return render_to_string("teachers/instructions_overlay.html", {"instructions": found}, request=request)


def teacher_guide_link(request, page):
    """The "Teacher guide" link on a lesson, for those who may read it (teachers/guide_views.py)."""
    # Who may read it first: a learner's page then never loads the guide (a deferred field).
    if not isinstance(page, LessonPage) or not can_read_teacher_guides(request.user) or not page.teacher_guide:
        return ""
    return render_to_string("teachers/teacher_guide_link.html", {"lesson": page}, request=request)
