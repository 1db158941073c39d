"""A learner's attempt at a quiz: starting it, saving answers, submitting and scoring it.

One reason to change: the lifecycle of an attempt (which questions it gets, the
rules it copies, time limits, how answers are saved and scored). What may be
shown afterwards is ``quizzes.review``; mastery per outcome is
``quizzes.mastery_records``.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alma.bulk import update_rows
from quizzes import definition as qdef
from quizzes import essays
from quizzes import rules as quiz_rules
from quizzes.mastery_records import update_mastery
from quizzes.models import (
    Attempt, AttemptQuestion, DataBindingError, OutcomeMastery, Question, QuestionVersion, QuizPage, ReviewWhen,
    resolve_data,
)
from quizzes.signals import attempt_started, attempt_submitted, mastery_changed

logger = logging.getLogger(__name__)

GRACE_SECONDS = 30  # a submit that left the browser just before the limit still counts


class QuizError(Exception):
    """Something the learner can act on; ``str(error)`` is a translated sentence."""

    status = 400


class AttemptLimitReached(QuizError):
    status = 403


class AttemptClosed(QuizError):
    status = 409


class NoQuestions(QuizError):
    status = 409


class NotOpenYet(QuizError):
    """The learner's class was given this quiz from a later date (see quizzes.rules, ``opens_at``)."""

    status = 403


class AnswersRejected(QuizError):
    """One or more answers could not be saved; ``errors`` maps position (or "_") to a message. Nothing was saved."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(" ".join(f"{k}: {v}" if k != "_" else v for k, v in errors.items()))


# --- starting -------------------------------------------------------------------


def open_attempt(quiz: QuizPage, user) -> Attempt | None:
    return Attempt.objects.filter(quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS).first()


def counted_attempts(quiz: QuizPage, user, rules_source: str) -> int:
    """The attempts that count against the limit of a new attempt, in every language of the quiz.

    Under the quiz's own rules, all of them. Under rules from a provider (a
    class assignment), those that ran under a provider's rules: attempts made
    before the assignment reached the learner followed other rules.
    """
    attempts = Attempt.objects.filter(user=user, quiz_key=quiz.translation_key)
    if rules_source:
        attempts = attempts.exclude(rules_source="")
    return attempts.count()


def attempts_left(quiz: QuizPage, user, resolved: quiz_rules.ResolvedRules | None = None) -> int | None:
    """Attempts this learner may still start, by the rules a new attempt would copy (None: no limit)."""
    resolved = resolved or quiz_rules.resolve(quiz, user)
    allowed = resolved.rules.get("attempts_allowed")
    if not allowed:
        return None
    return max(0, allowed - counted_attempts(quiz, user, resolved.source))


def _pick_questions(quiz: QuizPage, rng: random.Random) -> list[tuple[Question, float]]:
    """The questions of a new attempt, in the quiz's locale, with their points."""
    slots = list(quiz.slots.select_related("question__latest_version").order_by("sort_order", "pk"))
    fixed = [s.question for s in slots if s.question_id]
    localized = {
        q.translation_key: q
        for q in Question.objects.filter(translation_key__in=[q.translation_key for q in fixed], locale_id=quiz.locale_id)
        .exclude(pk__in=[q.pk for q in fixed]).select_related("latest_version")
    }
    picked: list[tuple[Question, float]] = []
    used: set[int] = set()
    for slot in slots:
        if slot.question_id:
            question = localized.get(slot.question.translation_key, slot.question)
            if question.pk not in used and not question.archived:
                picked.append((question, slot.points))
                used.add(question.pk)
            continue
        pool = Question.objects.filter(locale_id=quiz.locale_id, outcomes__code=slot.outcome_code, archived=False,
                                       latest_version__isnull=False).exclude(pk__in=used)
        if slot.difficulty:
            pool = pool.filter(difficulty=slot.difficulty)
        candidates = sorted(set(pool.values_list("pk", flat=True)))
        chosen = rng.sample(candidates, min(slot.count, len(candidates)))
        questions = Question.objects.select_related("latest_version").in_bulk(chosen)
        for pk in chosen:
            picked.append((questions[pk], slot.points))
            used.add(pk)
    if quiz.shuffle_questions:
        rng.shuffle(picked)
    return picked


def check_may_start(quiz: QuizPage, user, *, now: datetime | None = None) -> quiz_rules.ResolvedRules:
    """The rules a new attempt of this learner would copy; raises NotOpenYet or AttemptLimitReached."""
    now = now or timezone.now()
    # The quiz's rules with this learner's overrides (a class assignment, see quizzes.rules): copied onto the attempt.
    resolved = quiz_rules.resolve(quiz, user)
    if resolved.opens_at is not None and now < resolved.opens_at:
        raise NotOpenYet(_("Your class can start this quiz from %(date)s.") % {
            "date": formats.date_format(timezone.localtime(resolved.opens_at), "DATETIME_FORMAT")})
    allowed = resolved.rules.get("attempts_allowed") or 0
    if allowed and counted_attempts(quiz, user, resolved.source) >= allowed:
        raise AttemptLimitReached(ngettext(
            "You have used the %(count)d attempt this quiz allows.",
            "You have used all %(count)d attempts this quiz allows.", allowed,
        ) % {"count": allowed})
    return resolved


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31 - 1)


def draw_questions(quiz: QuizPage, seed: int) -> list[tuple[QuestionVersion, float, list[str]]]:
    """The seeded draw of an attempt: ``[(pinned version, points, display order)]`` by position (from 1).

    The online start and the offline draw (offline.draws) both pin their questions here."""
    rng = random.Random(seed)
    picked = _pick_questions(quiz, rng)
    for question, _points in picked:
        if question.latest_version_id is None:
            question.sync_version()
        elif (question.latest_version.definition or {}).get("data"):
            refresh_data_question(question)
    if not picked:
        raise NoQuestions(_("This quiz has no questions yet. Please come back later."))
    return [(question.latest_version, points, qdef.shuffled_order(question.latest_version.definition, seed * 7919 + n))
            for n, (question, points) in enumerate(picked, 1)]


def create_attempt(quiz: QuizPage, user, *, seed: int, drawn: list, rules: dict, rules_source: str,
                   started_at: datetime) -> Attempt:
    """Insert an open attempt with its drawn questions and announce it (inside the caller's transaction)."""
    used = Attempt.objects.filter(quiz=quiz, user=user).count()
    minutes = rules.get("time_limit_minutes") or 0
    deadline = started_at + timedelta(minutes=minutes) if minutes else None
    attempt = Attempt(user=user, quiz=quiz, quiz_key=quiz.translation_key, number=used + 1, seed=seed, rules=rules,
                      rules_source=rules_source, started_at=started_at, deadline=deadline,
                      max_points=sum(points for _v, points, _o in drawn))
    with transaction.atomic():
        # bulk_create sends no post_save: learner data must not invalidate the public page cache.
        Attempt.objects.bulk_create([attempt])
        if attempt.pk is None:  # backends that do not return ids from bulk inserts
            attempt = Attempt.objects.get(user=user, quiz=quiz, number=used + 1)
        AttemptQuestion.objects.bulk_create([
            AttemptQuestion(attempt=attempt, position=position, version=version, max_points=points, order=order)
            for position, (version, points, order) in enumerate(drawn, 1)])
        attempt_started.send(sender=Attempt, attempt=attempt)
    return attempt


def start_attempt(quiz: QuizPage, user, *, now: datetime | None = None) -> tuple[Attempt, bool]:
    """Resume the learner's open attempt, or start a new one. Returns ``(attempt, created)``."""
    now = now or timezone.now()
    existing = open_attempt(quiz, user)
    if existing and not close_if_overdue(existing, now=now):
        return existing, False
    resolved = check_may_start(quiz, user, now=now)
    seed = new_seed()
    drawn = draw_questions(quiz, seed)
    try:
        attempt = create_attempt(quiz, user, seed=seed, drawn=drawn, rules=resolved.rules,
                                 rules_source=resolved.source, started_at=now)
    except IntegrityError:
        # Two tabs pressed "start" at once: the other request created it.
        existing = open_attempt(quiz, user)
        if existing:
            return existing, False
        raise
    return attempt, True


def refresh_data_question(question: Question) -> None:
    """Recompute a data-bound question from its dataset as it is now, before an attempt pins it.

    When the figures changed, the question gets a new version (or its unanswered
    latest version is updated): new attempts see the new right answer, attempts
    already started keep the version, and so the answer, they were shown. If the
    dataset cannot be read, the last computed version is used.
    """
    current = question.latest_version.definition
    try:
        fresh = resolve_data(current)
    except DataBindingError as error:
        logger.warning("data question %s kept its last figures: %s", question.pk, error)
        return
    if fresh == current or qdef.validate(fresh):
        return
    try:
        with transaction.atomic():
            question.sync_version(fresh)
    except IntegrityError:  # another learner's start created the same version first
        question.refresh_from_db(fields=["latest_version"])


def attempt_questions(attempt: Attempt) -> list[AttemptQuestion]:
    return list(attempt.questions.select_related("version", "version__image").order_by("position"))


def is_overdue(attempt: Attempt, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(attempt.deadline and now > attempt.deadline + timedelta(seconds=GRACE_SECONDS))


def close_if_overdue(attempt: Attempt, *, now: datetime | None = None) -> bool:
    """Submit an open attempt whose time is up, with the answers saved so far. True if it is closed now."""
    if attempt.is_open and is_overdue(attempt, now):
        submit_attempt(attempt, now=now, timed_out=True)
        attempt.refresh_from_db()
        return True
    return not attempt.is_open


def _clean_all(questions: dict[int, AttemptQuestion], raw_answers: dict) -> dict[int, Any]:
    """Validate every answer first, so a bad one changes nothing."""
    errors: dict = {}
    cleaned: dict[int, Any] = {}
    if not isinstance(raw_answers, dict):
        raise AnswersRejected({"_": _("Send the answers as an object keyed by question position.")})
    for key, raw in raw_answers.items():
        try:
            position = int(key)
        except (TypeError, ValueError):
            errors[str(key)[:20]] = _("There is no question %(key)s in this attempt.") % {"key": str(key)[:20]}
            continue
        aq = questions.get(position)
        if aq is None:
            errors[str(position)] = _("There is no question %(key)s in this attempt.") % {"key": position}
            continue
        if aq.locked and raw != aq.answer:
            errors[str(position)] = _("This answer was already checked and cannot change.")
            continue
        try:
            cleaned[position] = qdef.clean_answer(aq.version.definition, raw)
        except qdef.AnswerError as error:
            errors[str(position)] = _(str(error))
    if errors:
        raise AnswersRejected(errors)
    return cleaned


def save_answers(attempt: Attempt, raw_answers: dict, *, now: datetime | None = None) -> list[AttemptQuestion]:
    """Save answers by position ({1: "c0ffee12", 2: "480 t", …}); all or nothing.

    Raises AttemptClosed (submitted, or time is up — then it is submitted with
    the answers saved before) or AnswersRejected (nothing saved).
    """
    now = now or timezone.now()
    if close_if_overdue(attempt, now=now):
        raise AttemptClosed(_("The time is up: your attempt was submitted with the answers saved before the limit.")
                            if attempt.timed_out else _("This attempt has already been submitted."))
    with transaction.atomic():
        current = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not current.is_open:
            raise AttemptClosed(_("This attempt has already been submitted."))
        questions = {aq.position: aq for aq in attempt_questions(current)}
        cleaned = _clean_all(questions, raw_answers)
        immediate = current.rules.get("feedback_when") == ReviewWhen.IMMEDIATELY
        changed = []
        for position, answer in cleaned.items():
            aq = questions[position]
            if aq.answer == answer and not (immediate and answer is not None and not aq.locked):
                continue
            aq.answer = answer
            aq.answered_at = now if answer is not None else None
            if immediate and answer is not None and not essays.needs_grading(aq.definition()):
                aq.locked = True
                essays.score_question(aq)
            changed.append(aq)
        if changed:
            update_rows(changed, ["answer", "answered_at", "locked", "points", "fraction", "correct", "feedback"])
        Attempt.objects.filter(pk=current.pk).update(last_saved_at=now)
    attempt.last_saved_at = now
    return [questions[p] for p in sorted(questions)]


# --- submitting -------------------------------------------------------------------


class _AlreadySubmitted(Exception):
    pass


def _lock_with_questions(attempt: Attempt) -> tuple[Attempt, list[AttemptQuestion]]:
    """The attempt, locked, and its questions with their versions: one query (``FOR UPDATE OF``
    the attempt's row only, never the user's: a lesson completing at the same time inserts
    statements that reference the user, see progress.summaries). Someone else's attempt, or
    none, raises ``Attempt.DoesNotExist``."""
    questions = list(AttemptQuestion.objects.select_related("version", "attempt").select_for_update(of=("attempt",))
                     .filter(attempt_id=attempt.pk, attempt__user_id=attempt.user_id,
                             attempt__quiz_id=attempt.quiz_id).order_by("position"))
    if questions:
        current = questions[0].attempt
        for aq in questions:
            aq.attempt = current
    else:  # an attempt without questions (a quiz emptied before it started)
        current = Attempt.objects.select_for_update().get(pk=attempt.pk, user_id=attempt.user_id,
                                                          quiz_id=attempt.quiz_id)
    for relation in ("user", "quiz"):  # the caller's, if it has them: no query to load them again
        field = Attempt._meta.get_field(relation)
        if field.is_cached(attempt):
            field.set_cached_value(current, field.get_cached_value(attempt))
    return current, questions


def submit_attempt(attempt: Attempt, *, answers: dict | None = None, now: datetime | None = None,
                   timed_out: bool = False) -> tuple[Attempt, bool]:
    """Score and close the attempt; update mastery; announce it. Returns ``(attempt, newly_submitted)``.

    Idempotent: a second submit (two tabs, a retried POST, the time limit
    racing the learner) finds the attempt closed and changes nothing. A fixed
    number of queries whatever the number or types of questions. ``attempt`` may
    be unsaved, ``Attempt(pk=…, user=…, quiz=…)``: the learner's own attempt is then
    read only under the lock (someone else's raises ``Attempt.DoesNotExist``).
    """
    now = now or timezone.now()
    if answers and is_overdue(attempt, now):
        answers, timed_out = None, True  # answers that arrive after the limit are not saved
    try:
        with transaction.atomic():
            current, questions = _lock_with_questions(attempt)
            if not current.is_open:
                raise _AlreadySubmitted
            if is_overdue(current, now):
                timed_out = True
            if answers:
                by_position = {aq.position: aq for aq in questions}
                for position, answer in _clean_all(by_position, answers).items():
                    if by_position[position].answer != answer:
                        by_position[position].answer = answer
                        by_position[position].answered_at = now
            for aq in questions:
                essays.score_question(aq)
            update_rows(questions, ["answer", "answered_at", "points", "fraction", "correct", "feedback"])
            # Essays wait for a teacher: the attempt's score counts once they are graded (quizzes.essays).
            total, max_points, ratio, passed = essays.settle(current.rules, questions)
            updated = Attempt.objects.filter(pk=current.pk, state=Attempt.State.IN_PROGRESS).update(
                state=Attempt.State.SUBMITTED, submitted_at=now, points=total, max_points=max_points,
                score=ratio, passed=passed, timed_out=timed_out, last_saved_at=now,
            )
            if updated != 1:
                raise _AlreadySubmitted
            current.state, current.submitted_at, current.points = Attempt.State.SUBMITTED, now, total
            current.max_points, current.score, current.passed, current.timed_out = max_points, ratio, passed, timed_out
            codes = update_mastery(current.user_id, [aq for aq in questions if aq.points is not None], now)
            if total is not None:
                attempt_submitted.send(sender=Attempt, attempt=current)
            if codes:
                mastery_changed.send(sender=OutcomeMastery, user=current.user, outcome_codes=codes)
    except _AlreadySubmitted:
        attempt.refresh_from_db()
        return attempt, False
    for field in ("state", "submitted_at", "points", "max_points", "score", "passed", "timed_out"):
        setattr(attempt, field, getattr(current, field))
    return attempt, True
