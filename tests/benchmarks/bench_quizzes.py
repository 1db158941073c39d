"""Quiz submission throughput (``make bench``), with many learners at once.

``run(report)`` builds a 20-question quiz (every question type) under a live
module, then ``learners`` threads — each with its own database connection, as
separate requests would have — take ``attempts`` attempts each: start, save
all answers, and submit *twice at the same instant* (two tabs / a retried
POST, released together by a barrier). Figures:

* ``quiz_submit_<db>_attempts_per_s`` — submitted attempts per second, whole
  flow (start + save + double submit), all learners together;
* ``quiz_submit_<db>_ms_p50`` / ``_p95`` — latency of one submit call;
* ``quiz_submit_<db>_lost_or_double`` — attempts lost or counted twice (must
  be 0): submitted attempts, ``attempt_submitted`` signals, mastery responses
  and the tries in the read model of learner results are checked against what
  was sent;
* ``quiz_{start,save,submit}_<n>q_queries`` — queries of one start, save and
  submit (every app's receivers included) for quizzes of 5 and 20 questions: the
  same for both.

Standalone (any database, e.g. PostgreSQL):
``DATABASE_URL=postgres://… python tests/benchmarks/bench_quizzes.py`` migrates
that database, sets up the page tree and runs the same measurement.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path


def _fixture(questions: int):
    from django.db import transaction
    from wagtail.models import Locale

    from curriculum.models import CatalogPage, LearningOutcome, ModulePage
    from quizzes.models import Question, QuizPage, QuizSlot

    locale = Locale.objects.get(language_code="es")
    outcome = LearningOutcome.objects.filter(locale=locale).order_by("code").first()
    if outcome is None:
        outcome = LearningOutcome.objects.create(code="BENCH-SEC-01", statement="Bench", level="secondary",
                                                 bloom_verb="apply", locale=locale)
    module = ModulePage.objects.live().filter(locale=locale).order_by("path").first()
    if module is None:
        catalog = CatalogPage.objects.filter(locale=locale).first()
        module = ModulePage(title="Bench module", slug=f"bench-{uuid.uuid4().hex[:6]}", summary="Bench", level="secondary",
                            locale=locale)
        catalog.add_child(instance=module)
        module.save_revision().publish()
    samples = [
        {"type": "single", "prompt": "¿?", "choices": [{"text": "A", "fraction": 1}, {"text": "B", "fraction": 0}]},
        {"type": "multiple", "prompt": "¿?", "choices": [{"text": "A", "fraction": 0.5}, {"text": "B", "fraction": 0.5},
                                                         {"text": "C", "fraction": -1}]},
        {"type": "truefalse", "prompt": "¿?", "answer": True},
        {"type": "numeric", "prompt": "¿?", "unit": "t", "answers": [{"value": 480, "tolerance": 1}]},
        {"type": "short", "prompt": "¿?", "fold_accents": True, "answers": [{"text": "litio"}]},
        {"type": "matching", "prompt": "¿?", "pairs": [{"left": "Cu", "right": "Cobre"}, {"left": "Li", "right": "Litio"}]},
        {"type": "ordering", "prompt": "¿?", "items": [{"text": "1"}, {"text": "2"}, {"text": "3"}]},
    ]
    with transaction.atomic():
        quiz = QuizPage(title=f"Bench quiz {uuid.uuid4().hex[:6]}", slug=f"bench-quiz-{uuid.uuid4().hex[:8]}",
                        locale=locale, shuffle_questions=True)
        for i in range(questions):
            question = Question(title=f"bench {i}", locale=locale)
            question.set_definition(samples[i % len(samples)])
            question.outcomes.set([outcome])
            question.save()
            quiz.slots.add(QuizSlot(question=question))
        module.add_child(instance=quiz)
        quiz.save_revision().publish()
    return quiz, outcome.code


def _right_answers(attempt) -> dict:
    answers = {}
    for aq in attempt.questions.select_related("version"):
        d = aq.version.definition
        t = d["type"]
        answers[aq.position] = {
            "single": lambda: next(c["id"] for c in d["choices"] if c["fraction"] == 1),
            "multiple": lambda: [c["id"] for c in d["choices"] if c["fraction"] > 0],
            "truefalse": lambda: True,
            "numeric": lambda: "480 t",
            "short": lambda: "Lítio",
            "matching": lambda: {p["id"]: p["right"] for p in d["pairs"]},
            "ordering": lambda: [it["id"] for it in d["items"]],
        }[t]()
    return answers


def _flow_queries(questions: int) -> dict:
    """Queries of one start, save and submit of a new ``questions``-question quiz, by one learner."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from quizzes import attempts as quiz_attempts
    from tests.benchmarks.bench_progress import QueryCounter

    quiz, _code = _fixture(questions)
    user = get_user_model().objects.create(username=f"bench-quiz-q-{uuid.uuid4().hex[:8]}")
    warm, _ = quiz_attempts.start_attempt(_fixture(2)[0], user)  # warm caches (content types, locales)
    quiz_attempts.submit_attempt(warm, answers=_right_answers(warm))
    counts = {}
    with connection.execute_wrapper(counter := QueryCounter()):
        attempt, _created = quiz_attempts.start_attempt(quiz, user)
    counts["start"] = counter.count
    answers = _right_answers(attempt)
    with connection.execute_wrapper(counter := QueryCounter()):
        quiz_attempts.save_answers(attempt, answers)
    counts["save"] = counter.count
    with connection.execute_wrapper(counter := QueryCounter()):
        quiz_attempts.submit_attempt(attempt)
    counts["submit"] = counter.count
    return counts


def run(report, learners: int = 8, attempts: int = 5, questions: int = 20):
    from django.contrib.auth import get_user_model
    from django.db import connection, connections

    from progress.models import ItemSummary
    from quizzes import attempts as quiz_attempts
    from quizzes.models import Attempt, OutcomeMastery
    from quizzes.signals import attempt_submitted

    vendor = connection.vendor
    for size in (5, questions):
        for phase, count in _flow_queries(size).items():
            report(f"quiz_{phase}_{size}q_queries", count, "queries")
    quiz, code = _fixture(questions)
    User = get_user_model()
    run_id = uuid.uuid4().hex[:6]
    users = [User.objects.create(username=f"bench-quiz-{run_id}-{i}") for i in range(learners)]
    connections.close_all()

    received: list[int] = []
    lock = threading.Lock()

    def on_submit(sender, attempt, **kwargs):
        with lock:
            received.append(attempt.pk)

    attempt_submitted.connect(on_submit, weak=False, dispatch_uid="bench-quizzes")
    latencies: list[float] = []
    newly_counts: list[int] = []
    failures: list[str] = []

    def submit(attempt_id, barrier, results):
        try:
            attempt = Attempt.objects.get(pk=attempt_id)
            barrier.wait(timeout=30)
            start = time.perf_counter()
            _a, newly = quiz_attempts.submit_attempt(attempt)
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
            results.append(newly)
        except Exception as error:  # noqa: BLE001 — reported as a failure figure
            failures.append(f"submit: {type(error).__name__}: {error}")
        finally:
            connections.close_all()

    def learner(user):
        try:
            for _ in range(attempts):
                attempt, _created = quiz_attempts.start_attempt(quiz, user)
                quiz_attempts.save_answers(attempt, _right_answers(attempt))
                barrier, results = threading.Barrier(2), []
                pair = [threading.Thread(target=submit, args=(attempt.pk, barrier, results)) for _ in range(2)]
                for t in pair:
                    t.start()
                for t in pair:
                    t.join(timeout=120)
                with lock:
                    newly_counts.append(sum(results))
        except Exception as error:  # noqa: BLE001
            failures.append(f"learner: {type(error).__name__}: {error}")
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=learner, args=(user,)) for user in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    elapsed = time.perf_counter() - started
    attempt_submitted.disconnect(dispatch_uid="bench-quizzes")

    expected = learners * attempts
    submitted = Attempt.objects.filter(user__in=users, quiz=quiz, state=Attempt.State.SUBMITTED).count()
    responses = sum(OutcomeMastery.objects.filter(user__in=users, outcome_code=code).values_list("responses", flat=True))
    problems = abs(expected - submitted) + abs(expected - len(received)) + (expected - len(set(received)))
    problems += sum(1 for n in newly_counts if n != 1) + abs(expected - len(newly_counts))
    problems += abs(expected * questions - responses) // max(1, questions)
    tries = sum(ItemSummary.objects.filter(user__in=users, item_key=quiz.translation_key).values_list("tries", flat=True))
    problems += abs(expected - tries)
    report(f"quiz_submit_{vendor}_attempts_per_s", round(submitted / elapsed, 1) if elapsed else 0.0, "attempts/s")
    if latencies:
        ordered = sorted(latencies)
        report(f"quiz_submit_{vendor}_ms_p50", round(statistics.median(ordered), 1), "ms")
        report(f"quiz_submit_{vendor}_ms_p95", round(ordered[int(0.95 * (len(ordered) - 1))], 1), "ms")
    report(f"quiz_submit_{vendor}_lost_or_double", problems, "attempts")
    for failure in failures[:5]:
        print(f"# bench_quizzes: {failure}")
    return {"expected": expected, "submitted": submitted, "signals": len(received), "failures": failures}


def _standalone():
    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(os.environ.get('TMPDIR', '/tmp')) / f'alma-bench-quizzes-{os.getpid()}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alma.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from curriculum.site_setup import setup_site

    call_command("migrate", verbosity=0)
    setup_site()

    def report(name, value, unit):
        print(f"{name} {value} {unit}")

    print(run(report))


if __name__ == "__main__":
    _standalone()
