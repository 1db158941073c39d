"""The class report: students × assignments, with each cell's status, score, time and the students
who look stuck, computed in a fixed number of queries. Changes when what a teacher reads about
their class does (its export is teachers/report_export.py, its grid teachers/grid.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, DurationField, F, Max, Min, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from curriculum.models import ModulePage, TrackModule
from curriculum.outcome_statements import statements_by_code
from lessons.models import LessonPage
from progress.models import Enrolment, ItemSummary, Statement
from quizzes.models import Attempt, QuizPage
from quizzes.mastery_records import mastery_for
from teachers.models import Assignment, Classroom, Extension, Membership
from teachers.rules import SOURCE_PREFIX, source_assignment_ids

STUCK_FAILED_ATTEMPTS = 3
STUCK_IDLE_DAYS = 7


class Status:
    DONE = "done"
    DONE_LATE = "done-late"
    LATE = "late"
    IN_PROGRESS = "in-progress"
    FAILED = "failed"
    TODO = "todo"
    NOT_YET = "not-yet"

    @classmethod
    def label(cls, value):
        return {
            cls.DONE: _("Done"), cls.DONE_LATE: _("Done late"), cls.LATE: _("Late"), cls.IN_PROGRESS: _("In progress"),
            cls.FAILED: _("Not passed"),
            cls.TODO: _("To do"), cls.NOT_YET: _("Not open yet"),
        }[value]


@dataclass
class Cell:
    assignment: Assignment
    status: str
    due: datetime | None = None
    score: float | None = None  # 0–1
    progress: float = 0.0
    seconds: int = 0
    last_activity: datetime | None = None
    failed_attempts: int = 0
    completed_at: datetime | None = None
    extended: bool = False
    hours: Decimal | None = None  # tracks: professional-development hours of the completed modules
    modules_done: int = 0
    modules_total: int = 0

    @property
    def status_label(self):
        return Status.label(self.status)

    @property
    def percent(self):
        return None if self.score is None else round(self.score * 100)

    @property
    def is_done(self):
        return self.status in (Status.DONE, Status.DONE_LATE)


@dataclass
class StudentRow:
    membership: Membership
    cells: list | None  # Cell or None (not assigned to this student); None: the row is not on the page built
    last_activity: datetime | None = None
    mastery: dict = field(default_factory=dict)
    stuck_reasons: list = field(default_factory=list)
    hours: Decimal = Decimal(0)  # professional development: completed modules of the assigned tracks
    url: str = ""  # the student's page in the report (set by teachers.grid)

    @property
    def student(self):
        return self.membership.student


class EssaysWaiting(NamedTuple):
    student: object
    assignment: Assignment
    attempts: int  # submitted under the assignment, an essay not graded yet
    latest_attempt_id: int


@dataclass
class Report:
    classroom: Classroom
    assignments: list
    rows: list
    outcomes: list  # [(code, statement)]
    generated_at: datetime
    page_rows: list  # the rows with their cells: every row, or the page of students asked for
    first_index: int = 0  # of page_rows[0] in rows
    essays_waiting: list = field(default_factory=list)  # [EssaysWaiting], read with the attempts: no query of its own

    @property
    def has_tracks(self):
        return any(a.kind == Assignment.Kind.TRACK for a in self.assignments)

    @property
    def stuck(self):
        return [row for row in self.rows if row.stuck_reasons]


def _status(assignment, done_at, progress, due, now, failed=False):
    if done_at is not None:
        return Status.DONE_LATE if assignment.done_late(done_at, due) else Status.DONE
    if failed:  # a quiz submitted and not passed: its score says more than "late" or "in progress"
        return Status.FAILED
    if due and now > due:
        return Status.LATE
    if assignment.available_from > now:
        return Status.NOT_YET
    return Status.IN_PROGRESS if progress > 0 else Status.TODO


def build_report(classroom: Classroom, *, group: str | None = None, student_id: int | None = None,
                 since: datetime | None = None, until: datetime | None = None, now: datetime | None = None,
                 students: slice | None = None) -> Report:
    """Students × assignments for one class in a fixed number of queries,
    whatever the numbers of students and assignments (see the tests).

    ``students`` (a slice of the rows, e.g. ``slice(100, 200)``) builds the cells of those students only,
    as Moodle's grader report pages its rows; who looks stuck, last activity and mastery stay whole-class."""
    now = now or timezone.now()
    # Each student's last recorded activity rides on the membership query (Statement's user + timestamp index).
    last_statement = Statement.objects.filter(user_id=OuterRef("student_id")).order_by("-timestamp").values(
        "timestamp")[:1]
    memberships = Membership.objects.current().filter(classroom=classroom).select_related("student").annotate(
        last_activity=Subquery(last_statement)).order_by("group", "student__username")
    if group:
        memberships = memberships.filter(group=group)
    if student_id:
        memberships = memberships.filter(student_id=student_id)
    memberships = list(memberships)
    # Each quiz's attempt limit and title: the most generous language version's (0 = no limit). Subqueries on
    # the assignments and the module parts (tens of rows), not on each learner's results (thousands).
    quiz_versions = QuizPage.objects.filter(translation_key=OuterRef("quiz_key")).order_by(
        Case(When(attempts_allowed=0, then=0), default=1), "-attempts_allowed")
    quiz_rules = {"quiz_allowed": Subquery(quiz_versions.values("attempts_allowed")[:1]),
                  "quiz_title": Subquery(quiz_versions.values("title")[:1])}
    assignments_qs = Assignment.objects.filter(classroom=classroom).annotate(
        quiz_key=F("target_key"), **quiz_rules).order_by("available_from", "pk")
    if since:
        assignments_qs = assignments_qs.filter(Q(due_at__gte=since) | Q(due_at__isnull=True))
    if until:
        assignments_qs = assignments_qs.filter(available_from__lte=until)
    assignments = list(assignments_qs)
    attempts_allowed = {a.target_key: a.quiz_allowed for a in assignments if a.kind == Assignment.Kind.QUIZ}
    quiz_titles = {a.target_key: a.quiz_title for a in assignments if a.kind == Assignment.Kind.QUIZ}
    chosen = defaultdict(set)
    for assignment_id, user_id in Assignment.students.through.objects.filter(
            assignment__classroom=classroom).values_list("assignment_id", "user_id"):
        chosen[assignment_id].add(user_id)
    user_ids = [m.student_id for m in memberships]
    paged = memberships[students] if students is not None else memberships
    paged_ids = {m.student_id for m in paged}
    extensions = {(e.assignment_id, e.student_id): e for e in Extension.objects.filter(
        assignment__classroom=classroom, student_id__in=user_ids)}

    # Module parts: lessons and quizzes that are children of assigned modules (any language). Two queries.
    module_keys = {a.target_key for a in assignments if a.kind == Assignment.Kind.MODULE}
    lesson_keys = {a.target_key for a in assignments if a.kind == Assignment.Kind.LESSON}
    quiz_keys = {a.target_key for a in assignments if a.kind == Assignment.Kind.QUIZ}
    module_parts = defaultdict(lambda: (set(), set()))
    if module_keys:
        # One query: live lessons and quizzes with their parent's translation_key, kept when it is an assigned module.
        parent_key = Subquery(ModulePage.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)).values("translation_key")[:1])
        quiz_type = ContentType.objects.get_for_model(QuizPage)
        part_types = [ContentType.objects.get_for_model(LessonPage), quiz_type]
        for module_key, key, content_type, allowed, title in (
                Page.objects.live().filter(content_type__in=part_types)
                .annotate(module_key=parent_key).filter(module_key__in=module_keys)
                .annotate(quiz_key=F("translation_key"), **quiz_rules)
                .values_list("module_key", "translation_key", "content_type_id", "quiz_allowed", "quiz_title")):
            module_parts[module_key][int(content_type == quiz_type.pk)].add(key)
            if content_type == quiz_type.pk:
                attempts_allowed[key], quiz_titles[key] = allowed, title
        for key in module_keys:
            lesson_keys |= module_parts[key][0]
            quiz_keys |= module_parts[key][1]

    # Tracks (trainer cohorts): their modules with the hours of each, and the members' enrolments. Two queries.
    track_keys = {a.target_key for a in assignments if a.kind == Assignment.Kind.TRACK}
    track_modules, module_hours, enrolments = defaultdict(list), {}, {}
    if track_keys:
        for track_key, module_key, hours in (TrackModule.objects.filter(track__translation_key__in=track_keys)
                                             .order_by("track__translation_key", "track_id", "sort_order")
                                             .values_list("track__translation_key", "module__translation_key",
                                                          "module__estimated_hours")):
            if module_key not in track_modules[track_key]:
                track_modules[track_key].append(module_key)
            module_hours.setdefault(module_key, hours)
        all_modules = {key for keys in track_modules.values() for key in keys}
        enrolments = {(e.user_id, e.object_key): e for e in Enrolment.objects.filter(
            user_id__in=user_ids, object_key__in=all_modules | track_keys).only(
            "user_id", "object_key", "completed_at", "seconds_spent", "last_activity_at")}

    # Lessons and quizzes: the read model of learner results, one query (tuples: thousands of rows).
    summaries = {}
    if lesson_keys or quiz_keys:
        wanted = Q(user_id__in=user_ids, item_key__in=lesson_keys | quiz_keys)
        if len(paged) < len(memberships):  # lessons only for the page's cells; quizzes for everyone's "stuck"
            wanted = Q(user_id__in=user_ids, item_key__in=quiz_keys) | Q(user_id__in=paged_ids, item_key__in=lesson_keys)
        for row in ItemSummary.objects.filter(wanted).values_list(
                "user_id", "item_key", "completed_at", "seconds_spent", "last_activity_at", "tries", "failed_tries",
                "best_score"):
            summaries[(row[0], row[1])] = row[2:]
    for a in assignments:  # the class assignment's own rule wins over the quiz's
        if a.kind == Assignment.Kind.QUIZ and a.attempts_allowed is not None:
            attempts_allowed[a.target_key] = a.attempts_allowed
    # A quiz assignment counts only the attempts that ran under its rules (teachers.rules.counts_for), so its
    # cells read those attempts, summed in SQL per student, quiz and rules_source (one query; tuples).
    assigned_attempts = defaultdict(list)
    direct_quiz_keys = {a.target_key for a in assignments if a.kind == Assignment.Kind.QUIZ}
    if direct_quiz_keys:
        submitted = Q(state=Attempt.State.SUBMITTED)
        source_ids = {}
        for uid, key, source, *totals in (
                Attempt.objects.filter(user_id__in=user_ids, quiz_key__in=direct_quiz_keys,
                                       rules_source__startswith=SOURCE_PREFIX)
                .values_list("user_id", "quiz_key", "rules_source").order_by()
                .annotate(tries=Count("pk"), submitted=Count("pk", filter=submitted),
                          passed_at=Min("submitted_at", filter=submitted & Q(passed=True)),
                          best=Max("score", filter=submitted),
                          duration=Sum(F("submitted_at") - F("started_at"),
                                       filter=submitted & Q(submitted_at__isnull=False), output_field=DurationField()),
                          failed=Count("pk", filter=submitted & Q(passed=False)),
                          last=Max(Coalesce("submitted_at", "last_saved_at", "started_at")),
                          # submitted, not scored: an essay waits for the teacher's grade (quizzes.essays)
                          to_grade=Count("pk", filter=submitted & Q(points__isnull=True)),
                          latest_to_grade=Max("pk", filter=submitted & Q(points__isnull=True)))):
            if source not in source_ids:
                source_ids[source] = source_assignment_ids(source)
            assigned_attempts[(uid, key)].append((source_ids[source], *totals))
    mastery = mastery_for(user_ids)
    codes = sorted({code for states in mastery.values() for code in states})
    statements = statements_by_code()

    def lesson_state(uid, key):
        s = summaries.get((uid, key))
        if s is None:
            return None, 0.0, 0, None
        completed_at, seconds, last = s[0], s[1], s[2]
        return completed_at, (1.0 if completed_at else 0.5), seconds, last

    def quiz_state(uid, key):
        s = summaries.get((uid, key))
        if s is None:
            return None, 0.0, None, 0, 0, None, False
        completed_at, seconds, last, tries, failed_tries, best = s
        return (completed_at, (1.0 if completed_at else 0.5), best, seconds, failed_tries, last,
                tries > 0 and completed_at is None)

    def assigned_quiz_state(uid, assignment):
        groups = [g for g in assigned_attempts.get((uid, assignment.target_key), ()) if assignment.id in g[0]]
        if not groups:
            return None, 0.0, None, 0, 0, None, False
        passed_at = min((g[3] for g in groups if g[3]), default=None)
        best = max((g[4] for g in groups if g[4] is not None), default=None)
        seconds = int(sum((g[5] for g in groups if g[5]), timedelta()).total_seconds())
        failed = sum(g[6] for g in groups)
        last = max((g[7] for g in groups if g[7]), default=None)
        submitted = any(g[2] for g in groups)
        return (passed_at, (1.0 if passed_at else 0.5), best, seconds, failed, last,
                submitted and passed_at is None)

    def assigned_quiz_failures(uid, assignment):
        """(failed attempts, passed at) under the assignment's rules: the part of assigned_quiz_state "stuck" reads."""
        failed, passed_at = 0, None
        for g in assigned_attempts.get((uid, assignment.target_key), ()):
            if assignment.id in g[0]:
                failed += g[6]
                if g[3] and (passed_at is None or g[3] < passed_at):
                    passed_at = g[3]
        return failed, passed_at
    quiz_and_module_assignments = [a for a in assignments if a.kind in (Assignment.Kind.QUIZ, Assignment.Kind.MODULE)]

    def quiz_failures(membership):
        """``{quiz key: (failed attempts, passed at)}`` of the student's assigned quizzes, alone or in a module
        (a quiz assigned both ways counts once)."""
        uid, failures = membership.student_id, {}
        for a in quiz_and_module_assignments:
            if a.kind == Assignment.Kind.QUIZ and a.applies_to(membership, chosen[a.id]):
                failures[a.target_key] = assigned_quiz_failures(uid, a)
            elif a.kind == Assignment.Kind.MODULE and a.applies_to(membership, chosen[a.id]):
                for key in module_parts[a.target_key][1]:
                    s = summaries.get((uid, key))
                    failures[key] = (s[4], s[0]) if s is not None else (0, None)
        return failures

    def student_cells(membership):
        """The row's cells and the track modules it completed (for its professional-development hours)."""
        uid = membership.student_id
        cells = []
        hours_modules = set()
        for a in assignments:
            if not a.applies_to(membership, chosen[a.id]):
                cells.append(None)
                continue
            extension = extensions.get((a.id, uid))
            due = a.due_for(membership, extension)
            score, seconds, failed, lasts, failed_quiz = None, 0, 0, [], False
            if a.kind == Assignment.Kind.LESSON:
                done_at, progress, seconds, last = lesson_state(uid, a.target_key)
                lasts.append(last)
            elif a.kind == Assignment.Kind.QUIZ:
                done_at, progress, score, seconds, failed, last, failed_quiz = assigned_quiz_state(uid, a)
                lasts.append(last)
            elif a.kind == Assignment.Kind.TRACK:
                modules = track_modules[a.target_key]
                done_modules = [key for key in modules if getattr(enrolments.get((uid, key)), "completed_at", None)]
                hours_modules.update(done_modules)
                hours = sum((module_hours.get(key, 0) for key in done_modules), Decimal(0))
                track_enrolment = enrolments.get((uid, a.target_key))
                module_enrolments = [enrolments[(uid, key)] for key in modules if (uid, key) in enrolments]
                progress = len(done_modules) / len(modules) if modules else 0.0
                done_at = getattr(track_enrolment, "completed_at", None)
                seconds = sum(e.seconds_spent for e in module_enrolments)
                lasts += [e.last_activity_at for e in module_enrolments]
                if track_enrolment is not None:
                    lasts.append(track_enrolment.last_activity_at)
                last_activity = max((d for d in lasts if d), default=None)
                cells.append(Cell(a, _status(a, done_at, progress, due, now), due, None, progress, seconds,
                                  last_activity, 0, done_at, extension is not None, hours, len(done_modules), len(modules)))
                continue
            else:
                lessons, quizzes = module_parts[a.target_key]
                finished, total, scores, dates = 0, len(lessons) + len(quizzes), [], []
                for key in lessons:
                    l_done, _p, l_seconds, l_last = lesson_state(uid, key)
                    seconds += l_seconds
                    lasts.append(l_last)
                    if l_done:
                        finished += 1
                        dates.append(l_done)
                for key in quizzes:
                    q_done, _p, q_score, q_seconds, q_failed, q_last, _f = quiz_state(uid, key)
                    seconds += q_seconds
                    failed += q_failed
                    lasts.append(q_last)
                    if q_score is not None:
                        scores.append(q_score)
                    if q_done:
                        finished += 1
                        dates.append(q_done)
                progress = finished / total if total else 0.0
                done_at = max(dates) if total and finished == total else None
                score = sum(scores) / len(scores) if scores else None
            last_activity = max((d for d in lasts if d), default=None)
            cells.append(Cell(a, _status(a, done_at, progress, due, now, failed_quiz), due, score, progress,
                              seconds, last_activity, failed, done_at, extension is not None))
        return cells, hours_modules

    rows, page_rows = [], []
    for membership in memberships:
        uid = membership.student_id
        cells, hours_modules = student_cells(membership) if uid in paged_ids else (None, ())
        row = StudentRow(membership, cells, membership.last_activity, mastery.get(uid, {}),
                         hours=sum((module_hours.get(key, 0) for key in hours_modules), Decimal(0)))
        if cells is not None:
            page_rows.append(row)
        failed_by_quiz = quiz_failures(membership)
        failed_total = sum(failed for failed, _done in failed_by_quiz.values())
        if failed_total >= STUCK_FAILED_ATTEMPTS:
            row.stuck_reasons.append(_("%(count)d failed quiz attempts") % {"count": failed_total})
        for key, (failed, done_at) in failed_by_quiz.items():
            if done_at is None and attempts_allowed.get(key) and failed >= attempts_allowed[key]:
                row.stuck_reasons.append(_("failed every allowed attempt of %(quiz)s") % {"quiz": quiz_titles[key]})
        idle_since = row.last_activity or membership.joined_at
        if now - idle_since >= timedelta(days=STUCK_IDLE_DAYS):
            row.stuck_reasons.append(_("no activity for %(days)d days") % {"days": (now - idle_since).days})
        rows.append(row)
    quiz_assignments = {a.pk: a for a in assignments if a.kind == Assignment.Kind.QUIZ}
    students = {m.student_id: m.student for m in memberships}
    essays_waiting = [
        EssaysWaiting(students[uid], quiz_assignments[pk], group[8], group[9])
        for (uid, _key), groups in assigned_attempts.items() for group in groups if group[8]
        for pk in sorted(group[0] & quiz_assignments.keys())[:1]]
    return Report(classroom, assignments, rows, [(code, statements.get(code, "")) for code in codes], now, page_rows,
                  rows.index(page_rows[0]) if page_rows else 0,
                  sorted(essays_waiting, key=lambda w: w.latest_attempt_id))
