"""Statements as xAPI 1.0.3 JSON."""

from curriculum.models import SiteChoices
from progress.models import Statement, Verb

PLATFORM = "ALMA Aula"
ACTIVITY_TYPES = {
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "module": "http://adlnet.gov/expapi/activities/module",
    "track": "http://adlnet.gov/expapi/activities/course",
    "certificate": "https://w3id.org/xapi/cmi5/activitytype/block",
}


def _base_url() -> str:
    return SiteChoices.current().site_base_url()


def actor(statement: Statement) -> dict:
    # An account on this platform, never an e-mail: many learners are minors.
    name = str(statement.user_id) if statement.user_id else statement.actor_pseudonym
    return {"objectType": "Agent", "account": {"homePage": _base_url(), "name": name}}


def statement_to_xapi(statement: Statement) -> dict:
    data = {
        "id": str(statement.id),
        "actor": actor(statement),
        "verb": {"id": statement.verb, "display": {"en-US": Verb(statement.verb).name.lower()}},
        "object": {
            "objectType": "Activity",
            "id": f"{_base_url()}/xapi/activities/{statement.object_type}/{statement.object_key}",
            "definition": {"type": ACTIVITY_TYPES[statement.object_type], "name": {statement.locale: statement.object_title}},
        },
        "context": {"platform": PLATFORM, "language": statement.locale},
        "timestamp": statement.timestamp.isoformat(),
        "stored": statement.stored.isoformat(),
        "version": "1.0.3",
    }
    result = {}
    if statement.score_scaled is not None:
        result["score"] = {"scaled": round(max(-1.0, min(1.0, statement.score_scaled)), 4)}
    if statement.success is not None:
        result["success"] = statement.success
    if statement.completion is not None:
        result["completion"] = statement.completion
    if statement.duration_seconds:
        result["duration"] = f"PT{statement.duration_seconds}S"
    if result:
        data["result"] = result
    if statement.classroom_id:
        data["context"]["extensions"] = {f"{_base_url()}/xapi/extensions/classroom": statement.classroom_id}
    return data
