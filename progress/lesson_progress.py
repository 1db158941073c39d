"""A learner's progress through a lesson: viewing it, the time-on-task beacon, completing it.

One reason to change: how reading a lesson is recorded (active time, "Mark as
complete"). Each write runs in one transaction with the summaries it changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.models import ModulePage
from lessons.models import LessonPage
from progress.models import Enrolment, LessonProgress, ObjectType, Verb
from progress.module_progress import refresh_module
from progress.records import check_public, record
from progress.summaries import summarise_lesson


class NotReadYet(Exception):
    """"Mark as complete" before the lesson was really read; ``seconds_left`` of active reading are missing."""

    def __init__(self, seconds_left: int):
        self.seconds_left = seconds_left
        super().__init__(seconds_left)


@transaction.atomic
def view_lesson(user, lesson: LessonPage) -> LessonProgress:
    module = lesson.get_parent().specific
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson_key=lesson.translation_key, defaults={"module_key": module.translation_key})
    if not created:
        progress.last_viewed_at = timezone.now()
        LessonProgress.objects.filter(pk=progress.pk).update(last_viewed_at=progress.last_viewed_at)
    summarise_lesson(progress)
    record(user, Verb.EXPERIENCED, ObjectType.LESSON, lesson, lesson.title, locale=lesson.locale.language_code,
           module_key=module.translation_key)
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
    check_public(lesson)
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


def complete_lesson(user, lesson: LessonPage, *, seconds: int = 0, classroom_id=None, at=None) -> bool:
    """Mark a lesson complete (``at``: when the learner did, if not now). Returns False when it
    already was (two tabs, a retried POST): the completion and its statement exist once."""
    module = lesson.get_parent().specific
    try:
        with transaction.atomic():
            if not mark_lesson_completed(user, lesson, module, seconds=seconds, classroom_id=classroom_id, at=at):
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


def complete_lesson_after_reading(user, lesson: LessonPage, *, classroom_id=None, seconds: int = 0, at=None) -> bool:
    """What the learner's "Mark as complete" does (page, API and offline sync): refuse until the lesson
    was read (NotReadYet), else ``complete_lesson``. Teachers' paper records use complete_lesson.
    ``seconds``: active reading the server has not counted yet (measured on a device while offline);
    ``at``: when the learner completed it, if not now."""
    check_public(lesson)
    already = LessonProgress.objects.filter(user=user, lesson_key=lesson.translation_key, completed_at__isnull=False)
    if not already.exists():
        left = reading_seconds_left(user, lesson) - seconds
        if left > 0:
            raise NotReadYet(left)
    return complete_lesson(user, lesson, classroom_id=classroom_id, seconds=seconds, at=at)


def mark_lesson_completed(user, lesson: LessonPage, module: ModulePage, *, seconds: int = 0, classroom_id=None,
                          at=None) -> bool:
    """The lesson's progress, summary and statement, without refreshing the module
    (the caller does it once). False when the lesson was already completed; raises
    NotAvailable for a lesson that is not public."""
    check_public(lesson)
    progress, _ = LessonProgress.objects.get_or_create(
        user=user, lesson_key=lesson.translation_key, defaults={"module_key": module.translation_key})
    progress.completed_at = at or timezone.now()
    progress.seconds_spent += max(0, min(seconds, 4 * 3600))
    # Only the request that flips completed_at from NULL records the completion.
    flipped = LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
        completed_at=progress.completed_at, seconds_spent=progress.seconds_spent)
    if not flipped:
        return False
    summarise_lesson(progress)
    record(user, Verb.COMPLETED, ObjectType.LESSON, lesson, lesson.title, locale=lesson.locale.language_code,
           completion=True, duration=progress.seconds_spent or None, classroom_id=classroom_id,
           module_key=module.translation_key, timestamp=at)
    return True
