"""Exported statements are valid xAPI: checked against a third-party JSON Schema."""

import json
from pathlib import Path

import jsonschema
import pytest

from lessons.models import LessonPage
from progress import account_deletion, enrolment, lesson_progress
from progress.models import Statement
from progress.xapi import statement_to_xapi
from tests.factories import UserFactory, make_module

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "formats" / "xapi_schema_statement_1.0.2_edo-xrs.schema.json").read_text())


def validate(statement: dict):
    checked = {k: v for k, v in statement.items() if k not in ("stored", "version")}
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(checked)


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
        assert statement["version"] == "1.0.3"
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
