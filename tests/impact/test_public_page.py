"""The public impact page (issue #13): linked for everyone, figures as the page's
language writes them, a "last updated" date, and demo data that shows figures."""

from datetime import datetime, timezone as dt_timezone

import pytest
from django.core.cache import cache
from django.core.management import call_command

from accounts.models import User
from impact.demo import PREFIX
from impact.services import MIN_GROUP, impact_figures
from progress import lesson_progress
from progress.models import Statement
from tests.factories import UserFactory, make_module


@pytest.fixture(autouse=True)
def fresh_figures():
    cache.delete("impact:figures")
    yield
    cache.delete("impact:figures")


@pytest.fixture
def lesson(site_pages):
    return make_module(site_pages["catalog"]["es"], lessons=1).get_children().specific().first()


def learners(lesson, n, country, language="es"):
    for _ in range(n):
        user = UserFactory(country=country)
        lesson_progress.complete_lesson(user, lesson)
        Statement.objects.filter(user=user).update(locale=language, timestamp=datetime(2026, 7, 14, 12, tzinfo=dt_timezone.utc))


@pytest.mark.django_db
def test_every_visitor_finds_the_dashboard_in_the_header_and_footer(client, site_pages):
    html = client.get("/es/").content.decode()
    assert html.count('href="/es/impact/"') == 2  # the header link and the footer's "Open data"


@pytest.mark.django_db
def test_languages_months_and_last_updated_in_the_pages_language(lesson, client):
    learners(lesson, MIN_GROUP, "CL", "es")
    learners(lesson, MIN_GROUP, "BR", "pt")
    es = client.get("/es/impact/").content.decode()
    assert '<th scope="row">Español</th>' in es and '<th scope="row">Portugués</th>' in es
    assert '<th scope="row">julio de 2026</th>' in es
    assert 'Última actualización: <time class="nowrap" datetime="2026-07-14">14 de julio de 2026</time>' in es
    assert "Privacidad: la regla de los grupos pequeños" in es
    assert '<th scope="row">Chile · no indicado</th>' in es  # no region: said in words, not "—"
    assert client.get("/api/v1/impact/").json()["updated"] == "2026-07-14"
    cache.delete("impact:figures")
    pt = client.get("/pt/impact/").content.decode()
    assert '<th scope="row">Português</th>' in pt and '<th scope="row">Espanhol</th>' in pt
    assert "14 de Julho de 2026" in pt or "14 de julho de 2026" in pt


@pytest.mark.django_db
def test_tables_scroll_inside_their_own_labelled_region(lesson, client):
    learners(lesson, MIN_GROUP, "CL")
    html = client.get("/en/impact/").content.decode()
    assert '<div class="table-wrap" role="region" aria-labelledby="impact-country-title" tabindex="0">' in html
    assert 'id="impact-country-title"' in html
    assert html.count('class="chart-scroll"') == 2 and "<summary>Data table</summary>" in html


@pytest.mark.django_db
def test_outcomes_are_named_by_their_statement_in_the_pages_language(lesson, client):
    from django.utils import timezone

    from quizzes.models import OutcomeMastery
    from tests.factories import OutcomeFactory

    OutcomeFactory(code="AG-SEC-01", statement="Explica la huella hídrica del cobre.")
    for user in [UserFactory() for _ in range(MIN_GROUP)]:
        OutcomeMastery.objects.create(user=user, outcome_code="AG-SEC-01", mastered=True, updated_at=timezone.now())
    html = client.get("/es/impact/").content.decode()
    assert '<th scope="row">AG-SEC-01 · Explica la huella hídrica del cobre.</th>' in html


@pytest.mark.django_db
def test_no_last_updated_date_while_the_totals_are_withheld(lesson, client):
    learners(lesson, MIN_GROUP - 1, "CL")
    assert impact_figures()["updated"] is None
    html = client.get("/en/impact/").content.decode()
    assert "Last updated: no figures are published yet." in html and "<time" not in html


@pytest.mark.django_db
def test_demo_accounts_bring_demo_learners_whose_groups_pass_the_rule(site_pages, settings):
    for slug in ("critical-minerals-energy-transition", "minerals-in-everyday-life"):
        make_module(site_pages["catalog"]["es"], slug=slug, lessons=2)
        make_module(site_pages["catalog"]["pt"], slug=slug, lessons=2)
    settings.ALMA_DEMO_ACCOUNTS = True
    call_command("create_demo_accounts")
    demo = User.objects.filter(username__startswith=PREFIX)
    assert demo.count() >= 3 * MIN_GROUP and not any(user.has_usable_password() for user in demo)
    figures = impact_figures()
    shown = {row["group"] for row in figures["groups"]["country"]}
    assert {"CL", "PE", "BR"} <= shown and figures["hidden"]["country"] >= 2
    assert figures["totals"]["learners"] == demo.count() and figures["updated"] is not None
    call_command("create_demo_accounts")  # a second `make run` adds nothing
    assert User.objects.filter(username__startswith=PREFIX).count() == demo.count()
