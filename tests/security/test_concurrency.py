"""Contention on learner records (issue #12): a module's last lesson completed while
its quiz is submitted, and the same attempt submitted twice at once.

On PostgreSQL every case runs in threads, each with its own connection, released
together by a barrier, ten runs of eight learners: no deadlock, no lost module
completion, nothing recorded twice. SQLite's in-memory test database cannot
serve concurrent writers, so there the same operations run one after the other,
in both orders, and the same invariants are checked.
"""

import threading

import pytest
from django.db import connection

from lessons.models import LessonPage
from progress import enrolment, lesson_progress
from progress.models import Certificate, Enrolment, ItemSummary, ObjectType, Statement, Verb
from quizzes import attempts
from quizzes.models import Attempt
from tests.factories import UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz
from tests.quizzes.test_attempts import right_answers

RUNS, LEARNERS = 10, 8
CONCURRENT = connection.vendor == "postgresql"


def run_together(calls):
    """Run the calls at the same instant in threads (PostgreSQL) or one after another
    (SQLite); returns (results, errors) in call order."""
    results, errors = [None] * len(calls), [None] * len(calls)
    if not CONCURRENT:
        for index, call in enumerate(calls):
            try:
                results[index] = call()
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors[index] = error
        return results, errors
    barrier = threading.Barrier(len(calls))

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results, errors


@pytest.fixture
def module_with_quiz(transactional_db, site_pages):
    module = make_module(site_pages["catalog"]["es"], lessons=1)
    quiz = make_quiz(module, questions=[make_question("truefalse"), make_question("single")])
    lesson = LessonPage.objects.child_of(module).get().specific
    return module, lesson, quiz


def ready_learner(module, quiz, name):
    """A learner enrolled in the module, with the quiz's right answers saved but not submitted."""
    learner = UserFactory(username=name)
    enrolment.enrol(learner, module)
    attempt, _ = attempts.start_attempt(quiz, learner)
    attempts.save_answers(attempt, right_answers(attempt))
    return learner, attempt


def test_last_lesson_and_quiz_at_once_complete_the_module_once(module_with_quiz):
    module, lesson, quiz = module_with_quiz
    for run in range(RUNS):
        learners = [ready_learner(module, quiz, f"r{run}-{n}") for n in range(LEARNERS)]
        calls = []
        for n, (learner, attempt) in enumerate(learners):
            lesson_call = lambda learner=learner: lesson_progress.complete_lesson(learner, lesson)  # noqa: E731
            submit_call = lambda attempt=attempt: attempts.submit_attempt(attempt)[1]  # noqa: E731
            calls += [lesson_call, submit_call] if n % 2 or CONCURRENT else [submit_call, lesson_call]
        results, errors = run_together(calls)
        assert errors == [None] * len(calls), f"run {run}: {[repr(e) for e in errors if e]}"
        assert results == [True] * len(calls), f"run {run}: {results}"
        users = [learner for learner, _ in learners]
        completed = Enrolment.objects.filter(user__in=users, object_key=module.translation_key,
                                             completed_at__isnull=False)
        assert completed.count() == LEARNERS, f"run {run}: modules left incomplete"
        assert Certificate.objects.filter(user__in=users, achievement_key=module.translation_key).count() == LEARNERS
        module_done = Statement.objects.filter(user__in=users, verb=Verb.COMPLETED, object_type=ObjectType.MODULE)
        assert module_done.count() == LEARNERS, f"run {run}: module completions recorded twice or lost"
        assert ItemSummary.objects.filter(user__in=users, completed_at__isnull=False).count() == 2 * LEARNERS
        assert all(e.progress == 1 for e in Enrolment.objects.filter(user__in=users, object_key=module.translation_key))


def test_an_attempt_submitted_twice_at_once_counts_once(module_with_quiz):
    module, _lesson, quiz = module_with_quiz
    for run in range(RUNS):
        learners = [ready_learner(module, quiz, f"d{run}-{n}") for n in range(LEARNERS)]
        calls = [lambda attempt=attempt: attempts.submit_attempt(Attempt.objects.get(pk=attempt.pk))[1]
                 for _learner, attempt in learners for _tab in range(2)]
        results, errors = run_together(calls)
        assert errors == [None] * len(calls), f"run {run}: {[repr(e) for e in errors if e]}"
        assert sorted(results) == [False] * LEARNERS + [True] * LEARNERS, f"run {run}: {results}"
        users = [learner for learner, _ in learners]
        assert Statement.objects.filter(user__in=users, verb=Verb.PASSED).count() == LEARNERS
        summaries = ItemSummary.objects.filter(user__in=users, item_key=quiz.translation_key)
        assert sorted(summaries.values_list("tries", flat=True)) == [1] * LEARNERS
        assert all(s.passed and s.best_score == 1 for s in summaries)
