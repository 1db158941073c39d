"""Taking a quiz, from the learner's side: start, save, resume, submit, results, mastery."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes import attempts, mastery_records
from quizzes.models import Attempt, AttemptQuestion, OutcomeMastery, QuestionVersion
from quizzes.signals import attempt_submitted, mastery_changed

from .conftest import make_question, make_quiz


def right_answers(attempt):
    """The right answer of each question of an attempt, by position."""
    answers = {}
    for aq in attempt.questions.select_related("version"):
        d = aq.version.definition
        t = d["type"]
        if t == "single":
            answers[aq.position] = next(c["id"] for c in d["choices"] if c["fraction"] == 1)
        elif t == "multiple":
            answers[aq.position] = [c["id"] for c in d["choices"] if c["fraction"] > 0]
        elif t == "truefalse":
            answers[aq.position] = d["answer"]
        elif t == "numeric":
            answers[aq.position] = "480 t"
        elif t == "short":
            answers[aq.position] = d["answers"][0]["text"].upper()
        elif t == "matching":
            answers[aq.position] = {p["id"]: p["right"] for p in d["pairs"]}
        elif t == "ordering":
            answers[aq.position] = [it["id"] for it in d["items"]]
        elif t == "cloze":  # case ignored in a SHORTANSWER gap; 95.3 is within 95.5 ± 0.5
            answers[aq.position] = {"1": "Relaves-Espesados", "2": "95,3",
                                    "3": next(c["id"] for c in d["gaps"][2]["choices"] if c["fraction"] == 1)}
    return answers


def test_a_full_attempt_scores_every_type_and_updates_mastery(quiz, learner):
    attempt, created = attempts.start_attempt(quiz, learner)
    assert created and attempt.questions.count() == 8
    attempts.save_answers(attempt, right_answers(attempt))
    attempt, newly = attempts.submit_attempt(attempt)
    assert newly and attempt.state == Attempt.State.SUBMITTED
    assert attempt.points == attempt.max_points == 8 and attempt.passed
    state = mastery_records.mastery_for([learner.pk], ["CM-SEC-01"])[learner.pk]["CM-SEC-01"]
    assert state.mastered and state.responses == 8 and state.level == 1.0


def test_resume_returns_the_same_attempt_with_the_same_order(quiz, learner):
    first, _ = attempts.start_attempt(quiz, learner)
    orders = list(first.questions.values_list("position", "order"))
    attempts.save_answers(first, {1: right_answers(first)[1]})
    again, created = attempts.start_attempt(quiz, learner)
    assert not created and again.pk == first.pk
    assert list(again.questions.values_list("position", "order")) == orders
    assert again.questions.get(position=1).answer is not None


def test_double_submit_counts_once(quiz, learner):
    received = []
    attempt_submitted.connect(lambda sender, attempt, **kw: received.append(attempt.pk), weak=False, dispatch_uid="t1")
    try:
        attempt, _ = attempts.start_attempt(quiz, learner)
        stale_copy = Attempt.objects.get(pk=attempt.pk)
        attempts.submit_attempt(attempt)
        _, newly = attempts.submit_attempt(stale_copy)  # a second tab, a retried POST
    finally:
        attempt_submitted.disconnect(dispatch_uid="t1")
    assert not newly and received == [attempt.pk]
    assert OutcomeMastery.objects.get(user=learner).responses == 8


def test_mastery_changed_names_the_outcomes(quiz, learner):
    seen = []
    mastery_changed.connect(lambda sender, user, outcome_codes, **kw: seen.append((user.pk, outcome_codes)),
                            weak=False, dispatch_uid="t2")
    try:
        attempt, _ = attempts.start_attempt(quiz, learner)
        attempts.submit_attempt(attempt)
    finally:
        mastery_changed.disconnect(dispatch_uid="t2")
    assert seen == [(learner.pk, ["CM-SEC-01"])]


def test_mastery_is_m_of_the_last_n(module, outcome, learner):
    question = make_question("truefalse", outcomes=[outcome])
    quiz = make_quiz(module, questions=[question])
    for answer in [True, True, False, True, True]:  # 4 of the last 5
        attempt, _ = attempts.start_attempt(quiz, learner)
        attempts.submit_attempt(attempt, answers={1: answer})
    state = mastery_records.mastery_for([learner.pk])[learner.pk]["CM-SEC-01"]
    assert state.mastered and state.mastered_at
    for answer in [False, False]:  # now 3 of the last 5: no longer mastered, but it was once
        attempt, _ = attempts.start_attempt(quiz, learner)
        attempts.submit_attempt(attempt, answers={1: answer})
    state = mastery_records.mastery_for([learner.pk])[learner.pk]["CM-SEC-01"]
    assert not state.mastered and state.mastered_at and state.responses == 7


def test_mastery_for_takes_one_query_for_many_learners(quiz, learner, other_learner, django_assert_num_queries):
    for user in (learner, other_learner):
        attempt, _ = attempts.start_attempt(quiz, user)
        attempts.submit_attempt(attempt)
    with django_assert_num_queries(1):
        result = mastery_records.mastery_for([learner.pk, other_learner.pk, 999], ["CM-SEC-01", "ET-SEC-09"])
    assert result[999]["ET-SEC-09"].responses == 0 and result[learner.pk]["CM-SEC-01"].responses == 8


def test_attempts_allowed_is_enforced(module, all_types, learner):
    quiz = make_quiz(module, questions=all_types[:1], attempts_allowed=1)
    attempt, _ = attempts.start_attempt(quiz, learner)
    attempts.submit_attempt(attempt)
    with pytest.raises(attempts.AttemptLimitReached):
        attempts.start_attempt(quiz, learner)


def test_rules_are_copied_at_start(module, all_types, learner):
    quiz = make_quiz(module, questions=all_types[:2], pass_mark=50, time_limit_minutes=10)
    attempt, _ = attempts.start_attempt(quiz, learner)
    quiz.pass_mark = 100
    quiz.time_limit_minutes = 1
    quiz.save_revision().publish()
    attempt.refresh_from_db()
    assert attempt.rules["pass_mark"] == 50 and attempt.rules["time_limit_minutes"] == 10
    answers = right_answers(attempt)
    attempt, _ = attempts.submit_attempt(attempt, answers={1: answers[1]})  # 1 of 2 → 50 %
    assert attempt.passed


def test_editing_a_question_after_it_was_answered_adds_a_version_and_never_rescores(module, outcome, learner):
    question = make_question("numeric", outcomes=[outcome])
    quiz = make_quiz(module, questions=[question])
    attempt, _ = attempts.start_attempt(quiz, learner)
    attempt, _ = attempts.submit_attempt(attempt, answers={1: "480"})
    assert attempt.points == 1
    question.set_definition({**question.build_definition(), "answers": [{"value": 999, "fraction": 1}]})
    question.save()
    assert question.versions.count() == 2 and question.latest_version.number == 2
    first = QuestionVersion.objects.get(question=question, number=1)
    assert first.definition["answers"][0]["value"] == 480
    attempt.refresh_from_db()
    assert attempt.points == 1 and attempt.questions.get().version_id == first.pk
    first.definition = question.latest_version.definition
    with pytest.raises(Exception):
        first.save()


def test_editing_an_unanswered_question_keeps_one_version(outcome):
    question = make_question("single", outcomes=[outcome])
    question.prompt = "Otra redacción"
    question.save()
    assert question.versions.count() == 1 and question.latest_version.definition["prompt"] == "Otra redacción"


def test_time_limit_is_enforced_by_the_server(module, all_types, learner):
    quiz = make_quiz(module, questions=all_types[:2], time_limit_minutes=5, shuffle_questions=False)
    start = timezone.now()
    attempt, _ = attempts.start_attempt(quiz, learner, now=start)
    answers = right_answers(attempt)
    attempts.save_answers(attempt, {1: answers[1]}, now=start + timedelta(minutes=4))
    late = start + timedelta(minutes=6)
    with pytest.raises(attempts.AttemptClosed):
        attempts.save_answers(attempt, {2: answers[2]}, now=late)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.timed_out
    assert attempt.points == 1  # the answer saved in time counts, the late one was not saved
    assert attempt.questions.get(position=2).answer is None


def test_random_slots_draw_by_outcome_and_difficulty(module, outcome, learner):
    easy = [make_question("truefalse", outcomes=[outcome], difficulty=1) for _ in range(4)]
    make_question("truefalse", outcomes=[outcome], difficulty=3)
    quiz = make_quiz(module, random_slots=[("CM-SEC-01", 3, 1)])
    attempt, _ = attempts.start_attempt(quiz, learner)
    drawn = set(attempt.questions.values_list("version__question_id", flat=True))
    assert len(drawn) == 3 and drawn <= {q.pk for q in easy}


def test_an_answer_for_a_question_not_in_the_attempt_changes_nothing(quiz, learner):
    attempt, _ = attempts.start_attempt(quiz, learner)
    good = right_answers(attempt)
    with pytest.raises(attempts.AnswersRejected) as error:
        attempts.save_answers(attempt, {1: good[1], 99: "x"})
    assert "99" in error.value.errors
    assert not AttemptQuestion.objects.filter(attempt=attempt).exclude(answer=None).exists()


def test_numeric_1e309_is_refused_and_nothing_changes(quiz, learner):
    attempt, _ = attempts.start_attempt(quiz, learner)
    position = attempt.questions.get(version__qtype="numeric").position
    attempts.save_answers(attempt, {position: "480"})
    with pytest.raises(attempts.AnswersRejected) as error:
        attempts.save_answers(attempt, {position: "1e309"})
    assert "10^15" in str(error.value)
    assert attempt.questions.get(position=position).answer == "480"


@pytest.fixture
def quizzes_alone():
    """Mute other apps' receivers of quizzes' signals: the count below is quizzes' own."""
    saved = {s: (s.receivers, s.sender_receivers_cache.copy()) for s in (attempt_submitted, mastery_changed)}
    for s in saved:
        s.receivers = []
        s.sender_receivers_cache.clear()
    yield
    for s, (receivers, cache) in saved.items():
        s.receivers = receivers
        s.sender_receivers_cache.clear()


@pytest.mark.parametrize("qtype_cycle", [["single"], ["numeric", "matching", "ordering", "multiple", "short", "truefalse"]])
def test_submitting_20_questions_takes_a_fixed_number_of_queries(module, outcome, learner, qtype_cycle,
                                                                  django_assert_max_num_queries, quizzes_alone):
    other = OutcomeFactory_for(outcome)
    questions = [make_question(qtype_cycle[i % len(qtype_cycle)], outcomes=[outcome] if i % 2 else [outcome, other])
                 for i in range(20)]
    quiz = make_quiz(module, questions=questions)
    attempt, _ = attempts.start_attempt(quiz, learner)
    answers = right_answers(attempt)
    with django_assert_max_num_queries(9) as ctx:  # savepoint, lock, read, 2 updates, mastery read + upsert, release
        attempts.submit_attempt(attempt, answers=answers)
    attempt.refresh_from_db()
    assert attempt.points == 20
    # …and the same count for a quiz of 3 questions
    small = make_quiz(module, questions=questions[:3])
    attempt3, _ = attempts.start_attempt(small, learner)
    answers3 = right_answers(attempt3)
    with CaptureQueriesContext(connection) as ctx3:
        attempts.submit_attempt(attempt3, answers=answers3)
    assert len(ctx3.captured_queries) == len(ctx.captured_queries), ([q["sql"][:90] for q in ctx3.captured_queries], [q["sql"][:90] for q in ctx.captured_queries])


def OutcomeFactory_for(outcome):
    from tests.factories import OutcomeFactory

    return OutcomeFactory(code="ET-SEC-02", locale=outcome.locale)


def _flow_queries(module, outcome, learner, count):
    """Queries of start, save and submit of a ``count``-question quiz, with every app's receivers on."""
    kinds = ["single", "numeric", "matching", "ordering", "multiple", "short", "truefalse"]
    quiz = make_quiz(module, questions=[make_question(kinds[i % len(kinds)], outcomes=[outcome]) for i in range(count)])
    counts = {}
    with CaptureQueriesContext(connection) as ctx:
        attempt, created = attempts.start_attempt(quiz, learner)
    assert created
    counts["start"] = len(ctx)
    answers = right_answers(attempt)
    with CaptureQueriesContext(connection) as ctx:
        attempts.save_answers(attempt, answers)
    counts["save"] = len(ctx)
    with CaptureQueriesContext(connection) as ctx:
        attempt, newly = attempts.submit_attempt(attempt, answers=answers)
    assert newly and attempt.passed
    counts["submit"] = len(ctx)
    return counts


def test_start_save_and_submit_do_not_grow_with_the_number_of_questions(module, outcome, learner):
    _flow_queries(module, outcome, learner, 2)  # warm caches (content types, locales)
    five = _flow_queries(module, outcome, learner, 5)
    twenty = _flow_queries(module, outcome, learner, 20)
    assert five == twenty, (five, twenty)
    assert twenty["start"] <= 20 and twenty["save"] <= 8 and twenty["submit"] <= 30, twenty
