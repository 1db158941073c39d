"""The learning gain of tracks with a pre-test and a post-test feeds the impact
figures: average normalised gain per outcome, for groups of at least 10 learners,
with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact.services import MIN_GROUP, impact_figures
from tests.factories import OutcomeFactory, UserFactory, make_module
from tests.progress.test_tracks import make_track, take
from tests.quizzes.conftest import make_question, make_quiz


@pytest.fixture
def tests_of_a_track(catalog):
    water, data = OutcomeFactory(code="TT-SEC-02"), OutcomeFactory(code="TT-SEC-03")
    module = make_module(catalog, lessons=1, outcomes=[water, data])
    questions = [make_question("truefalse", outcomes=[water]), make_question("truefalse", outcomes=[data])]
    pre = make_quiz(module, questions=questions, title="Prueba inicial", shuffle_questions=False)
    post = make_quiz(module, questions=questions, title="Prueba final", shuffle_questions=False)
    make_track(catalog, [module], pre_test=pre, post_test=post)
    return pre, post


def learners_take(pre, post, n):
    for _ in range(n):
        learner = UserFactory()
        # Water: wrong before, right after (gain 1). Data: right before (no room to improve: left out).
        take(pre, learner, {"TT-SEC-03": True})
        take(post, learner, {"TT-SEC-02": True, "TT-SEC-03": True})


@pytest.mark.django_db
def test_average_normalised_gain_per_outcome_from_ten_learners(tests_of_a_track, client):
    pre, post = tests_of_a_track
    learners_take(pre, post, MIN_GROUP - 1)
    with CaptureQueriesContext(connection) as small:
        figures = impact_figures()
    assert figures["groups"]["gain"] == [] and figures["hidden"]["gain"] == 1
    learners_take(pre, post, 1)
    with CaptureQueriesContext(connection) as large:
        figures = impact_figures()
    assert len(small) == len(large)
    assert figures["groups"]["gain"] == [{"group": "TT-SEC-02", "learners": 10, "normalised_gain": 1.0}]
    html = client.get("/en/impact/").content.decode()
    assert "Learning gain by outcome" in html and "TT-SEC-02" in html and "100 %" in html
    body = b"".join(client.get("/en/impact/impact.csv").streaming_content).decode()
    assert "gain,TT-SEC-02,normalised_gain,1.0" in body


@pytest.fixture
def tests_of_a_module(catalog):
    """A module whose pre-test is compared with its quiz (the first quiz that is not the pre-test)."""
    water, data = OutcomeFactory(code="TT-SEC-02"), OutcomeFactory(code="TT-SEC-03")
    module = make_module(catalog, lessons=1, outcomes=[water, data])
    questions = [make_question("truefalse", outcomes=[water]), make_question("truefalse", outcomes=[data])]
    post = make_quiz(module, questions=questions, title="Cuestionario", shuffle_questions=False)
    pre = make_quiz(module, questions=questions, title="Prueba inicial", shuffle_questions=False, attempts_allowed=1)
    module.pre_test = pre
    module.save_revision().publish()
    return pre, post


@pytest.mark.django_db
def test_a_modules_pre_test_and_quiz_feed_the_gain_figures(tests_of_a_module):
    pre, post = tests_of_a_module
    learners_take(pre, post, MIN_GROUP)
    assert impact_figures()["groups"]["gain"] == [{"group": "TT-SEC-02", "learners": 10, "normalised_gain": 1.0}]
