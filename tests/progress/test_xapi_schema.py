"""Exported statements are valid xAPI 1.0.3, checked against a third-party JSON Schema read in
place from ../shared/formats, and carry what an LRS needs to roll lessons up."""

import json
import uuid
from pathlib import Path

import jsonschema
import pytest

from lessons.models import LessonPage
from progress import account_deletion, enrolment, lesson_progress
from progress.models import Enrolment, Statement
from progress.xapi import ACTIVITY_TYPES, statement_to_xapi
from tests.factories import UserFactory, make_module
from tests.progress.xapi_journey import walk

SHARED = Path(__file__).resolve().parents[3] / "shared" / "formats"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/formats")
SCHEMA = json.loads((SHARED / "xapi_schema_statement_1.0.2_edo-xrs.schema.json").read_text())


def validate(statement: dict):
    # The schema is stricter than the spec in one place we meet: it pins "version" to 1.0.2.
    # Our statements carry no version (the LRS sets it) and no "stored" (the LRS's own).
    assert "version" not in statement and "stored" not in statement
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(statement)


def test_every_kind_of_statement_is_valid_xapi(catalog):
    learner = UserFactory()
    module = make_module(catalog, title="Agua y minería", lessons=1)
    enrolment.enrol(learner, module)
    lesson = LessonPage.objects.child_of(module).first()
    lesson_progress.view_lesson(learner, lesson)
    lesson_progress.complete_lesson(learner, lesson)  # completes the module and earns the certificate
    statements = [statement_to_xapi(s) for s in Statement.objects.all()]
    assert {s["verb"]["id"].rsplit("/", 1)[1] for s in statements} >= {"registered", "experienced", "completed", "earned"}
    for statement in statements:
        validate(statement)
    # After the learner deletes their account, the pseudonymous statements are still valid.
    account_deletion.delete_account(learner)
    for statement in Statement.objects.all():
        validate(statement_to_xapi(statement))


def test_the_schema_does_reject_a_broken_statement(catalog):
    learner = UserFactory()
    lesson = LessonPage.objects.child_of(make_module(catalog, lessons=1)).first()
    lesson_progress.complete_lesson(learner, lesson)
    broken = statement_to_xapi(Statement.objects.first())
    broken["result"] = {"score": {"scaled": 1.5}}
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_a_journey_rolls_up_by_registration_parent_and_grouping(catalog):
    learner = UserFactory()
    track, modules, quiz = walk(learner, catalog)
    statements = [statement_to_xapi(s) for s in Statement.objects.order_by("timestamp")]
    for statement in statements:
        validate(statement)
    registrations = {e.object_key: str(e.registration) for e in Enrolment.objects.filter(user=learner)}
    assert len(set(registrations.values())) == 3  # the track and its two modules: one registration each
    track_id = statements[0]["object"]["id"]
    assert statements[0]["verb"]["id"].endswith("/registered") and track_id.endswith(f"/track/{track.translation_key}")
    module_ids = {m.translation_key: f"/module/{m.translation_key}" for m in modules}

    by_type = {}
    for statement in statements:
        by_type.setdefault(statement["object"]["definition"]["type"], []).append(statement)
    # Lessons and the quiz: the registration of their module's enrolment, the module as parent, the track as grouping.
    for kind in ("lesson", "quiz"):
        for statement in by_type[ACTIVITY_TYPES[kind]]:
            context = statement["context"]
            parent = context["contextActivities"]["parent"]
            assert len(parent) == 1 and parent[0]["definition"]["type"] == ACTIVITY_TYPES["module"]
            module_key = uuid.UUID(parent[0]["id"].rsplit("/", 1)[1])
            assert context["registration"] == registrations[module_key]
            assert [a["id"] for a in context["contextActivities"]["grouping"]] == [track_id]
    assert {s["verb"]["id"].rsplit("/", 1)[1] for s in by_type[ACTIVITY_TYPES["quiz"]]} == {"failed", "passed"}
    # Modules: grouped by the track; the track's own statements carry the track's registration.
    for statement in by_type[ACTIVITY_TYPES["module"]]:
        assert statement["context"]["contextActivities"]["grouping"][0]["id"] == track_id
    for statement in by_type[ACTIVITY_TYPES["track"]]:
        assert statement["context"]["registration"] == registrations[track.translation_key]
    # Certificates: "earned" a certificate activity (not cmi5's "block"), whose parent is what was achieved.
    earned = by_type[ACTIVITY_TYPES["certificate"]]
    assert len(earned) == 3 and all(s["verb"]["id"] == "http://id.tincanapi.com/verb/earned" for s in earned)
    assert ACTIVITY_TYPES["certificate"] == "http://id.tincanapi.com/activitytype/certificate"
    parents = {s["context"]["contextActivities"]["parent"][0]["id"].split("/xapi/activities/")[1] for s in earned}
    assert parents == {f"track/{track.translation_key}"} | {m[1:] for m in module_ids.values()}


def test_statements_never_fall_back_to_a_loopback_address_when_a_base_url_is_set(catalog, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://aula.example.org"
    learner = UserFactory()
    lesson_progress.complete_lesson(learner, LessonPage.objects.child_of(make_module(catalog, lessons=1)).first())
    text = json.dumps([statement_to_xapi(s) for s in Statement.objects.all()])
    assert "127.0.0.1" not in text and "https://aula.example.org/xapi/activities/" in text
