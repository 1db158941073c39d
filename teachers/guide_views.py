"""A lesson's teacher guide (lesson plan, differentiation, printable materials, answer keys
and rubrics): for teachers, editors and staff only; everyone else gets 404, as if it did not
exist. The guide comes with the lesson's package (contributions/package/guide.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from alma.i18n import localized_list
from lessons.models import LessonPage
from teachers.membership import is_teacher

SECTIONS = ("phase", "prior_knowledge", "differentiation", "markdown", "answer_key", "rubric", "material")


def can_read_teacher_guides(user) -> bool:
    """Teachers, editors (anyone with admin access) and staff."""
    return user.is_authenticated and (is_teacher(user) or user.is_staff or user.has_perm("wagtailadmin.access_admin"))


@login_required
def teacher_guide(request, pk):
    if not can_read_teacher_guides(request.user):
        raise Http404
    lesson = get_object_or_404(LessonPage.objects.live().public().select_related("locale"), pk=pk)
    if not lesson.teacher_guide:
        raise Http404
    blocks = {kind: [block.value for block in lesson.teacher_guide if block.block_type == kind] for kind in SECTIONS}
    with translation.override(lesson.locale.language_code):
        return render(request, "teachers/teacher_guide.html", {
            "lesson": lesson, "module": lesson.get_parent().specific, "guide": blocks,
            "planned_minutes": sum(phase["minutes"] for phase in blocks["phase"]),
            "outcomes": localized_list(lesson.outcomes.all(), lesson.locale),
        })
