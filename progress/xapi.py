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

import hashlib
import re
import uuid

from django.utils.dateparse import parse_datetime

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


# -- reading statements back (what another ALMA sent with sync_records) -------------------------------------------

_ACTIVITY_ID = re.compile(r"/xapi/activities/(?P<type>[a-z]+)/(?P<key>[0-9a-fA-F-]{32,36})$")
_DURATION = re.compile(r"^PT(\d+)S$")


class NotAnAlmaStatement(ValueError):
    """A statement this platform cannot store: says which part is wrong."""


def _parse_activity(data, where: str) -> tuple[str, uuid.UUID]:
    match = _ACTIVITY_ID.search(str((data or {}).get("id", ""))) if isinstance(data, dict) else None
    if not match or match["type"] not in ACTIVITY_TYPES:
        raise NotAnAlmaStatement(f"{where}: not an ALMA activity id (…/xapi/activities/<type>/<key>)")
    try:
        return match["type"], uuid.UUID(match["key"])
    except ValueError as error:
        raise NotAnAlmaStatement(f"{where}: the key is not a UUID") from error


def actor_pseudonym(account: dict) -> str:
    """A learner of another ALMA, by their account there: the same learner always gets the same 64 characters,
    and nothing here names the school's user id."""
    return hashlib.sha256(f"{account['homePage']}|{account['name']}".encode()).hexdigest()


def statement_fields(data: dict) -> dict:
    """The ``Statement`` columns of an xAPI statement made by ``statement_to_xapi`` on another ALMA.

    The actor becomes a pseudonym (``actor_pseudonym``), and the sender's class id is left out (it names a
    class of the sender's). Raises ``NotAnAlmaStatement`` naming the part that is wrong."""
    if not isinstance(data, dict):
        raise NotAnAlmaStatement("not a JSON object")
    try:
        statement_id = uuid.UUID(str(data.get("id")))
    except ValueError as error:
        raise NotAnAlmaStatement("id: not a UUID") from error
    account = (data.get("actor") or {}).get("account") if isinstance(data.get("actor"), dict) else None
    if not isinstance(account, dict) or not account.get("homePage") or not account.get("name"):
        raise NotAnAlmaStatement("actor: an account with homePage and name is needed")
    verb = (data.get("verb") or {}).get("id") if isinstance(data.get("verb"), dict) else None
    if verb not in Verb.values:
        raise NotAnAlmaStatement(f"verb: {str(verb)[:80]!r} is not one of ALMA's verbs")
    context = data.get("context") if isinstance(data.get("context"), dict) else {}
    object_type, object_key = _parse_activity(data.get("object"), "object")
    relations = {relation: [_parse_activity(a, f"context.contextActivities.{relation}") for a in items]
                 for relation, items in (context.get("contextActivities") or {}).items()}
    if verb == Verb.EARNED and object_type == ObjectType.CERTIFICATE and relations.get("parent"):
        # statement_to_xapi names the module or track earned as the first parent of its certificate.
        object_type, object_key = relations["parent"].pop(0)
    names = (data["object"].get("definition") or {}).get("name") or {}
    result = data.get("result") if isinstance(data.get("result"), dict) else {}
    duration = _DURATION.match(str(result.get("duration", "")))
    timestamp = parse_datetime(str(data.get("timestamp", "")))
    if timestamp is None or timestamp.tzinfo is None:
        raise NotAnAlmaStatement("timestamp: an ISO 8601 time with its time zone is needed")
    try:
        registration = uuid.UUID(context["registration"]) if context.get("registration") else None
    except ValueError as error:
        raise NotAnAlmaStatement("context.registration: not a UUID") from error
    return {
        "id": statement_id,
        "actor_pseudonym": actor_pseudonym(account),
        "verb": verb,
        "object_type": object_type,
        "object_key": object_key,
        "object_title": str(next(iter(names.values()), ""))[:255],
        "score_scaled": (result.get("score") or {}).get("scaled"),
        "success": result.get("success"),
        "completion": result.get("completion"),
        "duration_seconds": int(duration[1]) if duration else None,
        "locale": str(context.get("language", ""))[:10],
        "timestamp": timestamp,
        "registration": registration,
        "context_activities": {relation: [[t, str(k)] for t, k in items] for relation, items in relations.items() if items},
    }
