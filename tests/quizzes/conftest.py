"""Factories for the question bank and quizzes (pages made the Wagtail way)."""

import uuid

import pytest

from curriculum.models import Level
from quizzes.models import Question, QuizPage, QuizSlot
from tests.factories import OutcomeFactory, UserFactory, locale, make_module, publish

SAMPLES = {
    "single": {"type": "single", "prompt": "¿Qué metal conduce mejor la electricidad en los cables?", "choices": [
        {"text": "Cobre", "fraction": 1, "feedback": "Correcto: el cobre es el conductor de los cables."},
        {"text": "Hierro", "fraction": 0, "feedback": "El hierro conduce peor."},
        {"text": "Litio", "fraction": 0}]},
    "multiple": {"type": "multiple", "prompt": "¿Cuáles son minerales críticos?", "choices": [
        {"text": "Litio", "fraction": 0.5}, {"text": "Cobalto", "fraction": 0.5},
        {"text": "Arena común", "fraction": -1, "feedback": "La arena no es crítica."}]},
    "truefalse": {"type": "truefalse", "prompt": "Chile es el mayor productor de cobre.", "answer": True,
                  "feedback_right": "Así es.", "feedback_wrong": "Revisa la tabla del USGS."},
    "numeric": {"type": "numeric", "prompt": "Una mina procesa 80 000 t de mineral al 0,6 % Cu: ¿cuántas toneladas de cobre?",
                "unit": "t", "answers": [{"value": 480, "tolerance": 0.01, "relative": True, "fraction": 1,
                                          "feedback": "Exacto: 80 000 × 0,006."}]},
    "short": {"type": "short", "prompt": "¿Qué metal se extrae de la salmuera de los salares andinos?", "fold_accents": True,
              "answers": [{"text": "espodumenita-litio", "fraction": 1}], "general_feedback": "Salmuera y litio."},
    "matching": {"type": "matching", "prompt": "Une cada símbolo con su elemento.", "pairs": [
        {"left": "Cu", "right": "Cobre"}, {"left": "Li", "right": "Litio"}], "distractors": ["Oro"]},
    "ordering": {"type": "ordering", "prompt": "Ordena las etapas.", "items": [
        {"text": "Extracción"}, {"text": "Chancado"}, {"text": "Flotación"}]},
    # Cloze text in Moodle's syntax (docs.moodle.org, "Embedded Answers (Cloze) question type").
    "cloze": {"type": "cloze", "prompt": (
        "En un tranque moderno, los {2:SHORTANSWER:=relaves-espesados#Bien: ahorran agua.} se depositan con "
        "menos agua; la planta recupera el {1:NUMERICAL:=95.5:0.5#Cerca del 95,5 % del agua.} % del agua "
        "y la lleva {1:MULTICHOICE:=de vuelta a la planta#Así se recircula.~al río~al mar}.")},
}


def make_question(qtype="single", *, outcomes=(), lang="es", difficulty=2, title=None, **overrides):
    question = Question(title=title or f"{qtype} {uuid.uuid4().hex[:6]}", locale=locale(lang), difficulty=difficulty)
    question.set_definition({**SAMPLES[qtype], **overrides})
    question.save()
    question.outcomes.set(list(outcomes))
    question.save()
    return question


def make_quiz(module, *, questions=(), random_slots=(), title="Cuestionario", **rules):
    quiz = QuizPage(title=title, slug=f"quiz-{uuid.uuid4().hex[:8]}", locale=module.locale, **rules)
    # An explicit sort_order, as the editor gives it: equal ones leave the order to the database.
    for position, question in enumerate(questions):
        quiz.slots.add(QuizSlot(question=question, points=1, sort_order=position))
    for position, (code, count, difficulty) in enumerate(random_slots, len(questions)):
        quiz.slots.add(QuizSlot(outcome_code=code, count=count, difficulty=difficulty, sort_order=position))
    return publish(module, quiz)


@pytest.fixture
def outcome(db):
    return OutcomeFactory(code="CM-SEC-01", level=Level.SECONDARY)


@pytest.fixture
def module(catalog, outcome):
    return make_module(catalog, lessons=0, outcomes=[outcome])


@pytest.fixture
def learner(db):
    return UserFactory(username="ana")


@pytest.fixture
def other_learner(db):
    return UserFactory(username="beto")


@pytest.fixture
def all_types(outcome):
    return [make_question(t, outcomes=[outcome]) for t in SAMPLES]


@pytest.fixture
def quiz(module, all_types):
    return make_quiz(module, questions=all_types, shuffle_questions=False)


