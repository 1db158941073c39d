"""What "My learning" shows: modules with their next lesson, activity per day, tracks, hours, mastery, certificates.

One reason to change: the learner's dashboard (read only, a fixed number of queries).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from curriculum.models import ModulePage, TrackPage
from lessons.models import LessonPage
from progress.certificate_issuing import credited_hours
from progress.models import Certificate, Enrolment, ItemSummary, Statement
from progress.structure import children_of, module_lesson_keys
from quizzes.mastery_records import mastery_for


@dataclass
class ModuleSummary:
    enrolment: Enrolment
    module: ModulePage | None
    completed_lessons: int
    total_lessons: int
    next_lesson: LessonPage | None

    @property
    def percent(self) -> int:
        """Share of the module's lessons completed: the figure shown beside "3 of 4 lessons"."""
        return round(self.completed_lessons / self.total_lessons * 100) if self.total_lessons else 0


def dashboard(user, locale: Locale) -> dict:
    """Everything "My learning" shows, in a fixed number of queries."""
    everything = list(Enrolment.objects.filter(user=user, kind__in=[Enrolment.Kind.MODULE, Enrolment.Kind.TRACK]))
    enrolments = [e for e in everything if e.kind == Enrolment.Kind.MODULE]  # latest activity first
    keys = [e.object_key for e in enrolments]
    modules = {}
    for module in ModulePage.objects.live().filter(translation_key__in=keys).only(
            "id", "title", "url_path", "path", "depth", "translation_key", "locale_id", "estimated_hours", "level"):
        # Prefer the learner's language, else the module's first language found.
        if module.translation_key not in modules or module.locale_id == locale.pk:
            modules[module.translation_key] = module
    lessons_by_module: dict = {}
    for lesson in LessonPage.objects.live().filter(children_of(modules.values())).order_by("path").only("id", "title", "url_path", "path", "depth", "translation_key", "locale_id"):
        lessons_by_module.setdefault(lesson.path[: -Page.steplen], []).append(lesson)
    done_by_module = defaultdict(set)
    for module_key, item_key in ItemSummary.objects.filter(user=user, module_key__in=keys, completed_at__isnull=False
                                                           ).values_list("module_key", "item_key"):
        done_by_module[module_key].add(item_key)
    done = set().union(*done_by_module.values())
    summaries = []
    for enrolment in enrolments:
        module = modules.get(enrolment.object_key)
        lessons = lessons_by_module.get(module.path, []) if module else []
        remaining = [lesson for lesson in lessons if lesson.translation_key not in done]
        summaries.append(ModuleSummary(enrolment, module, len(lessons) - len(remaining), len(lessons), remaining[0] if remaining else None))
    activity, days = _daily_activity(user)
    mastery = mastery_for([user.pk])[user.pk]
    return {
        "summaries": summaries,
        "activity": activity_chart(list(zip(days, activity))),
        "hours_spent": Decimal(sum(e.seconds_spent for e in enrolments)) / 3600,
        "tracks": _track_summaries([e for e in everything if e.kind == Enrolment.Kind.TRACK], locale),
        # Professional-development hours: the honest time of the modules completed (see credited_hours).
        "pd_hours": sum((credited_hours(modules[e.object_key].estimated_hours, e.seconds_spent) for e in enrolments
                         if e.completed_at and e.object_key in modules), Decimal(0)),
        "outcomes_mastered": sorted(code for code, state in mastery.items() if state.mastered),
        "certificates": list(Certificate.objects.filter(user=user)),
        "continue_lesson": continue_where_left_off(user, locale, enrolments=enrolments, done_by_module=done_by_module),
    }


def _daily_activity(user, days: int = 30) -> tuple[list[int], list]:
    """Statements per local day of the last ``days`` days, in one query of range counts: the index on
    (user, timestamp) answers it without converting thousands of timestamps to local dates. Written in SQL:
    the ORM took longer to build 30 filtered counts (about 8 ms) than the database to answer them."""
    today = timezone.localdate()
    dates = [today - timedelta(days=days - 1 - i) for i in range(days)]
    bounds = [timezone.make_aware(datetime.combine(day, time.min)) for day in dates]
    bounds.append(bounds[-1] + timedelta(days=1))
    quote, meta = connection.ops.quote_name, Statement._meta
    table, stamp, user_column = (quote(meta.db_table), quote(meta.get_field("timestamp").column),
                                 quote(meta.get_field("user").column))
    days_sql = ", ".join([f"SUM(CASE WHEN {stamp} >= %s AND {stamp} < %s THEN 1 ELSE 0 END)"] * days)
    day_bounds = [connection.ops.adapt_datetimefield_value(bound) for bound in bounds]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {days_sql} FROM {table} WHERE {user_column} = %s AND {stamp} >= %s AND {stamp} < %s",
                       [b for i in range(days) for b in day_bounds[i:i + 2]] + [user.pk, day_bounds[0], day_bounds[-1]])
        counts = cursor.fetchone()
    return [count or 0 for count in counts], dates  # SUM of no rows is NULL


def _track_summaries(enrolments, locale: Locale) -> list[tuple]:
    """(enrolment, track page in the learner's language if any) for each of the track enrolments: one query."""
    if not enrolments:
        return []
    tracks = {}
    for track in TrackPage.objects.live().filter(translation_key__in=[e.object_key for e in enrolments]):
        if track.translation_key not in tracks or track.locale_id == locale.pk:
            tracks[track.translation_key] = track
    return [(e, tracks.get(e.object_key)) for e in enrolments]


@dataclass
class Bar:
    day: object
    count: int
    percent: float  # height, as a share of the chart's top tick


@dataclass
class ActivityChart:
    bars: list[Bar]
    ticks: list[int]  # y-axis labels from the top down, ending at 0

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def nice_top(peak: int) -> int:
    """The y-axis top: the smallest of 4, 10, 20, 40, 100, 200, 400… at or above the busiest day (even, so the middle tick is whole)."""
    scale = 1
    while True:
        for step in (4, 10, 20):
            if step * scale >= peak:
                return step * scale
        scale *= 10


def activity_chart(counts) -> ActivityChart:
    """A column chart of actions per day, scaled to a round top with three ticks (top, half, 0)."""
    top = nice_top(max((count for _, count in counts), default=0))
    bars = [Bar(day, count, round(count / top * 100, 1)) for day, count in counts]
    return ActivityChart(bars, [top, top // 2, 0])


def continue_where_left_off(user, locale: Locale, *, enrolments=None, done_by_module=None) -> LessonPage | None:
    """The next lesson of the most recently active unfinished module. ``enrolments`` (the user's module
    enrolments, latest activity first) and ``done_by_module`` (``{module key: completed item keys}``), when the
    caller has read them (My learning), spare two queries."""
    if enrolments is None:
        enrolment = (Enrolment.objects.filter(user=user, kind=Enrolment.Kind.MODULE, completed_at__isnull=True)
                     .order_by("-last_activity_at").first())
    else:
        enrolment = next((e for e in enrolments if e.completed_at is None), None)
    if not enrolment:
        return None
    if done_by_module is None:
        done = set(ItemSummary.objects.filter(user=user, module_key=enrolment.object_key, completed_at__isnull=False)
                   .values_list("item_key", flat=True))
    else:
        done = done_by_module.get(enrolment.object_key, set())
    for key in module_lesson_keys(enrolment.object_key):
        if key not in done:
            candidates = list(LessonPage.objects.live().filter(translation_key=key))
            return next((c for c in candidates if c.locale_id == locale.pk), candidates[0] if candidates else None)
    return None
