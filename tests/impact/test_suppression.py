"""Small groups stay hidden even against subtraction (issue #12): the totals minus
the shown groups must never give one hidden group's figures."""

import random

import pytest
from django.contrib.auth.models import Group

from accounts.models import Role
from impact.services import MIN_GROUP, impact_figures, suppress
from progress import lesson_progress
from progress.models import Certificate
from tests.factories import InstitutionFactory, UserFactory

from .test_dashboard import learners_complete, lesson  # noqa: F401  (fixture)


def possible_sizes(hidden_count: int, hidden_sum: int, upper: int) -> set[int]:
    """Every size one hidden group can have, given what is published: how many groups are
    hidden, their sum (total − shown) and that none exceeds ``upper`` (the smallest shown group)."""
    values = range(1, upper + 1)
    others = {0}  # every sum the other hidden groups can reach together
    for _ in range(hidden_count - 1):
        others = {s + v for s in others for v in values if s + v < hidden_sum}
    return {v for v in values if hidden_sum - v in others}


def assert_underivable(rows, shown, hidden_count):
    if sum(r["learners"] for r in rows) < MIN_GROUP:
        return  # the total itself is withheld
    hidden_sum = sum(r["learners"] for r in rows) - sum(r["learners"] for r in shown)
    assert hidden_count != 1, "a single hidden group equals the total minus the shown ones"
    if hidden_count:
        assert hidden_sum >= MIN_GROUP
        upper = min((r["learners"] for r in shown), default=hidden_sum)
        assert len(possible_sizes(hidden_count, hidden_sum, upper)) > 1


def test_one_small_group_hides_the_next_smallest_too():
    rows = [{"group": "CL", "learners": 40}, {"group": "PE", "learners": 12}, {"group": "BO", "learners": 3}]
    shown, hidden = suppress(rows)
    assert [r["group"] for r in shown] == ["CL"] and hidden == 2


def test_small_groups_that_add_up_to_less_than_the_minimum_are_topped_up():
    rows = [{"group": g, "learners": n} for g, n in [("a", 2), ("b", 3), ("c", 11), ("d", 15), ("e", 50)]]
    shown, hidden = suppress(rows)
    assert [r["group"] for r in shown] == ["d", "e"] and hidden == 3


def test_many_hidden_groups_of_one_learner_are_not_pinned():
    # Ten hidden groups adding up to 10 could only be ten groups of one learner each.
    rows = [{"group": str(i), "learners": 1} for i in range(10)] + [{"group": "big", "learners": 12}]
    shown, hidden = suppress(rows)
    assert shown == [] and hidden == 11
    assert_underivable(rows, shown, hidden)


def test_no_hidden_group_can_be_derived_in_random_tables():
    rng = random.Random(12)
    for _ in range(400):
        rows = [{"group": str(i), "learners": rng.choice([1, 2, 3, 5, 8, 9, 10, 11, 14, 25, 60])}
                for i in range(rng.randint(1, 5))]
        shown, hidden = suppress(rows)
        assert all(r["learners"] >= MIN_GROUP for r in shown)
        assert hidden == len(rows) - len(shown)
        assert_underivable(rows, shown, hidden)


@pytest.mark.django_db
def test_every_dimension_resists_subtraction_on_the_page_api_and_csv(lesson, client):  # noqa: F811
    north = InstitutionFactory(country="CL", region="Antofagasta")
    south = InstitutionFactory(country="CL", region="Magallanes")
    for institution, n in ((north, 25), (south, 4)):
        for _ in range(n):
            lesson_progress.complete_lesson(UserFactory(country="CL", institution=institution), lesson)
    learners_complete(lesson, 14, "PE")
    learners_complete(lesson, 3, "BO")
    figures = impact_figures()
    totals = figures["totals"]
    assert totals["learners"] == 46
    countries = {r["group"]: r for r in figures["groups"]["country"]}
    assert set(countries) == {"CL"} and figures["hidden"]["country"] == 2
    # BO alone would have been 46 − 29 − 14 = 3 learners and 3 lessons.
    for metric in ("learners", "lessons_completed"):
        assert totals[metric] - sum(r[metric] for r in countries.values()) == 17
    # Regions inside Chile: Magallanes alone would be Chile's 29 − Antofagasta's 25.
    regions = {r["group"]: r["learners"] for r in figures["groups"]["region"]}
    assert "CL · Magallanes" not in regions and "CL · Antofagasta" not in regions
    assert not any(key.startswith(("PE", "BO")) for key in regions)
    for dimension, rows in figures["groups"].items():
        assert figures["hidden"][dimension] != 1, dimension
    assert client.get("/api/v1/impact/").json()["groups"]["country"] == [countries["CL"]]
    body = b"".join(client.get("/en/impact/impact.csv").streaming_content).decode()
    assert ",PE," not in body and ",BO," not in body and "Magallanes" not in body


@pytest.mark.django_db
def test_certified_teachers_withheld_when_the_other_certified_learners_are_few(lesson):  # noqa: F811
    teachers = Group.objects.get_or_create(name=Role.TEACHER)[0]
    for n in range(13):
        user = UserFactory()
        if n < 10:
            user.groups.add(teachers)
        lesson_progress.complete_lesson(user, lesson)
    assert Certificate.objects.count() == 13
    totals = impact_figures()["totals"]
    # 13 − 10 would reveal the 3 certified learners who are not teachers.
    assert totals["certified_learners"] == 13 and totals["certified_teachers"] is None
