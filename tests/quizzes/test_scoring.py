"""Scoring is pure: property tests (hypothesis) and the rules an author expects."""

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes import definition as qd
from quizzes.scoring import score

SINGLE = qd.normalise({"type": "single", "prompt": "¿Cuál?", "choices": [
    {"text": "Cobre", "fraction": 1, "feedback": "¡Bien!"},
    {"text": "Oro", "fraction": 0, "feedback": "No: el oro no."},
    {"text": "Arena", "fraction": -0.5}]})
MULTIPLE = qd.normalise({"type": "multiple", "prompt": "Elige", "choices": [
    {"text": "Litio", "fraction": 0.5}, {"text": "Cobalto", "fraction": 0.5},
    {"text": "Arena", "fraction": -1, "feedback": "La arena no es crítica."}]})
TF = qd.normalise({"type": "truefalse", "prompt": "El cobre conduce.", "answer": True,
                   "feedback_right": "Sí", "feedback_wrong": "Revisa"})
NUMERIC = qd.normalise({"type": "numeric", "prompt": "80 000 t de mineral al 0,6 % Cu: ¿cuántas t de cobre?",
                        "unit": "t", "answers": [
                            {"value": 480, "tolerance": 0.01, "relative": True, "fraction": 1, "feedback": "Exacto"},
                            {"kind": "range", "min": 400, "max": 500, "fraction": 0.5, "feedback": "Cerca"}]})
SHORT = qd.normalise({"type": "short", "prompt": "Metal del salar", "fold_accents": True,
                      "answers": [{"text": "litio", "fraction": 1}, {"text": "Li", "fraction": 0.5}]})
MATCHING = qd.normalise({"type": "matching", "prompt": "Une", "pairs": [
    {"left": "Cu", "right": "Cobre"}, {"left": "Li", "right": "Litio"}, {"left": "Co", "right": "Cobalto"}],
    "distractors": ["Oro"]})
ORDERING = qd.normalise({"type": "ordering", "prompt": "Ordena", "items": [
    {"text": "Extracción"}, {"text": "Chancado"}, {"text": "Flotación"}, {"text": "Fundición"}]})
ALL = [SINGLE, MULTIPLE, TF, NUMERIC, SHORT, MATCHING, ORDERING]


def test_every_sample_definition_is_valid():
    for d in ALL:
        assert qd.validate(d) == [], d["type"]


def test_single_choice_gives_the_choice_weight_and_its_feedback():
    right, wrong, penalised = (c["id"] for c in SINGLE["choices"])
    assert score(SINGLE, right).correct and score(SINGLE, right).feedback == ("¡Bien!",)
    assert score(SINGLE, wrong).points == 0 and score(SINGLE, wrong).feedback == ("No: el oro no.",)
    assert score(SINGLE, penalised).points == 0  # never below zero


def test_multiple_choice_partial_credit_and_penalty():
    li, co, sand = (c["id"] for c in MULTIPLE["choices"])
    assert score(MULTIPLE, [li]).points == 0.5
    assert score(MULTIPLE, [li, co]).correct
    assert score(MULTIPLE, [li, co, sand]).points == 0
    assert score(MULTIPLE, [li, li, li]).points == 0.5  # a repeated pick counts once


def test_true_false_feedback_depends_on_the_pick():
    assert score(TF, True).feedback == ("Sí",) and score(TF, "false").feedback == ("Revisa",)


@pytest.mark.parametrize("answer, points", [
    ("480", 1), ("480 t", 1), ("484,5", 1), ("4.8e2", 1), ("450", 0.5), ("80 000", 0), ("1e309", 0), ("abc", 0),
    ("nan", 0), ("-inf", 0), (480, 1), (float("nan"), 0),
])
def test_numeric_tolerance_ranges_and_units(answer, points):
    assert score(NUMERIC, answer).points == points


def test_numeric_unit_required():
    d = dict(NUMERIC, unit_required=True)
    assert score(d, "480").points == 0 and score(d, "480 t").points == 1


@pytest.mark.parametrize("answer, points", [("litio", 1), ("  LÍTIO ", 1), ("Lítio", 1), ("li", 0.5), ("sodio", 0)])
def test_short_text_folds_case_and_accents(answer, points):
    assert score(SHORT, answer).points == points


def test_short_text_without_accent_folding_is_strict_on_accents():
    d = dict(SHORT, fold_accents=False)
    assert score(d, "lítio").points == 0 and score(d, "LITIO").points == 1


def test_matching_and_ordering_give_partial_credit():
    pairs = MATCHING["pairs"]
    answer = {pairs[0]["id"]: "Cobre", pairs[1]["id"]: "Litio", pairs[2]["id"]: "Oro"}
    assert score(MATCHING, answer).fraction == pytest.approx(2 / 3)
    ids = [it["id"] for it in ORDERING["items"]]
    assert score(ORDERING, ids).correct
    assert score(ORDERING, [ids[1], ids[0], ids[2], ids[3]]).fraction == 0.5
    assert score(dict(ORDERING, grading="all"), [ids[1], ids[0], ids[2], ids[3]]).points == 0


def test_public_view_holds_no_answer_key():
    for d in ALL:
        view = qd.public_view(d, qd.shuffled_order(d, 7))
        text = repr(view)
        assert "fraction" not in text and "feedback" not in text
    assert "480" not in repr(qd.public_view(NUMERIC)) and "litio" not in repr(qd.public_view(SHORT))


def test_ordering_is_shown_in_any_order_the_right_one_included():
    """Ruling the right order out gave the key away: two items always came reversed."""
    two = qd.normalise({"type": "ordering", "prompt": "Ordena", "items": [{"text": "Extracción"}, {"text": "Fundición"}]})
    ids = tuple(it["id"] for it in two["items"])
    shown = Counter(tuple(qd.shuffled_order(two, seed)) for seed in range(400))
    assert set(shown) == {ids, ids[::-1]}
    assert 150 < shown[ids] < 250  # even odds: the order shown says nothing about the key
    assert len({tuple(qd.shuffled_order(ORDERING, seed)) for seed in range(2000)}) == 24  # every order of four items


def test_clean_answer_rejects_hostile_values_with_a_message():
    with pytest.raises(qd.AnswerError, match="too large"):
        qd.clean_answer(NUMERIC, "1e309")
    with pytest.raises(qd.AnswerError):
        qd.clean_answer(SINGLE, "not-a-choice")
    with pytest.raises(qd.AnswerError):
        qd.clean_answer(SHORT, "x" * 5000)
    assert qd.clean_answer(NUMERIC, " 480 t ") == "480 t"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(d=st.sampled_from(ALL), answer=json_values)
def test_score_never_raises_and_stays_within_bounds(d, answer):
    result = score(d, answer)
    assert 0 <= result.points <= result.max_points
    assert math.isfinite(result.points)


@settings(max_examples=200, deadline=None)
@given(d=st.sampled_from(ALL), ids=st.data())
def test_score_bounds_with_plausible_answers(d, ids):
    choice_ids = [c["id"] for c in d.get("choices", [])] + [it["id"] for it in d.get("items", [])]
    answer = ids.draw(st.lists(st.sampled_from(choice_ids or ["x"]), max_size=6) | st.text(max_size=8)
                      | st.dictionaries(st.sampled_from([p["id"] for p in d.get("pairs", [])] or ["x"]),
                                        st.sampled_from(qd.right_options(d) or ["x"])))
    result = score(d, answer)
    assert 0 <= result.points <= result.max_points


@settings(max_examples=200, deadline=None)
@given(definition=json_values | st.dictionaries(st.sampled_from(["type", "choices", "answers", "points", "pairs", "items"]),
                                                 json_values), answer=json_values)
def test_score_survives_malformed_definitions(definition, answer):
    result = score(definition, answer)
    assert 0 <= result.points <= result.max_points


@settings(max_examples=200, deadline=None)
@given(d=st.sampled_from(ALL), raw=json_values)
def test_clean_answer_only_raises_answer_error(d, raw):
    try:
        cleaned = qd.clean_answer(d, raw)
    except qd.AnswerError:
        return
    assert 0 <= score(d, cleaned).points <= score(d, cleaned).max_points
