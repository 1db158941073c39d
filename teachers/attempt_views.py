"""A teacher's actions on one student's quiz work: see an attempt's answers, grade its essays, grant an
extra attempt (see teachers/attempt_review.py for who may see what, teachers/essay_grading.py for grading)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from quizzes.essays import GradeError
from teachers import attempt_review, essay_grading
from teachers.views import taught_classroom


@login_required
@never_cache
def attempt_answers(request, pk, user_id, attempt_id):
    classroom = essay_grading.grading_classroom(request, pk)
    student = get_object_or_404(get_user_model(), pk=user_id)
    attempt, assignment = attempt_review.reviewable_attempt(classroom, student, attempt_id)
    with_key = attempt_review.key_allowed(request.user, classroom, attempt)
    return render(request, "teachers/attempt_answers.html", {
        "classroom": classroom, "student": student, "attempt": attempt, "assignment": assignment,
        "rows": attempt_review.answers(attempt, with_key=with_key), "with_key": with_key})


@login_required
@require_POST
def grant_extra_attempt(request, pk, user_id, assignment_id):
    classroom = taught_classroom(request, pk)
    student = get_object_or_404(get_user_model(), pk=user_id)
    assignment = attempt_review.quiz_assignment_for(classroom, assignment_id, student)
    attempt_review.grant_extra_attempt(assignment, student, request.user)
    messages.success(request, _("%(name)s may make one more attempt at “%(title)s”.") % {
        "name": student, "title": assignment.title})
    return redirect("teachers:student", classroom.pk, student.pk)


@login_required
@require_POST
def grade_essay(request, pk, user_id, attempt_id, position):
    classroom = essay_grading.grading_classroom(request, pk)
    student = get_object_or_404(get_user_model(), pk=user_id)
    attempt, _assignment = attempt_review.reviewable_attempt(classroom, student, attempt_id)
    try:
        attempt = essay_grading.grade(attempt, position, request.POST.get("points", ""), request.POST.get("comment", ""))
    except GradeError as error:
        messages.error(request, _(str(error)))
    else:
        messages.success(request, _("The grade of question %(number)s is saved.") % {"number": position})
    return redirect(reverse("teachers:attempt-answers", args=[classroom.pk, student.pk, attempt.pk])
                    + f"#question-{position}")
