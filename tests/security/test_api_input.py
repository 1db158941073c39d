"""Malformed API input is a 400 that names the field, and responses have the shape the schema publishes
(the causes of the 500s and schema violations Schemathesis found; see test_api_fuzz.py)."""

import pytest
import yaml

from tests.factories import UserFactory


@pytest.fixture
def teacher_client(client, world):
    client.force_login(world.users["teacher"])
    return client


MALFORMED_ASSIGNMENTS = [
    ({"classroom": "AAA", "page": 1}, "classroom"),
    ({"classroom": None, "page": 1}, "classroom"),
    ({"classroom": {}, "page": 1}, "classroom"),
    ({"classroom": 2**70, "page": 1}, "classroom"),
    ({"classroom": "{classroom}", "page": 2**40}, "page"),
    ({"classroom": "{classroom}", "page": "{lesson}", "due_at": [None, None]}, "due_at"),
    ({"classroom": "{classroom}", "page": "{lesson}", "available_from": {}}, "available_from"),
]


def test_a_malformed_assignment_is_a_400_naming_the_field(teacher_client, world):
    ids = {"{classroom}": world.classroom.pk, "{lesson}": world.lesson.pk}
    for body, field in MALFORMED_ASSIGNMENTS:
        body = {name: ids.get(value, value) if isinstance(value, str) else value for name, value in body.items()}
        response = teacher_client.post("/api/v1/assignments/", body, content_type="application/json")
        assert response.status_code == 400 and field in response.json(), (body, response.content)
    response = teacher_client.post("/api/v1/assignments/", [1, 2], content_type="application/json")
    assert response.status_code == 400
    assert not world.classroom.assignments.exclude(pk=world.assignment.pk).exists()


def test_a_well_formed_assignment_for_a_class_one_does_not_teach_is_not_found(client, world):
    client.force_login(world.users["other_teacher"])
    response = client.post("/api/v1/assignments/", {"classroom": world.classroom.pk, "page": world.lesson.pk},
                           content_type="application/json")
    assert response.status_code == 404


def test_completing_a_lesson_id_out_of_range_is_a_400(client, db):
    client.force_login(UserFactory())
    for lesson in (2**31, 2**63, 2**70, -1, 0):
        response = client.post("/api/v1/me/lessons/complete/", {"lesson": lesson}, content_type="application/json")
        assert response.status_code == 400 and "lesson" in response.json(), lesson


def test_moving_a_member_to_an_id_out_of_range_is_a_400(teacher_client, world):
    response = teacher_client.post(f"/api/v1/classes/{world.classroom.pk}/members/{world.membership.pk}/move/",
                                   {"classroom": 2**70}, content_type="application/json")
    assert response.status_code == 400 and "classroom" in response.json()


def operation(schema, path, method="get"):
    return schema["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]


def test_members_report_modules_and_my_assignments_are_published_as_answered(teacher_client, world):
    schema = yaml.safe_load(teacher_client.get("/api/v1/schema/").content)
    members = operation(schema, "/api/v1/classes/{id}/members/")
    assert members["type"] == "array"
    assert isinstance(teacher_client.get(f"/api/v1/classes/{world.classroom.pk}/members/").json(), list)
    mine = schema["components"]["schemas"][operation(schema, "/api/v1/assignments/mine/")["$ref"].split("/")[-1]]
    assert set(mine["properties"]) == {"todo", "late", "done"}
    report = operation(schema, "/api/v1/classes/{id}/report/")
    assert report["$ref"].endswith("/ClassReport")
    # A module without an institution answers null.
    assert schema["components"]["schemas"]["Module"]["properties"]["institution"]["nullable"] is True
    assert teacher_client.get(f"/api/v1/modules/{world.module.pk}/").json()["institution"] is None
