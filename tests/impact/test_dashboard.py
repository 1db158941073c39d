"""The public impact dashboard shows only groups of at least 10 learners,
with a fixed number of queries whatever the number of learners."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact.services import MIN_GROUP, impact_figures
from progress import lesson_progress
from tests.factories import UserFactory, make_module


def learners_complete(lesson, n, country):
    for _ in range(n):
        user = UserFactory(country=country)
        lesson_progress.complete_lesson(user, lesson)


@pytest.fixture
def lesson(site_pages):
    module = make_module(site_pages["catalog"]["es"], lessons=1)
    return module.get_children().specific().first()


@pytest.mark.django_db
def test_groups_under_ten_are_hidden_and_shown_at_ten(lesson, client):
    learners_complete(lesson, MIN_GROUP - 1, "PE")
    learners_complete(lesson, 3, "BO")
    learners_complete(lesson, MIN_GROUP, "CL")
    figures = impact_figures()
    countries = {row["group"]: row for row in figures["groups"]["country"]}
    assert "PE" not in countries and figures["hidden"]["country"] == 2
    assert countries["CL"]["learners"] == 10 and countries["CL"]["lessons_completed"] == 10
    assert figures["totals"]["learners"] == 22
    html = client.get("/en/impact/").content.decode()
    assert "at least 10 learners" in html and "2 groups are hidden" in html and "next smallest groups" in html
    assert "<th scope=\"row\">Chile</th>" in html and "Peru" not in html
    body = b"".join(client.get("/en/impact/impact.csv").streaming_content).decode()
    assert "country,CL,learners,10" in body and ",PE," not in body
    api = client.get("/api/v1/impact/").json()
    assert [row["group"] for row in api["groups"]["country"]] == ["CL"]


@pytest.mark.django_db
def test_nothing_shown_below_the_threshold(lesson):
    learners_complete(lesson, 3, "BO")
    figures = impact_figures()
    assert figures["totals"]["learners"] is None and figures["groups"]["country"] == []


@pytest.mark.django_db
def test_query_count_does_not_grow_with_learners(lesson):
    learners_complete(lesson, 10, "CL")
    with CaptureQueriesContext(connection) as small:
        impact_figures()
    learners_complete(lesson, 25, "PE")
    with CaptureQueriesContext(connection) as large:
        impact_figures()
    assert len(small) == len(large) <= 13


@pytest.mark.django_db
def test_region_and_theme_mastery(lesson, client):
    from django.utils import timezone

    from quizzes.models import OutcomeMastery
    from tests.factories import InstitutionFactory, OutcomeFactory, ThemeFactory

    school = InstitutionFactory(country="CL", region="Antofagasta")
    theme = ThemeFactory(code="AGUA", name="Water")
    outcome = OutcomeFactory(code="AG-SEC-01")
    outcome.themes.add(theme)
    outcome.save()  # a ParentalManyToManyField is written on save
    users = [UserFactory(country="CL", institution=school) for _ in range(MIN_GROUP)]
    for n, user in enumerate(users):
        lesson_progress.complete_lesson(user, lesson)
        OutcomeMastery.objects.create(user=user, outcome_code="AG-SEC-01", mastered=n < 4, updated_at=timezone.now())
    figures = impact_figures()
    assert [(r["group"], r["learners"]) for r in figures["groups"]["region"]] == [("CL · Antofagasta", 10)]
    assert figures["groups"]["theme"] == [{"group": "AGUA", "learners": 10, "mastery_rate": 0.4}]
    html = client.get("/en/impact/").content.decode()
    assert "By region" in html and "Chile · Antofagasta" in html
    assert "Mastery by theme" in html and "40 %" in html
