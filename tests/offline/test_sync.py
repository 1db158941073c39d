"""Syncing what a device did offline: exactly once, at the time the learner acted, bad input refused
with what and where and nothing half-written."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from offline.models import OfflineDraw, SyncedRecord
from progress.models import ItemSummary, LessonProgress, Statement, Verb
from quizzes.models import Attempt
from tests.factories import UserFactory
from tests.offline.conftest import (attempt_record, downloaded_yesterday, draw, iso, lesson_record, post_json,
                                    right_answers, sign_in, sync)


def test_statements_and_summaries_keep_the_time_the_learner_acted(learner_client, learner, quiz, lessons):
    drawn = draw(learner_client, quiz)
    downloaded_yesterday(drawn)
    acted = timezone.now() - timedelta(hours=20)
    completed = timezone.now() - timedelta(hours=21)
    body = sync(learner_client, lesson_record(lessons[0], acted=completed),
                attempt_record(drawn, right_answers(drawn), started=acted - timedelta(minutes=7), acted=acted)).json()
    assert len(body["accepted"]) == 2
    attempt = Attempt.objects.get(user=learner)
    assert (attempt.started_at, attempt.submitted_at) == (acted - timedelta(minutes=7), acted)
    quiz_statement = Statement.objects.get(user=learner, verb=Verb.FAILED)  # 3 of 8 right, pass mark 60 %
    assert quiz_statement.timestamp == acted and quiz_statement.stored > acted + timedelta(hours=19)
    lesson_statement = Statement.objects.get(user=learner, verb=Verb.COMPLETED)
    assert lesson_statement.timestamp == completed
    assert LessonProgress.objects.get(user=learner, lesson_key=lessons[0].translation_key).completed_at == completed
    summary = ItemSummary.objects.get(user=learner, item_key=quiz.translation_key)
    assert (summary.tries, summary.last_activity_at, summary.seconds_spent) == (1, acted, 7 * 60)
    stored = SyncedRecord.objects.get(user=learner, kind="attempt")
    assert (stored.acted_at, stored.object_key, stored.attempt) == (acted, quiz.translation_key, attempt)


def test_an_interrupted_sync_is_resent_whole(learner_client, learner, quiz, lessons):
    drawn = draw(learner_client, quiz)
    records = [lesson_record(lessons[0]), lesson_record(lessons[1]), attempt_record(drawn, started=timezone.now())]
    assert sync(learner_client, *records[:1]).status_code == 200  # the connection dropped after the first record
    body = sync(learner_client, *records).json()
    assert body["duplicates"] == [records[0]["id"]] and body["accepted"] == [r["id"] for r in records[1:]]
    status = learner_client.get("/offline/sync/?ids=" + ",".join([r["id"] for r in records] + [str(uuid.uuid4())]))
    assert status.json()["accepted"] == [r["id"] for r in records] and len(status.json()["unknown"]) == 1
    assert Statement.objects.filter(user=learner, verb=Verb.COMPLETED).count() == 2
    assert Attempt.objects.filter(user=learner).count() == 1


def test_a_record_id_is_the_learners_own(learner_client, learner, quiz, lessons):
    record = lesson_record(lessons[0])
    assert sync(learner_client, record).json()["accepted"] == [record["id"]]
    other = UserFactory(username="beto-offline")
    other_client = sign_in(other)
    # The same id from another learner is their record, not a duplicate of Ana's.
    assert sync(other_client, record).json()["accepted"] == [record["id"]]
    assert other_client.get(f"/offline/sync/?ids={record['id']}").json()["accepted"] == [record["id"]]
    assert LessonProgress.objects.filter(completed_at__isnull=False).count() == 2


def test_another_learners_draw_or_a_used_draw_is_rejected_and_nothing_is_written(learner_client, learner, quiz):
    drawn = draw(learner_client, quiz)
    other_client = sign_in(UserFactory(username="beto-offline"))
    theirs = sync(other_client, attempt_record(drawn, started=timezone.now()))
    assert theirs.status_code == 400
    assert "No hay ningún cuestionario preparado" in theirs.json()["rejected"][0]["error"]
    assert not Attempt.objects.exists() and not SyncedRecord.objects.exists()

    first = attempt_record(drawn, started=timezone.now())
    assert sync(learner_client, first).status_code == 200
    again = sync(learner_client, attempt_record(drawn, started=timezone.now()))  # another record, the same draw
    assert again.status_code == 400
    assert again.json()["rejected"][0]["error"].startswith("El cuestionario preparado")
    assert Attempt.objects.count() == 1 and SyncedRecord.objects.count() == 1


@pytest.mark.parametrize(("change", "error"), [
    ({"acted_at": "ayer"}, "“acted_at” debe ser una fecha y hora ISO 8601 con su desfase horario"),
    ({"acted_at": "2026-03-02T14:05:00"}, "“acted_at” debe ser una fecha y hora ISO 8601"),
    ({"acted_at": iso(timezone.now() + timedelta(hours=2))}, "“acted_at” está en el futuro"),
    ({"started_at": iso(timezone.now() - timedelta(days=3))}, "“started_at” debe ser posterior a la descarga"),
    ({"draw": "no-es-un-id"}, "“draw” debe ser el id de un cuestionario preparado"),
    ({"answers": ["Cobre"]}, "“answers” debe ser un objeto"),
    ({"answers": {"1": "no-such-choice"}}, "answers[1]: Elige una de las opciones que se muestran."),
    ({"answers": {"99": "x"}}, "answers[99]: No hay ninguna pregunta 99 en este intento."),
])
def test_a_bad_attempt_record_is_rejected_saying_what_and_where(learner_client, quiz, lessons, change, error):
    drawn = draw(learner_client, quiz)
    good = lesson_record(lessons[0])
    bad = dict(attempt_record(drawn, started=timezone.now() - timedelta(seconds=1)), **change)
    response = sync(learner_client, good, bad)
    assert response.status_code == 400
    body = response.json()
    assert body["accepted"] == [good["id"]]  # the good record in the same batch is kept
    assert [r["id"] for r in body["rejected"]] == [bad["id"]] and error in body["rejected"][0]["error"], body
    assert not Attempt.objects.exists()
    assert OfflineDraw.objects.get(pk=drawn["draw"]).used_at is None  # the device may correct it and send it again


def test_a_lesson_not_read_long_enough_or_not_published_is_rejected(learner_client, learner, lessons, settings):
    settings.ALMA_LESSON_MIN_READING_SECONDS = 120
    short = lesson_record(lessons[0], seconds=30)
    missing = dict(lesson_record(lessons[1]), page=999999)
    negative = lesson_record(lessons[1], seconds=-5)
    body = sync(learner_client, short, missing, negative).json()
    errors = {r["id"]: r["error"] for r in body["rejected"]}
    assert "faltan 90 segundos de lectura" in errors[short["id"]]
    assert errors[missing["id"]] == "No hay ninguna lección publicada 999999."
    assert errors[negative["id"]] == "“seconds” debe ser un número entero de 0 a 3600."
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    assert sync(learner_client, lesson_record(lessons[0], seconds=120)).status_code == 200


@pytest.mark.parametrize(("payload", "error"), [
    (b"no es json", "El cuerpo de la solicitud no es JSON"),
    ({"records": "todo"}, "un objeto con una lista “records”"),
    ([], "un objeto con una lista “records”"),
    ({"records": ["x"]}, "records[0] debe ser un objeto."),
    ({"records": [{"id": 7, "type": "attempt"}]}, "records[0].id debe ser un UUID creado en el dispositivo, no 7."),
    ({"records": [{"id": "4b0c1f0e-7a43-4d53-9a51-5c2f0e6f2b10", "type": "quiz"}]},
     "records[0].type debe ser “attempt” o “lesson-completed”."),
    ({"records": [{"id": "4b0c1f0e-7a43-4d53-9a51-5c2f0e6f2b10", "type": "lesson-completed"}] * 2},
     "records[1].id aparece dos veces en este lote."),
    ({"records": [{"id": str(uuid.UUID(int=n)), "type": "lesson-completed"} for n in range(101)]},
     "Envía como máximo 100 registros por solicitud."),
])
def test_a_malformed_batch_is_refused_whole(learner_client, lessons, payload, error):
    response = post_json(learner_client, "/offline/sync/", payload)
    assert response.status_code == 400
    assert error in response.json()["error"], response.json()
    assert not SyncedRecord.objects.exists() and not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_the_status_request_checks_its_ids(learner_client):
    response = learner_client.get("/offline/sync/?ids=abc")
    assert response.status_code == 400 and "ids debe ser un UUID" in response.json()["error"]
    too_many = ",".join(str(uuid.UUID(int=n)) for n in range(201))
    assert learner_client.get(f"/offline/sync/?ids={too_many}").status_code == 400
    assert learner_client.get("/offline/sync/?ids=").json() == {"accepted": [], "unknown": []}


def test_sync_costs_a_bounded_number_of_queries_per_record(learner_client, learner, module, quiz, lessons):
    from tests.factories import make_lesson

    more = [make_lesson(module, number=n) for n in range(3, 7)]

    def cost(*records):
        with CaptureQueriesContext(connection) as queries:
            assert sync(learner_client, *records).status_code == 200
        return len(queries)

    one = cost(lesson_record(lessons[0]))
    five = cost(*[lesson_record(lesson) for lesson in [lessons[1], *more]])
    assert (five - one) / 4 <= 32, (one, five)  # per completion, as the online "Mark as complete" costs
    drawn = draw(learner_client, quiz)
    assert cost(attempt_record(drawn, right_answers(drawn), started=timezone.now())) <= 45  # 8 questions, one batch
    seen = list(SyncedRecord.objects.filter(user=learner, kind="lesson-completed"))
    resent = [{**lesson_record(lessons[0]), "id": str(record.record_id)} for record in seen]
    assert cost(*resent) <= 4  # duplicates are found in one query, whatever their number
