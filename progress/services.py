"""Recording learning and reading it back.

Every write here runs in one transaction: the statement and the summaries it
changes (LessonProgress, Enrolment, Certificate) land together or not at all.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale, Page

from curriculum.models import ModulePage, TrackModule, TrackPage
from lessons.models import LessonPage
from progress.models import Certificate, Enrolment, ItemSummary, LessonProgress, ObjectType, Statement, Verb
from progress.summaries import summarise_lesson
from quizzes.models import Attempt, AttemptQuestion, QuizPage


class NotAvailable(Exception):
    """The page is not live, not public or not a lesson/module: nothing to record."""


class NotReadYet(Exception):
    """"Mark as complete" before the lesson was really read; ``seconds_left`` of active reading are missing."""

    def __init__(self, seconds_left: int):
        self.seconds_left = seconds_left
        super().__init__(seconds_left)


def _check_public(page: Page):
    hidden_ancestor = page.get_ancestors().filter(depth__gt=1, live=False).exists()
    if not page.live or hidden_ancestor or page.get_view_restrictions().exists():
        raise NotAvailable(page.pk)


def record(user, verb: Verb, object_type: ObjectType, page_or_key, title: str, *, locale: str, score=None, success=None,
           completion=None, duration=None, classroom_id=None) -> Statement:
    key = getattr(page_or_key, "translation_key", page_or_key)
    return Statement.objects.create(
        user=user, verb=verb, object_type=object_type, object_key=key, object_title=title[:255], score_scaled=score,
        success=success, completion=completion, duration_seconds=duration, locale=locale, classroom_id=classroom_id,
    )


# --- Modules and lessons ------------------------------------------------------


def _children_of(modules) -> Q:
    """Pages directly under any of ``modules`` (pages with their path and depth)."""
    query = Q(pk__in=[])
    for module in modules:
        query |= Q(path__startswith=module.path, depth=module.depth + 1)
    return query


def _children_of_module(module_key) -> Q:
    """Pages directly under any language version of the module ``module_key``."""
    return _children_of(ModulePage.objects.filter(translation_key=module_key).only("path", "depth"))


def module_lesson_keys(module_key) -> list:
    """Translation keys of the live lessons of a module, in order, across its languages."""
    lessons = LessonPage.objects.live().filter(_children_of_module(module_key)).order_by("path")
    return list(dict.fromkeys(lessons.values_list("translation_key", flat=True)))


def module_quiz_keys(module_key) -> set:
    return set(QuizPage.objects.live().filter(_children_of_module(module_key)).values_list("translation_key", flat=True))


def module_part_keys(module_key) -> tuple[list, set]:
    """(lesson keys in order, quiz keys) of a module's live children, in two queries."""
    lesson_type, quiz_type = (ContentType.objects.get_for_model(m) for m in (LessonPage, QuizPage))
    lessons, quizzes = [], set()
    for key, content_type in (Page.objects.live().filter(_children_of_module(module_key),
                                                         content_type__in=[lesson_type, quiz_type])
                              .order_by("path").values_list("translation_key", "content_type_id")):
        if content_type == quiz_type.pk:
            quizzes.add(key)
        elif key not in lessons:
            lessons.append(key)
    return lessons, quizzes


@transaction.atomic
def enrol(user, module: ModulePage) -> tuple[Enrolment, bool]:
    _check_public(module)
    enrolment, created = Enrolment.objects.get_or_create(user=user, object_key=module.translation_key,
                                                         defaults={"kind": Enrolment.Kind.MODULE})
    if created:
        record(user, Verb.REGISTERED, ObjectType.MODULE, module, module.title, locale=module.locale.language_code)
        refresh_module(user, module, enrolment)
    return enrolment, created


@transaction.atomic
def view_lesson(user, lesson: LessonPage) -> LessonProgress:
    module = lesson.get_parent().specific
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson_key=lesson.translation_key, defaults={"module_key": module.translation_key})
    if not created:
        progress.last_viewed_at = timezone.now()
        LessonProgress.objects.filter(pk=progress.pk).update(last_viewed_at=progress.last_viewed_at)
    summarise_lesson(progress)
    record(user, Verb.EXPERIENCED, ObjectType.LESSON, lesson, lesson.title, locale=lesson.locale.language_code)
    Enrolment.objects.filter(user=user, object_key=module.translation_key).update(last_activity_at=timezone.now())
    return progress


# Time on task: active seconds (page visible, recent input) sent by the page's beacon.
ACTIVE_SECONDS_PER_BEACON = 120  # the page sends at least every minute of activity
ACTIVE_SECONDS_PER_DAY = 8 * 3600  # across every lesson: no one studies more than a school day
MAX_REPORTED_SECONDS = 3600  # more in one beacon is not a measurement: rejected, not capped


def parse_active_seconds(value) -> int:
    """The ``seconds`` a beacon reports, or ValueError saying what is wrong."""
    text = str(value if value is not None else "0").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_REPORTED_SECONDS:
        raise ValueError(_("“seconds” must be a whole number from 0 to %(max)s, not “%(value)s”.")
                         % {"max": MAX_REPORTED_SECONDS, "value": text[:20]})
    return int(text)


@transaction.atomic
def record_visit(user, lesson: LessonPage, *, seconds: int = 0, viewed: bool = False) -> int:
    """What a lesson page reports after it loads (``viewed``: the learner opened it, an
    xAPI "experienced" statement) and while it is read (``seconds`` of active time).
    Active time is capped per report and per learner and day; returns the seconds counted."""
    _check_public(lesson)
    if viewed:
        view_lesson(user, lesson)
    if not seconds:
        return 0
    today = timezone.localdate()
    module_key = lesson.get_parent().translation_key
    progress, _ = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson_key=lesson.translation_key, defaults={"module_key": module_key})
    counted_today = LessonProgress.objects.filter(user=user, active_on=today).aggregate(
        total=Sum("active_seconds_on_day"))["total"] or 0
    credit = max(0, min(seconds, ACTIVE_SECONDS_PER_BEACON, ACTIVE_SECONDS_PER_DAY - counted_today))
    if not credit:
        return 0
    now = timezone.now()
    LessonProgress.objects.filter(pk=progress.pk).update(
        seconds_spent=F("seconds_spent") + credit, last_viewed_at=now, active_on=today,
        active_seconds_on_day=(F("active_seconds_on_day") if progress.active_on == today else 0) + credit)
    progress.seconds_spent, progress.last_viewed_at = progress.seconds_spent + credit, now  # the row is locked
    summarise_lesson(progress)
    Enrolment.objects.filter(user=user, object_key=progress.module_key).update(
        seconds_spent=F("seconds_spent") + credit, last_activity_at=now)
    return credit


def complete_lesson(user, lesson: LessonPage, *, seconds: int = 0, classroom_id=None) -> bool:
    """Mark a lesson complete. Returns False when it already was (two tabs,
    a retried POST): the completion and its statement exist once."""
    module = lesson.get_parent().specific
    try:
        with transaction.atomic():
            if not mark_lesson_completed(user, lesson, module, seconds=seconds, classroom_id=classroom_id):
                return False
            refresh_module(user, module)
            return True
    except IntegrityError:
        # The other request created the row first; it did the completion.
        return False


def reading_seconds_required(lesson: LessonPage) -> int:
    """Active seconds on a lesson before a learner may mark it complete (see ALMA_LESSON_MIN_READING_SECONDS)."""
    return min((lesson.minutes or 0) * 60 // 3, settings.ALMA_LESSON_MIN_READING_SECONDS)


def reading_seconds_left(user, lesson: LessonPage) -> int:
    """The one check of "real reading": the active time recorded on LessonProgress by the time-on-task beacon."""
    spent = (LessonProgress.objects.filter(user=user, lesson_key=lesson.translation_key)
             .values_list("seconds_spent", flat=True).first() or 0)
    return max(0, reading_seconds_required(lesson) - spent)


def complete_lesson_after_reading(user, lesson: LessonPage, *, classroom_id=None) -> bool:
    """What the learner's "Mark as complete" does (page and API): refuse until the lesson was
    read (NotReadYet), else ``complete_lesson``. Teachers' paper records use complete_lesson."""
    _check_public(lesson)
    already = LessonProgress.objects.filter(user=user, lesson_key=lesson.translation_key, completed_at__isnull=False)
    if not already.exists():
        left = reading_seconds_left(user, lesson)
        if left:
            raise NotReadYet(left)
    return complete_lesson(user, lesson, classroom_id=classroom_id)


def mark_lesson_completed(user, lesson: LessonPage, module: ModulePage, *, seconds: int = 0, classroom_id=None) -> bool:
    """The lesson's progress, summary and statement, without refreshing the module
    (the caller does it once). False when the lesson was already completed; raises
    NotAvailable for a lesson that is not public."""
    _check_public(lesson)
    progress, _ = LessonProgress.objects.get_or_create(
        user=user, lesson_key=lesson.translation_key, defaults={"module_key": module.translation_key})
    progress.completed_at = timezone.now()
    progress.seconds_spent += max(0, min(seconds, 4 * 3600))
    # Only the request that flips completed_at from NULL records the completion.
    flipped = LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
        completed_at=progress.completed_at, seconds_spent=progress.seconds_spent)
    if not flipped:
        return False
    summarise_lesson(progress)
    record(user, Verb.COMPLETED, ObjectType.LESSON, lesson, lesson.title, locale=lesson.locale.language_code,
           completion=True, duration=progress.seconds_spent or None, classroom_id=classroom_id)
    return True


def _locked_enrolment(user, key, kind=Enrolment.Kind.MODULE) -> Enrolment:
    """The enrolment row, locked until the transaction ends: progress is worked out
    from what other transactions committed before, never from a stale snapshot."""
    enrolment, _ = Enrolment.objects.select_for_update().get_or_create(user=user, object_key=key, defaults={"kind": kind})
    return enrolment


def refresh_module(user, module: ModulePage, enrolment: Enrolment | None = None):
    """Module progress from the learner's summaries: the share of its lessons
    completed and quizzes passed. Completes the module (statement, certificate,
    tracks) when every part is done."""
    enrolment = _locked_enrolment(user, module.translation_key) if enrolment is None else enrolment
    lesson_keys, quiz_keys = module_part_keys(module.translation_key)
    done, seconds = set(), 0
    for key, kind, completed_at, spent in ItemSummary.objects.filter(
            user=user, item_key__in=lesson_keys + list(quiz_keys)).values_list(
            "item_key", "kind", "completed_at", "seconds_spent"):
        if completed_at is not None:
            done.add(key)
        if kind == ItemSummary.Kind.LESSON:
            seconds += spent
    parts = len(lesson_keys) + len(quiz_keys)
    enrolment.progress = len(done) / parts if parts else 0
    enrolment.last_activity_at = timezone.now()
    enrolment.seconds_spent = seconds
    complete = parts > 0 and len(done) == parts
    fields = ["progress", "last_activity_at", "seconds_spent"]
    if complete and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        fields.append("completed_at")
        record(user, Verb.COMPLETED, ObjectType.MODULE, module, module.title, locale=module.locale.language_code, completion=True)
        issue_certificate(user, module, enrolment.seconds_spent)
    enrolment.save(update_fields=fields)
    if enrolment.completed_at:
        refresh_tracks_containing(user, module.translation_key)


# --- Tracks ------------------------------------------------------------------------


def track_module_keys(track: TrackPage) -> list:
    """Translation keys of the track's modules, in order."""
    keys = []
    for key in TrackModule.objects.filter(track=track).order_by("sort_order").values_list("module__translation_key", flat=True):
        if key not in keys:
            keys.append(key)
    return keys


@transaction.atomic
def enrol_track(user, track: TrackPage) -> tuple[Enrolment, bool]:
    """Enrol in a track and in each of its modules (in the track's language where it has one)."""
    _check_public(track)
    enrolment, created = Enrolment.objects.get_or_create(user=user, object_key=track.translation_key,
                                                         defaults={"kind": Enrolment.Kind.TRACK})
    if created:
        record(user, Verb.REGISTERED, ObjectType.TRACK, track, track.title, locale=track.locale.language_code)
        for module in track_modules_in_language(track):
            try:
                enrol(user, module)
            except NotAvailable:
                continue  # an unpublished module of the track: nothing to enrol in yet
        refresh_track(user, track, enrolment)
    return enrolment, created


def track_modules_in_language(track: TrackPage) -> list[ModulePage]:
    """The track's live modules in order, each in the track's language when it has that version."""
    keys = track_module_keys(track)
    chosen = {}
    for module in ModulePage.objects.live().filter(translation_key__in=keys):
        if module.translation_key not in chosen or module.locale_id == track.locale_id:
            chosen[module.translation_key] = module
    return [chosen[key] for key in keys if key in chosen]


@dataclass
class TrackStatus:
    module_keys: list
    completed: set
    passed_at_mark: set
    hours: object  # Decimal: hours of the track's modules
    completed_hours: object

    @property
    def progress(self) -> float:
        return len(self.completed) / len(self.module_keys) if self.module_keys else 0


def track_status(user, track: TrackPage) -> TrackStatus:
    keys = track_module_keys(track)
    seconds_by_key = dict(Enrolment.objects.filter(user=user, object_key__in=keys, completed_at__isnull=False)
                          .values_list("object_key", "seconds_spent"))
    completed = set(seconds_by_key)
    hours_by_key = {}
    for key, hours in ModulePage.objects.filter(translation_key__in=keys).values_list("translation_key", "estimated_hours"):
        hours_by_key.setdefault(key, hours)
    mark = (track.pass_mark or 0) / 100
    passed_at_mark = set()
    for key in keys:
        quiz_keys = module_quiz_keys(key)
        best = dict(ItemSummary.objects.filter(user=user, item_key__in=quiz_keys, completed_at__isnull=False)
                    .values_list("item_key", "best_score"))
        if set(best) == quiz_keys and all((score or 0) + 1e-9 >= mark for score in best.values()):
            passed_at_mark.add(key)
    return TrackStatus(keys, completed, passed_at_mark, sum(hours_by_key.values(), Decimal(0)),
                       sum((credited_hours(hours_by_key.get(k, 0), seconds_by_key[k]) for k in completed), Decimal(0)))


def credited_hours(estimated_hours, seconds: int) -> Decimal:
    """Professional-development hours for a completed module: the active time really
    spent on it, at most the module's estimated hours, rounded down to a tenth."""
    spent = Decimal(seconds or 0) / 3600
    return min(Decimal(estimated_hours or 0), spent).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def refresh_track(user, track: TrackPage, enrolment: Enrolment):
    """Track progress is the share of its modules completed; the track completes
    when every module is, each module quiz passed at the track's pass mark, and
    the modules add up to the track's minimum hours."""
    status = track_status(user, track)
    enrolment.progress = status.progress
    enrolment.last_activity_at = timezone.now()
    enrolment.seconds_spent = Enrolment.objects.filter(user=user, object_key__in=status.module_keys).aggregate(
        total=Sum("seconds_spent"))["total"] or 0
    fields = ["progress", "last_activity_at", "seconds_spent"]
    complete = (bool(status.module_keys) and status.completed == set(status.module_keys)
                and status.passed_at_mark == set(status.module_keys)
                and status.completed_hours >= (track.minimum_hours or 0))
    if complete and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        fields.append("completed_at")
        record(user, Verb.COMPLETED, ObjectType.TRACK, track, track.title, locale=track.locale.language_code, completion=True)
        issue_track_certificate(user, track, status)
    enrolment.save(update_fields=fields)


def refresh_tracks_containing(user, module_key):
    track_keys = set(Enrolment.objects.filter(user=user, kind=Enrolment.Kind.TRACK).values_list("object_key", flat=True))
    if not track_keys:
        return
    tracks = {}
    for track in TrackPage.objects.live().filter(translation_key__in=track_keys,
                                                 track_modules__module__translation_key=module_key).distinct():
        tracks.setdefault(track.translation_key, track)
    for key, track in tracks.items():
        enrolment = Enrolment.objects.select_for_update().get(user=user, object_key=key)
        refresh_track(user, track, enrolment)


def issue_track_certificate(user, track: TrackPage, status: TrackStatus) -> Certificate:
    titles = {}
    for module in ModulePage.objects.filter(translation_key__in=status.module_keys).only("translation_key", "title", "locale_id"):
        if module.translation_key not in titles or module.locale_id == track.locale_id:
            titles[module.translation_key] = module.title
    certificate, created = Certificate.objects.get_or_create(
        user=user, achievement_key=track.translation_key,
        defaults={"kind": Enrolment.Kind.TRACK, "achievement_title": track.title, "learner_name": str(user)[:150],
                  "language": track.locale.language_code, "hours": status.completed_hours,
                  "modules": [titles[key] for key in status.module_keys if key in titles]},
    )
    if created:
        record(user, Verb.EARNED, ObjectType.TRACK, track, track.title, locale=track.locale.language_code)
    return certificate


@dataclass
class OutcomeGain:
    code: str
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return None if self.pre is None or self.post is None else self.post - self.pre

    @property
    def normalised_gain(self) -> float | None:
        """Hake's normalised gain: the share of the possible improvement achieved."""
        if self.gain is None or self.pre >= 1:
            return None
        return self.gain / (1 - self.pre)

    @property
    def pre_percent(self):
        return None if self.pre is None else round(self.pre * 100)

    @property
    def post_percent(self):
        return None if self.post is None else round(self.post * 100)

    @property
    def gain_points(self):
        return None if self.gain is None else round(self.gain * 100)


def _scores_by_outcome(attempt) -> dict[str, float]:
    from quizzes.services import outcome_scores

    if attempt is None:
        return {}
    rows = outcome_scores(AttemptQuestion.objects.filter(attempt=attempt).select_related("version"))
    return {row["code"]: row["points"] / row["max_points"] for row in rows if row["max_points"]}


def learning_gain(user, track: TrackPage) -> list[OutcomeGain]:
    """Per outcome, the learner's score on the track's pre-test (their first
    submitted attempt) against the post-test (their latest). Empty when the
    track has no pre- and post-test."""
    if not (track.pre_test_id and track.post_test_id):
        return []
    keys = dict(Page.objects.filter(pk__in=[track.pre_test_id, track.post_test_id]).values_list("pk", "translation_key"))
    submitted = Attempt.objects.filter(user=user, state=Attempt.State.SUBMITTED)
    pre = submitted.filter(quiz_key=keys.get(track.pre_test_id)).order_by("submitted_at", "pk").first()
    post = submitted.filter(quiz_key=keys.get(track.post_test_id)).order_by("-submitted_at", "-pk").first()
    before, after = _scores_by_outcome(pre), _scores_by_outcome(post)
    return [OutcomeGain(code, before.get(code), after.get(code)) for code in sorted(set(before) | set(after))]


# --- Certificates ---------------------------------------------------------------


def issue_certificate(user, module: ModulePage, seconds_spent: int) -> Certificate:
    certificate, created = Certificate.objects.get_or_create(
        user=user, achievement_key=module.translation_key,
        defaults={"kind": Enrolment.Kind.MODULE, "achievement_title": module.title, "learner_name": str(user)[:150],
                  "language": module.locale.language_code, "hours": credited_hours(module.estimated_hours, seconds_spent),
                  "modules": [module.title]},
    )
    if created:
        record(user, Verb.EARNED, ObjectType.MODULE, module, module.title, locale=module.locale.language_code)
    return certificate


def revoke_certificate(certificate: Certificate, reason: str):
    if not certificate.is_revoked:
        certificate.revoked_at = timezone.now()
        certificate.revocation_reason = reason[:255]
        certificate.save(update_fields=["revoked_at", "revocation_reason"])


# --- Reading ----------------------------------------------------------------------


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
    enrolments = list(Enrolment.objects.filter(user=user, kind=Enrolment.Kind.MODULE))
    keys = [e.object_key for e in enrolments]
    modules = {}
    for module in ModulePage.objects.live().filter(translation_key__in=keys).only(
            "id", "title", "url_path", "path", "depth", "translation_key", "locale_id", "estimated_hours", "level"):
        # Prefer the learner's language, else the module's first language found.
        if module.translation_key not in modules or module.locale_id == locale.pk:
            modules[module.translation_key] = module
    lessons_by_module: dict = {}
    for lesson in LessonPage.objects.live().filter(_children_of(modules.values())).order_by("path").only("id", "title", "url_path", "path", "depth", "translation_key", "locale_id"):
        lessons_by_module.setdefault(lesson.path[: -Page.steplen], []).append(lesson)
    done = set(ItemSummary.objects.filter(user=user, module_key__in=keys, completed_at__isnull=False)
               .values_list("item_key", flat=True))
    summaries = []
    for enrolment in enrolments:
        module = modules.get(enrolment.object_key)
        lessons = lessons_by_module.get(module.path, []) if module else []
        remaining = [lesson for lesson in lessons if lesson.translation_key not in done]
        summaries.append(ModuleSummary(enrolment, module, len(lessons) - len(remaining), len(lessons), remaining[0] if remaining else None))
    activity, days = _daily_activity(user)
    from quizzes.services import mastery_for

    mastery = mastery_for([user.pk])[user.pk]
    return {
        "summaries": summaries,
        "activity": activity_chart(list(zip(days, activity))),
        "hours_spent": Decimal(sum(e.seconds_spent for e in enrolments)) / 3600,
        "tracks": _track_summaries(user, locale),
        # Professional-development hours: the honest time of the modules completed (see credited_hours).
        "pd_hours": sum((credited_hours(modules[e.object_key].estimated_hours, e.seconds_spent) for e in enrolments
                         if e.completed_at and e.object_key in modules), Decimal(0)),
        "outcomes_mastered": sorted(code for code, state in mastery.items() if state.mastered),
        "certificates": list(Certificate.objects.filter(user=user)),
    }


def _daily_activity(user, days: int = 30) -> tuple[list[int], list]:
    """Statements per local day of the last ``days`` days, in one query of range counts: the index on
    (user, timestamp) answers it without converting thousands of timestamps to local dates."""
    today = timezone.localdate()
    dates = [today - timedelta(days=days - 1 - i) for i in range(days)]
    bounds = [timezone.make_aware(datetime.combine(day, time.min)) for day in dates]
    bounds.append(bounds[-1] + timedelta(days=1))
    counts = Statement.objects.filter(user=user, timestamp__gte=bounds[0], timestamp__lt=bounds[-1]).aggregate(**{
        f"d{i}": Count("id", filter=Q(timestamp__gte=bounds[i], timestamp__lt=bounds[i + 1])) for i in range(days)})
    return [counts[f"d{i}"] for i in range(days)], dates


def _track_summaries(user, locale: Locale) -> list[tuple]:
    """(enrolment, track page in the learner's language if any) for each track enrolment: two queries."""
    enrolments = list(Enrolment.objects.filter(user=user, kind=Enrolment.Kind.TRACK))
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


def continue_where_left_off(user, locale: Locale) -> LessonPage | None:
    """The next lesson of the most recently active unfinished module."""
    enrolment = (Enrolment.objects.filter(user=user, kind=Enrolment.Kind.MODULE, completed_at__isnull=True)
                 .order_by("-last_activity_at").first())
    if not enrolment:
        return None
    done = set(ItemSummary.objects.filter(user=user, module_key=enrolment.object_key, completed_at__isnull=False)
               .values_list("item_key", flat=True))
    for key in module_lesson_keys(enrolment.object_key):
        if key not in done:
            candidates = list(LessonPage.objects.live().filter(translation_key=key))
            return next((c for c in candidates if c.locale_id == locale.pk), candidates[0] if candidates else None)
    return None


# --- Privacy -------------------------------------------------------------------------


class AccountDeletionRefused(Exception):
    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


def account_deletion_refusals(user) -> list[str]:
    """Why ``user`` may not delete their account yet (what they must do first),
    from the ``account_deletion_refusals`` hooks of upper layers."""
    return [reason for refusals in hooks.get_hooks("account_deletion_refusals") for reason in refusals(user)]


@transaction.atomic
def delete_account(user):
    """Delete the account; its statements stay for the anonymous impact figures
    but carry a random pseudonym instead of the person: nothing derived from the
    user id or a key, so no one can link them back to the account or to the
    pseudonyms of earlier research exports. Upper layers first hand over what
    others still need (``before_account_deletion`` hooks)."""
    refusals = account_deletion_refusals(user)
    if refusals:
        raise AccountDeletionRefused(refusals)
    for prepare in hooks.get_hooks("before_account_deletion"):
        prepare(user)
    Statement.objects.filter(user=user).update(user=None, actor_pseudonym="anon-" + secrets.token_hex(10))
    Certificate.objects.filter(user=user).delete()
    user.delete()
