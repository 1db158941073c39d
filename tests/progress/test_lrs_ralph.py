"""Statements reach a real LRS (Ralph on loopback) and are all there, none twice, after it
was down for part of the run. The forwarding runs as it does on a site: each step's
transaction commits, the on-commit hook enqueues the django-tasks task (the immediate
backend here), which sends the outbox."""

from django.core.management import call_command

from progress.models import LrsDelivery, LrsEndpoint, Statement
from tests.factories import UserFactory
from tests.progress.ralph_lrs import PASSWORD, USERNAME, ralph  # noqa: F401 - the fixture
from tests.progress.xapi_journey import make_track, steps


def test_a_learner_journey_reaches_ralph_with_none_rejected_after_it_was_down(ralph, catalog, settings,  # noqa: F811
                                                                            django_capture_on_commit_callbacks):
    settings.ALMA_LRS_RETRY_SECONDS = 0.05  # back-off doubles from here; the run stays short
    settings.WAGTAILADMIN_BASE_URL = "https://aula.example.org"
    endpoint = LrsEndpoint.objects.create(name="Ralph", url=ralph.url, username=USERNAME, password=PASSWORD, batch_size=5)
    learner = UserFactory()
    track, modules, quiz = make_track(catalog)
    journey = list(steps(learner, track, modules, quiz))
    assert len(journey) >= 8
    down_from, up_from = 2, len(journey) - 2  # Ralph is stopped for the middle of the journey

    attempted_while_down = 0
    for number, step in enumerate(journey):
        if number == down_from:
            ralph.stop()
            sent_before_it_stopped = Statement.objects.count()
        if number == up_from:
            # Everything recorded while it was down is waiting, nothing else.
            assert LrsDelivery.objects.filter(sent_at__isnull=True).count() == Statement.objects.count() - sent_before_it_stopped >= 5
            ralph.start()
        with django_capture_on_commit_callbacks(execute=True):
            step()
        endpoint.refresh_from_db()
        if down_from <= number < up_from:
            attempted_while_down += 1
            assert LrsDelivery.objects.filter(sent_at__isnull=True).exists()  # kept, not lost
            assert endpoint.failures >= 1 and endpoint.last_error  # and the endpoint backs off
    assert attempted_while_down >= 5

    call_command("flush_lrs_outbox", "--force")  # what the cron job runs: sends whatever is left
    ids = set(Statement.objects.values_list("id", flat=True))
    deliveries = LrsDelivery.objects.filter(endpoint=endpoint)
    assert deliveries.count() == len(ids) >= 15
    assert not deliveries.filter(sent_at__isnull=True).exists(), list(deliveries.values("error", "attempts"))
    assert not deliveries.exclude(error="").exists()  # 0 rejected
    endpoint.refresh_from_db()
    assert endpoint.failures == 0 and endpoint.last_sent_at is not None

    stored = ralph.statements()
    assert sorted(s["id"] for s in stored) == sorted(str(i) for i in ids)  # every one, each once
    kinds = {s["object"]["definition"]["type"].rsplit("/", 1)[1] for s in stored}
    assert kinds == {"course", "module", "lesson", "assessment", "certificate"}
    assert all(s["authority"] and s["stored"] for s in stored)  # set by the LRS, never sent by us

    # An answer lost on the way: the same statements sent again are not stored twice.
    deliveries.update(sent_at=None)
    call_command("flush_lrs_outbox")
    assert not deliveries.filter(sent_at__isnull=True).exists()
    assert len(ralph.statements()) == len(ids)
