"""The tests a track's certificate rests on: a limited number of attempts, and no
answer key after a failed attempt (see progress/rules.py)."""

from quizzes.models import ReviewWhen
from quizzes.rules import rules_for
from tests.factories import UserFactory, make_module
from tests.quizzes.conftest import make_question, make_quiz

from .test_tracks import make_track


def test_quizzes_of_a_tracks_modules_follow_the_tracks_rules(catalog):
    learner = UserFactory()
    module = make_module(catalog, title="Enseñar con datos", lessons=0)
    quiz = make_quiz(module, questions=[make_question("truefalse")])
    strict = make_quiz(module, questions=[make_question("truefalse")], title="Otro", attempts_allowed=1)
    elsewhere = make_quiz(make_module(catalog, title="Fuera", lessons=0), questions=[make_question("truefalse")])
    assert rules_for(quiz, learner)["attempts_allowed"] == 0  # no limit before it belongs to a track

    make_track(catalog, [module], test_attempts_allowed=3)
    rules = rules_for(quiz, learner)
    assert rules["attempts_allowed"] == 3
    assert rules["answers_when"] == rules["feedback_when"] == ReviewWhen.AFTER_PASSED_OR_LAST
    assert rules_for(strict, learner)["attempts_allowed"] == 1  # the quiz's own lower limit stays
    assert rules_for(elsewhere, learner)["answers_when"] == ReviewWhen.AFTER_SUBMISSION


def test_the_pre_and_post_tests_follow_the_tracks_rules(catalog):
    module = make_module(catalog, title="Enseñar minería", lessons=0)
    other = make_module(catalog, title="Pruebas", lessons=0)
    pre = make_quiz(other, questions=[make_question("truefalse")], title="Prueba de entrada")
    make_track(catalog, [module], pre_test=pre, test_attempts_allowed=2)
    assert rules_for(pre, UserFactory())["attempts_allowed"] == 2
