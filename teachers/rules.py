"""The quiz rules a student's class assignments set (registered with quizzes.rules in TeachersConfig.ready).

Which assignments bind a student to their rules, for a quiz (matched by the
quiz's ``translation_key``, so every language of the quiz is covered): every
quiz assignment that *reached* the student, that is

* an assignment of a class that is not archived,
* existing while the student was a member — the membership current, or ended
  (left, removed or moved) after the assignment was made: memberships are
  ended, never deleted, so that history is the record of what reached whom,
  and leaving then re-joining changes nothing;
* that applies to the student (whole class, the group of that membership, or
  them by name),
* whether or not it is available yet.

Only the teacher releases a student: by deleting the assignment, archiving the
class or taking the student out of the assignment's audience.

The rules of each bound assignment are the quiz's own with the assignment's
non-empty fields over them (the teacher may loosen the quiz for their class),
and its due date for the student (their extension counts). When several bind
the student, the strictest value of each key wins (``quizzes.rules.strictest``:
fewest attempts, shortest time limit, latest due date, review latest), so an
assignment that leaves the rules empty never loosens another's.

A scheduled assignment binds from the moment it is made: its rules apply and,
until one of the bound assignments is available, the student cannot start
(``opens_at``). The attempt's ``rules_source`` names the bound assignments that
were available when it started (``teachers:12,15``): the class report counts an
attempt for those assignments only (``counts_for``), so attempts made before an
assignment reached the student, or before it opened, never count for it.

A teacher may grant a student extra attempts on one assignment (``ExtraAttempt``):
they are added to the attempts that assignment allows (none when it has no
limit), before the strictest rules are chosen.

At most four queries, whatever the number of classes and assignments.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from quizzes.rules import ProvidedRules, strictest

from teachers.models import Assignment, Extension, Membership

SOURCE_PREFIX = "teachers:"


def rules_source(assignment_ids) -> str:
    return SOURCE_PREFIX + ",".join(str(pk) for pk in sorted(set(assignment_ids)))


def source_assignment_ids(source: str) -> frozenset[int]:
    """The ids of the assignments an attempt's ``rules_source`` names (empty for any other source)."""
    ids = set()
    for part in (source or "").split():
        if part.startswith(SOURCE_PREFIX):
            ids.update(int(pk) for pk in part[len(SOURCE_PREFIX):].split(",") if pk.isdigit())
    return frozenset(ids)


def counts_for(assignment: Assignment, attempt) -> bool:
    """Whether the attempt ran under this assignment's rules, and so counts in its class report."""
    return assignment.pk in source_assignment_ids(attempt.rules_source)


def bound_assignments(quiz, user) -> list[tuple[Assignment, object]]:
    """``[(assignment, the student's due date)]`` for every quiz assignment that binds ``user`` (see above)."""
    memberships = list(Membership.objects.filter(student=user, classroom__archived_at__isnull=True))
    if not memberships:
        return []
    assignments = list(Assignment.objects.filter(
        classroom_id__in={m.classroom_id for m in memberships}, kind=Assignment.Kind.QUIZ,
        target_key=quiz.translation_key).annotate(
        extra_attempts_granted=Count("extra_attempts", filter=Q(extra_attempts__student=user))))
    if not assignments:
        return []
    chosen = set()
    if any(a.audience == Assignment.Audience.STUDENTS for a in assignments):
        chosen = set(Assignment.students.through.objects.filter(
            assignment_id__in=[a.pk for a in assignments], user_id=user.pk).values_list("assignment_id", flat=True))
    reached = []
    for a in assignments:
        members = [m for m in memberships if m.classroom_id == a.classroom_id
                   and (m.left_at is None or a.created_at < m.left_at)
                   and a.applies_to(m, {user.pk} if a.pk in chosen else set())]
        if members:
            reached.append((a, members))
    if not reached:
        return []
    extensions = {e.assignment_id: e for e in Extension.objects.filter(assignment__in=[a for a, _m in reached],
                                                                       student=user)}
    bound = []
    for a, members in reached:
        dues = [a.due_for(m, extensions.get(a.pk)) for m in members]  # re-joining may move a relative due date
        bound.append((a, None if None in dues else max(dues)))
    return bound


def quiz_rules(quiz, user) -> ProvidedRules | None:
    """Rule provider for quizzes.rules: the strictest rules of the student's bound assignments of this quiz."""
    bound = bound_assignments(quiz, user)
    if not bound:
        return None
    own = quiz.rules()
    rule_sets = []
    for a, due in bound:
        rules = {**own, **a.quiz_overrides(), "due_at": due if due is not None else own["due_at"]}
        if rules.get("attempts_allowed"):
            rules["attempts_allowed"] += a.extra_attempts_granted
        rule_sets.append(rules)
    now = timezone.now()
    available = [a.pk for a, _due in bound if a.available_from <= now]
    return ProvidedRules(
        overrides=strictest(rule_sets),
        source=rules_source(available) if available else "",
        opens_at=None if available else min(a.available_from for a, _due in bound),
    )
