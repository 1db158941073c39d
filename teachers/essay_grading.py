"""Essays waiting for a teacher's grade, and who may grade them (quizzes.essays holds the scoring rule).

A class's teachers grade the essays of attempts their class's quiz assignments cover, as they see
those attempts' answers (``attempt_review.reviewable_attempt``); staff may grade any class's.
"""

from __future__ import annotations

from django.http import Http404

from quizzes import essays
from quizzes.models import Attempt
from teachers.models import Assignment, Classroom
from teachers.rules import source_assignment_ids
from teachers.views import taught_classroom


def grading_classroom(request, pk) -> Classroom:
    """The class, when the user teaches it or is staff; else 404."""
    if request.user.is_authenticated and request.user.is_staff:
        classroom = Classroom.objects.filter(pk=pk).select_related("owner", "institution").first()
        if classroom is None:
            raise Http404
        return classroom
    return taught_classroom(request, pk)


def waiting(assignments, students) -> list[dict]:
    """Submitted attempts of ``students`` under these quiz ``assignments`` with essays still to grade (one query:
    the class report passes what it has already read)."""
    assignments = {a.pk: a for a in assignments if a.kind == Assignment.Kind.QUIZ}
    if not assignments:
        return []
    by_id = {s.pk: s for s in students}
    attempts = (Attempt.objects.filter(state=Attempt.State.SUBMITTED, points__isnull=True, user_id__in=list(by_id),
                                       quiz_key__in={a.target_key for a in assignments.values()})
                .order_by("submitted_at", "pk"))
    out = []
    for attempt in attempts:
        ids = source_assignment_ids(attempt.rules_source) & assignments.keys()
        if ids:
            out.append({"attempt": attempt, "student": by_id[attempt.user_id], "assignment": assignments[min(ids)]})
    return out


def grade(attempt, position: int, points, comment: str) -> Attempt:
    """Grade the question at ``position``; raises quizzes.essays.GradeError (a message to show)."""
    aq = attempt.questions.select_related("version").filter(position=position).first()
    if aq is None:
        raise Http404
    return essays.grade(aq, points, comment)

