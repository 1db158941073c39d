"""Statements as xAPI 1.0.3 JSON, as a Learning Record Store takes them.

Conformance (xAPI-Data.md, see ``../shared/formats/XAPI-LRS-RULES.md``): no
``version`` (a provider SHOULD NOT set it; the LRS does) and no ``stored`` (the
LRS's own); ``context.registration`` is the learner's enrolment in the module or
track; ``contextActivities`` names the module a lesson or quiz sits in (``parent``)
and the tracks the learner follows that hold it (``grouping``), so an LRS can roll
lessons up to modules and tracks. ``earned`` statements have the certificate of the
module or track as their object (one activity per achievement, never per learner's
certificate) and the module or track as their parent.
"""

from curriculum.models import SiteChoices
from progress.models import ObjectType, Statement, Verb

PLATFORM = "ALMA Aula"
ACTIVITY_TYPES = {
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "module": "http://adlnet.gov/expapi/activities/module",
    "track": "http://adlnet.gov/expapi/activities/course",
    # A document attesting an achievement (the Tin Can registry's "certificate"), not cmi5's
    # "block" (a part of a course's structure), which certificates used before.
    "certificate": "http://id.tincanapi.com/activitytype/certificate",
}


def _base_url() -> str:
    return SiteChoices.current().site_base_url()


def activity_id(object_type: str, key) -> str:
    return f"{_base_url()}/xapi/activities/{object_type}/{key}"


def activity(object_type: str, key, name: dict | None = None) -> dict:
    definition = {"type": ACTIVITY_TYPES[object_type]}
    if name:
        definition["name"] = name
    return {"objectType": "Activity", "id": activity_id(object_type, key), "definition": definition}


def actor(statement: Statement) -> dict:
    # An account on this platform, never an e-mail: many learners are minors.
    name = str(statement.user_id) if statement.user_id else statement.actor_pseudonym
    return {"objectType": "Agent", "account": {"homePage": _base_url(), "name": name}}


def _object_and_parents(statement: Statement) -> tuple[dict, list]:
    name = {statement.locale: statement.object_title}
    if statement.verb == Verb.EARNED and statement.object_type in (ObjectType.MODULE, ObjectType.TRACK):
        # What is earned is the certificate of the module or track; the module or track is its parent.
        return (activity(ObjectType.CERTIFICATE, statement.object_key, name),
                [activity(statement.object_type, statement.object_key, name)])
    return activity(statement.object_type, statement.object_key, name), []


def _context(statement: Statement, parents: list) -> dict:
    context = {"platform": PLATFORM, "language": statement.locale}
    if statement.registration:
        context["registration"] = str(statement.registration)
    activities = {}
    for relation, items in (statement.context_activities or {}).items():
        activities[relation] = [activity(object_type, key) for object_type, key in items]
    if parents:
        activities["parent"] = parents + activities.get("parent", [])
    if activities:
        context["contextActivities"] = activities
    if statement.classroom_id:
        context["extensions"] = {f"{_base_url()}/xapi/extensions/classroom": statement.classroom_id}
    return context


def statement_to_xapi(statement: Statement) -> dict:
    obj, parents = _object_and_parents(statement)
    data = {
        "id": str(statement.id),
        "actor": actor(statement),
        "verb": {"id": statement.verb, "display": {"en-US": Verb(statement.verb).name.lower()}},
        "object": obj,
        "context": _context(statement, parents),
        "timestamp": statement.timestamp.isoformat(timespec="milliseconds"),
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
    return data
