"""Grading essays, and who may grade them (quizzes.essays holds the scoring rule; the class report
lists the essays waiting, ``teachers.report.EssaysWaiting``).

A class's teachers grade the essays of attempts their class's quiz assignments cover, as they see
those attempts' answers (``attempt_review.reviewable_attempt``); staff may grade any class's.
"""

from __future__ import annotations

from django.http import Http404

from quizzes import essays
from quizzes.models import Attempt
from teachers.models import Classroom
from teachers.views import taught_classroom


def grading_classroom(request, pk) -> Classroom:
    """The class, when the user teaches it or is staff; else 404."""
    if request.user.is_authenticated and request.user.is_staff:
        classroom = Classroom.objects.filter(pk=pk).select_related("owner", "institution").first()
        if classroom is None:
            raise Http404
        return classroom
    return taught_classroom(request, pk)


def grade(attempt, position: int, points, comment: str) -> Attempt:
    """Grade the question at ``position``; raises quizzes.essays.GradeError (a message to show)."""
    aq = attempt.questions.select_related("version").filter(position=position).first()
    if aq is None:
        raise Http404
    return essays.grade(aq, points, comment)

