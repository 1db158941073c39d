"""A school server's learning records sent up to another ALMA: the receiving endpoint (in process) and
``manage.py sync_records`` against another ALMA in a subprocess (tests/progress/national_alma.py), interrupted
half-way and run again: nothing lost, nothing twice."""

import uuid

import pytest
import requests
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from requests.adapters import HTTPAdapter
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from progress.models import RecordSyncCursor, Statement, Verb
from progress.record_sync import send_records
from progress.xapi import actor_pseudonym, statement_fields, statement_to_xapi
from tests.factories import UserFactory
from tests.progress.national_alma import national_alma  # noqa: F401 - the fixture
from tests.progress.ralph_lrs import free_port
from tests.progress.xapi_journey import make_track, steps

SYNC = "/api/v1/records/sync/"
COLUMNS = ["verb", "object_type", "object_key", "object_title", "success", "completion", "duration_seconds", "locale",
           "timestamp", "registration", "context_activities"]


@pytest.fixture
def journey(catalog, settings):
    """Every kind of statement a learner makes (enrolled, viewed, completed, passed or failed, earned)."""
    settings.WAGTAILADMIN_BASE_URL = "https://escuela-17.example.org"
    learner = UserFactory()
    track, modules, quiz = make_track(catalog)
    for step in steps(learner, track, modules, quiz):
        step()
    statements = list(Statement.objects.order_by("stored", "id"))
    assert {Verb.REGISTERED, Verb.COMPLETED, Verb.EARNED} <= {s.verb for s in statements}
    return statements


def sender_client(permitted=True):
    user = UserFactory()
    if permitted:
        user.user_permissions.add(Permission.objects.get(codename="send_school_records"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def sent_elsewhere(statements):
    """The statements as another ALMA sent them, gone from this database (which plays the national one)."""
    payload = [statement_to_xapi(s) for s in statements]
    Statement.objects.filter(pk__in=[s.pk for s in statements]).delete()
    return payload


def test_a_statement_read_back_from_xapi_has_the_columns_it_was_made_from(journey):
    for statement in journey:
        fields = statement_fields(statement_to_xapi(statement))
        assert fields["id"] == statement.id
        assert fields["actor_pseudonym"] == actor_pseudonym(
            {"homePage": "https://escuela-17.example.org", "name": str(statement.user_id)})
        for column in COLUMNS:
            expected = getattr(statement, column)
            if column == "timestamp":
                expected = expected.replace(microsecond=expected.microsecond // 1000 * 1000)
            assert fields[column] == expected, (statement.verb, column)


def test_the_endpoint_stores_new_statements_and_counts_known_ones_as_duplicates(journey):
    payload = sent_elsewhere(journey)
    client = sender_client()
    first = client.post(SYNC, {"statements": payload[:3]}, format="json")
    assert first.status_code == 200 and first.json() == {"accepted": 3, "duplicates": 0}
    again = client.post(SYNC, {"statements": payload}, format="json")
    assert again.json() == {"accepted": len(payload) - 3, "duplicates": 3}
    assert client.post(SYNC, {"statements": payload}, format="json").json() == {"accepted": 0, "duplicates": len(payload)}
    stored = Statement.objects.filter(pk__in=[s.pk for s in journey])
    assert stored.count() == len(journey)
    assert {s.user_id for s in stored} == {None}  # the school's learner is a pseudonym here, never a local account
    assert len({s.actor_pseudonym for s in stored}) == 1


def test_a_known_id_with_other_content_is_refused_and_nothing_of_the_batch_is_stored(journey):
    payload = sent_elsewhere(journey[:3])
    client = sender_client()
    client.post(SYNC, {"statements": payload[:1]}, format="json")
    changed = {**payload[0], "timestamp": "2020-01-01T00:00:00.000+00:00"}
    answer = client.post(SYNC, {"statements": [payload[1], changed]}, format="json")
    assert answer.status_code == 409 and answer.json()["conflicts"] == [payload[0]["id"]]
    assert not Statement.objects.filter(pk=payload[1]["id"]).exists()


def test_a_malformed_statement_is_a_400_naming_it_and_its_part(journey):
    payload = sent_elsewhere(journey[:2])
    bad = {**payload[1], "verb": {"id": "http://example.com/verbs/hacked"}}
    answer = sender_client().post(SYNC, {"statements": [payload[0], bad]}, format="json")
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("statements[1]: verb:")
    assert Statement.objects.count() == len(journey) - 2


def test_only_a_token_with_the_permission_may_send(journey):
    payload = sent_elsewhere(journey[:1])
    assert sender_client(permitted=False).post(SYNC, {"statements": payload}, format="json").status_code == 403
    assert APIClient().post(SYNC, {"statements": payload}, format="json").status_code == 401
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert wrong.post(SYNC, {"statements": payload}, format="json").status_code == 401
    assert not Statement.objects.filter(pk=payload[0]["id"]).exists()


class Interrupted(HTTPAdapter):
    """The connection breaks on the request numbered ``on``: before it reaches the server, or after the server
    answered (the answer is lost)."""

    def __init__(self, on: int, after_the_server_answered: bool):
        super().__init__()
        self.on, self.after, self.count = on, after_the_server_answered, 0

    def send(self, request, **kwargs):
        self.count += 1
        if self.count == self.on and not self.after:
            raise requests.ConnectionError("the school's connection dropped")
        answer = super().send(request, **kwargs)
        if self.count == self.on:
            raise requests.ConnectionError("the school's connection dropped before the answer came")
        return answer


def session_with(adapter):
    session = requests.Session()
    session.mount("http://", adapter)
    return session


@pytest.mark.parametrize("after_the_server_answered", [False, True])
def test_an_interrupted_sync_run_again_sends_everything_exactly_once(journey, national_alma, after_the_server_answered):  # noqa: F811
    already = set(national_alma.statement_ids())
    ids = [s.id.hex for s in journey]
    with pytest.raises(Exception, match="Could not reach .* batch 2"):
        send_records(national_alma.url, national_alma.token, batch=3,
                     session=session_with(Interrupted(2, after_the_server_answered)))
    cursor = RecordSyncCursor.objects.get()
    assert (cursor.last_id, cursor.sent) == (journey[2].id, 3)  # after batch 1, the only one answered
    received = set(national_alma.statement_ids()) - already
    assert received == set(ids[:6] if after_the_server_answered else ids[:3])

    reports = []
    send_records(national_alma.url, national_alma.token, batch=3, on_batch=reports.append)
    after = national_alma.statement_ids()
    assert len(after) == len(set(after))
    assert set(after) - already == set(ids)
    assert sum(r.accepted for r in reports) == len(ids) - len(received)
    assert reports[0].duplicates == (3 if after_the_server_answered else 0)
    assert RecordSyncCursor.objects.get().sent == len(ids) and reports[-1].left == 0

    send_records(national_alma.url, national_alma.token, batch=3, on_batch=reports.append)  # nothing new: no request
    assert national_alma.statement_ids() == after


def test_the_command_reports_each_batch_and_says_clearly_what_went_wrong(journey, national_alma, capsys):  # noqa: F811
    with pytest.raises(CommandError, match="refused the token \\(401\\).*Can send school records"):
        call_command("sync_records", "--to", national_alma.url, "--token", "wrong-token")
    with pytest.raises(CommandError, match="Could not reach http://127.0.0.1:\\d+/api/v1/records/sync/"):
        call_command("sync_records", "--to", f"http://127.0.0.1:{free_port()}/", "--token", "t")
    with pytest.raises(CommandError, match="'national.example' is not a web address"):
        call_command("sync_records", "--to", "national.example", "--token", "t")
    with pytest.raises(CommandError, match="--batch must be between 1 and 2000"):
        call_command("sync_records", "--to", national_alma.url, "--token", "t", "--batch", "0")
    assert RecordSyncCursor.objects.filter(last_id__isnull=False).count() == 0

    # No learner and no pseudonym (an account removed from the admin): no actor to name, so it stays here.
    orphan = Statement.objects.create(user=None, verb=Verb.EXPERIENCED, object_type="lesson", object_key=uuid.uuid4(),
                                      object_title="Lección", locale="es")
    call_command("sync_records", "--to", national_alma.url.rstrip("/"), "--token", national_alma.token, "--batch", "4")
    assert orphan.id.hex not in national_alma.statement_ids()
    out = capsys.readouterr().out
    batches = -(-len(journey) // 4)
    assert f"batch {batches}: " in out and f"{len(journey)} statements sent in all" in out
    assert f"batch {batches + 1}:" not in out


def test_a_statement_id_is_a_uuid_or_the_batch_is_refused(journey):
    payload = sent_elsewhere(journey[:1])
    answer = sender_client().post(SYNC, {"statements": [{**payload[0], "id": str(uuid.uuid4())[:8]}]}, format="json")
    assert answer.status_code == 400 and "statements[0]: id: not a UUID" in answer.json()["detail"]


def test_an_administrator_gives_the_permission_to_a_group_in_wagtails_settings(client, site_pages):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get("/admin/groups/new/").content.decode()
    permission = Permission.objects.get(codename="send_school_records")
    assert f'value="{permission.pk}"' in html and "Puede enviar registros escolares" in html  # the admin speaks Spanish here


def test_an_attempts_statement_id_is_its_own_on_every_server():
    """Two school servers each have an attempt 1: their statements must not share an id at the national one."""
    from datetime import datetime, timezone

    from progress.receivers import attempt_statement_id
    from quizzes.models import Attempt

    here = Attempt(pk=1, started_at=datetime(2026, 12, 7, 9, 0, 0, 123456, tzinfo=timezone.utc))
    elsewhere = Attempt(pk=1, started_at=datetime(2026, 12, 7, 9, 0, 1, 654321, tzinfo=timezone.utc))
    assert attempt_statement_id(here) != attempt_statement_id(elsewhere)
    assert attempt_statement_id(here) == attempt_statement_id(Attempt(pk=1, started_at=here.started_at))
