"""teachers' sections of "My data" (see accounts.personal_data): classes joined and taught,
what was assigned to the person, extensions and paper answers typed in for them."""

from accounts.personal_data import register
from teachers.models import Assignment, Classroom, Extension, Membership, PaperSubmission


@register("class_memberships")
def class_memberships(user) -> list:
    return list(Membership.objects.filter(student=user).order_by("joined_at").values(
        "classroom__name", "classroom__school_year", "group", "joined_at", "left_at"))


@register("assignments")
def assignments(user) -> list:
    out = []
    memberships = Membership.objects.filter(student=user).select_related("classroom")
    by_classroom = {m.classroom_id: m for m in memberships}
    chosen = set(Assignment.students.through.objects.filter(user=user).values_list("assignment_id", flat=True))
    for assignment in Assignment.objects.filter(classroom__in=by_classroom).select_related("classroom"):
        membership = by_classroom[assignment.classroom_id]
        if assignment.applies_to(membership, {user.pk} if assignment.pk in chosen else set()):
            out.append({"classroom": assignment.classroom.name, "kind": assignment.kind, "title": assignment.title,
                        "target_key": assignment.target_key, "available_from": assignment.available_from,
                        "due_at": assignment.due_for(membership)})
    return out


@register("extensions")
def extensions(user) -> list:
    return list(Extension.objects.filter(student=user).values(
        "assignment__classroom__name", "assignment__title", "due_at", "reason", "granted_at"))


@register("paper_answers")
def paper_answers(user) -> list:
    return list(PaperSubmission.objects.filter(student=user).values(
        "assignment__classroom__name", "assignment__title", "attempt_id", "entered_at"))


@register("classes_taught")
def classes_taught(user) -> list:
    return list(Classroom.objects.taught_by(user).order_by("created_at").values(
        "name", "level", "language", "school_year", "created_at", "archived_at"))
