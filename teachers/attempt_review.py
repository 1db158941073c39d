"""A teacher's look at a student's quiz attempts, and the extra attempts they grant.

A teacher sees the answers of an attempt only when it ran under the rules of a
quiz assignment of their class (``teachers.rules.counts_for``) and the student is
a current member: another teacher's class, or a quiz the learner took on their
own, stays private. The right answers are shown as the worksheet's answer key
is (``classroom_use.answer_key_allowed``).

An extra attempt is a row per grant; ``teachers.rules`` adds the grants to the
attempts the assignment allows, so the quizzes' own limit check enforces it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.http import Http404

from quizzes import attempts as quiz_attempts
from quizzes import definition as qdef
from quizzes import review
from quizzes.models import Attempt
from teachers import classroom_use
from teachers.models import Assignment, ExtraAttempt, Membership
from teachers.rules import source_assignment_ids


def quiz_assignment_for(classroom, assignment_id, student) -> Assignment:
    """The class's quiz assignment that reaches this current member, or 404."""
    membership = Membership.objects.current().filter(classroom=classroom, student=student).first()
    assignment = Assignment.objects.filter(classroom=classroom, pk=assignment_id, kind=Assignment.Kind.QUIZ).first()
    if membership is None or assignment is None or not assignment.applies_to(membership):
        raise Http404
    return assignment


def grant_extra_attempt(assignment: Assignment, student, granted_by) -> ExtraAttempt:
    return ExtraAttempt.objects.create(assignment=assignment, student=student, granted_by=granted_by)


@dataclass
class QuizWork:
    """A student's attempts counted for one quiz assignment, and the extra attempts granted on it."""
    attempts: list
    extra: list


def quiz_work(classroom, student) -> dict[int, QuizWork]:
    """``{assignment id: QuizWork}`` for the class's quiz assignments (two queries)."""
    assignments = {a.pk: a for a in classroom.assignments.filter(kind=Assignment.Kind.QUIZ)}
    work = {pk: QuizWork([], []) for pk in assignments}
    attempts = Attempt.objects.filter(user=student, quiz_key__in={a.target_key for a in assignments.values()})
    for attempt in attempts.order_by("started_at", "pk"):
        for pk in source_assignment_ids(attempt.rules_source) & work.keys():
            work[pk].attempts.append(attempt)
    for grant in ExtraAttempt.objects.filter(assignment__in=assignments, student=student).select_related("granted_by"):
        work[grant.assignment_id].extra.append(grant)
    return work


def extra_attempt_counts(assignment_ids) -> dict[tuple[int, int], int]:
    """``{(assignment id, student id): extra attempts granted}`` for the class report."""
    counts = defaultdict(int)
    for assignment_id, student_id in ExtraAttempt.objects.filter(assignment_id__in=assignment_ids).values_list(
            "assignment_id", "student_id"):
        counts[(assignment_id, student_id)] += 1
    return dict(counts)


def reviewable_attempt(classroom, student, attempt_id) -> tuple[Attempt, Assignment]:
    """The attempt, if it ran under a quiz assignment of this class given to this current member; else 404."""
    attempt = Attempt.objects.filter(pk=attempt_id, user=student).select_related("quiz").first()
    if attempt is None or not Membership.objects.current().filter(classroom=classroom, student=student).exists():
        raise Http404
    assignment = classroom.assignments.filter(kind=Assignment.Kind.QUIZ, target_key=attempt.quiz_key,
                                              pk__in=source_assignment_ids(attempt.rules_source)).first()
    if assignment is None:
        raise Http404
    return attempt, assignment


def answers(attempt: Attempt, *, with_key: bool) -> list[dict]:
    """Each question with the student's answer (what they saved, even in an open attempt), and when the
    attempt is submitted its mark; the right answers only ``with_key``."""
    rows = []
    for aq in quiz_attempts.attempt_questions(attempt):
        definition = aq.version.definition
        view = qdef.public_view(definition, aq.order)
        rows.append({
            "aq": aq, "prompt": view["prompt"], "format": view["format"],
            "answer": review.translate_words(definition, qdef.answer_text(definition, aq.answer)),
            "marked": not attempt.is_open and aq.points is not None,
            "key": review.translate_words(definition, qdef.correct_answer_text(definition)) if with_key else [],
            # An essay: the teacher grades it with its rubric (quizzes.essays), whatever the key rules.
            "essay": definition.get("type") in qdef.MANUAL_TYPES, "rubric": definition.get("rubric", ""),
        })
    return rows


def key_allowed(user, classroom, attempt) -> bool:
    return classroom_use.answer_key_allowed(user, classroom, attempt.quiz, [attempt.quiz])
