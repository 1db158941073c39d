"""A signed-in student's classes and their teachers' instructions, read once per
request for the personal parts of a page (header link, overlays)."""

from django.utils import timezone

from alma.personal import bump_users, memo
from teachers.models import Assignment, Classroom, Membership


def memberships(request) -> list[Membership]:
    """The user's current memberships with their classes (archived classes included): one query per request."""
    return memo(request, "memberships", lambda: list(
        Membership.objects.current().filter(student=request.user).select_related("classroom")))


def open_assignments_with_instructions(request) -> list[Assignment]:
    """The assignments with instructions of the user's current, unarchived classes: one query per
    request, none for a learner in no class."""

    def compute():
        classes = {m.classroom_id for m in memberships(request) if m.classroom.archived_at is None}
        if not classes:
            return []
        return list(Assignment.objects.filter(classroom_id__in=classes).exclude(instructions="")
                    .select_related("classroom").order_by("available_from", "pk"))

    return memo(request, "assignments_with_instructions", compute)


def instructions_for(request, page, *, now=None) -> list:
    """(class, instructions) of the open assignments of this lesson or quiz (any language) that apply
    to the user, one per assignment."""
    now = now or timezone.now()
    by_class = {m.classroom_id: m for m in memberships(request)}
    return [(a.classroom, a.instructions) for a in open_assignments_with_instructions(request)
            if a.target_key == page.translation_key and a.available_from <= now
            and a.classroom_id in by_class and a.applies_to(by_class[a.classroom_id])]


def bump_class(sender, instance, **kwargs):
    """Signal receiver: an assignment or class changed, so did its students' pages (their
    instructions, their to-do list); ``user.assignments`` changed: that user's."""
    if not isinstance(instance, (Assignment, Classroom)):
        bump_users([instance.pk])
        return
    classroom_id = instance.pk if isinstance(instance, Classroom) else instance.classroom_id
    bump_users(Membership.objects.filter(classroom_id=classroom_id).values_list("student_id", flat=True))
