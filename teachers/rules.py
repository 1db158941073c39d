"""The quiz rules a student's class assignment sets (registered with quizzes.rules in TeachersConfig.ready).

Which assignment counts, for a student and a quiz (matched by the quiz's
``translation_key``, so every language of the quiz is covered):

* only the student's current memberships in classes that are not archived;
* only assignments of that quiz that apply to the student (whole class, their
  group, or them by name) and are already available;
* when several apply (two classes, or a class and a group assignment) with
  different rules, the one with the **latest due date for this student** wins
  (their extension counts; an assignment without a due date counts as the
  latest of all); on a tie, the most recently created.

The chosen assignment's non-empty rules override the quiz's own, stricter or
not: the teacher decides. Its due date for the student becomes the attempt's
due date (what "after the due date" reviews wait for). At most four queries,
whatever the number of classes and assignments.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from teachers.models import Assignment, Extension, Membership

_LATEST = datetime.max.replace(tzinfo=timezone.get_fixed_timezone(0))


def assignment_for(quiz, user, *, now=None) -> tuple[Assignment, Membership, datetime | None] | None:
    """The assignment whose rules apply to ``user`` for ``quiz``, with the membership and the student's due date."""
    now = now or timezone.now()
    memberships = {m.classroom_id: m for m in Membership.objects.current().filter(
        student=user, classroom__archived_at__isnull=True)}
    if not memberships:
        return None
    assignments = list(Assignment.objects.filter(
        classroom_id__in=list(memberships), kind=Assignment.Kind.QUIZ, target_key=quiz.translation_key,
        available_from__lte=now))
    if not assignments:
        return None
    chosen_ids = set()
    if any(a.audience == Assignment.Audience.STUDENTS for a in assignments):
        chosen_ids = set(Assignment.students.through.objects.filter(
            assignment_id__in=[a.pk for a in assignments], user_id=user.pk).values_list("assignment_id", flat=True))
    applying = [a for a in assignments
                if a.applies_to(memberships[a.classroom_id], {user.pk} if a.pk in chosen_ids else set())]
    if not applying:
        return None
    extensions = {e.assignment_id: e for e in Extension.objects.filter(assignment__in=applying, student=user)}
    candidates = []
    for a in applying:
        membership = memberships[a.classroom_id]
        due = a.due_for(membership, extensions.get(a.pk))
        candidates.append(((due or _LATEST, a.created_at, a.pk), a, membership, due))
    _key, assignment, membership, due = max(candidates, key=lambda c: c[0])
    return assignment, membership, due


def quiz_rules(quiz, user) -> dict | None:
    """Rule provider for quizzes.rules: the overrides of the student's assignment of this quiz, if any."""
    found = assignment_for(quiz, user)
    if found is None:
        return None
    assignment, _membership, due = found
    overrides = assignment.quiz_overrides()
    if due is not None:
        overrides["due_at"] = due
    return overrides
