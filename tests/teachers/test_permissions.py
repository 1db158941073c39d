"""Who can reach what: roles × endpoints, pages and API alike."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from teachers import membership as classes
from teachers.models import Assignment, Classroom, Membership
from tests.factories import UserFactory
from tests.teachers.conftest import make_teacher

ROLES = ["anonymous", "outsider", "student", "former_student", "other_teacher", "owner", "co_teacher"]
ALLOWED = {"owner", "co_teacher"}


@pytest.fixture
def world(teacher, classroom, student):
    co = make_teacher(username="co")
    classroom.co_teachers.add(co)
    former = UserFactory(username="former")
    classes.leave(Membership.objects.create(classroom=classroom, student=former))
    other_teacher = make_teacher(username="other")
    Classroom.objects.create(name="Otra", level="secondary", language="es", owner=other_teacher)
    assignment = Assignment.objects.create(classroom=classroom, kind="lesson", target_key="6c1f7d4e-7c11-4c62-9d0e-3d1f3b6a8a11",
                                           title="Lección asignada", available_from=timezone.now() - timedelta(days=1))
    users = {"anonymous": None, "outsider": UserFactory(username="outsider"), "student": student, "former_student": former,
             "other_teacher": other_teacher, "owner": teacher, "co_teacher": co}
    return {"classroom": classroom, "users": users, "assignment": assignment, "student": student, "former": former}


def endpoints(world):
    c, s = world["classroom"].pk, world["student"].pk
    return {
        "class page": ("page", reverse("teachers:class", args=[c])),
        "qr code": ("page", reverse("teachers:qr", args=[c])),
        "join screen": ("page", reverse("teachers:join-screen", args=[c])),
        "assignments": ("page", reverse("teachers:assignments", args=[c])),
        "report": ("page", reverse("teachers:report", args=[c])),
        "report csv": ("page", reverse("teachers:report", args=[c]) + "?format=csv"),
        "student page": ("page", reverse("teachers:student", args=[c, s])),
        "api class": ("api", f"/api/v1/classes/{c}/"),
        "api members": ("api", f"/api/v1/classes/{c}/members/"),
        "api report": ("api", f"/api/v1/classes/{c}/report/"),
        "api report csv": ("api", f"/api/v1/classes/{c}/report/?format=csv"),
        "api assignment": ("api", f"/api/v1/assignments/{world['assignment'].pk}/"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_teacher_endpoints_matrix(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    for name, (kind, url) in endpoints(world).items():
        status = client.get(url).status_code
        if role in ALLOWED:
            expected = {200}
        elif role == "anonymous":
            expected = {302} if kind == "page" else {401, 403}
        else:
            expected = {404}
        assert status in expected, f"{role} → {name}: {status}"
    # POST actions are refused the same way.
    c = world["classroom"].pk
    status = client.post(reverse("teachers:archive", args=[c])).status_code
    assert (status == 302) if role in ALLOWED or role == "anonymous" else status == 404
    world["classroom"].refresh_from_db()
    assert world["classroom"].is_archived == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_ones_own_classes_and_assignments(client, world, role):
    user = world["users"][role]
    if user is None:
        assert client.get("/api/v1/classes/").status_code in (401, 403)
        assert client.get(reverse("teachers:my-assignments")).status_code == 302
        return
    client.force_login(user)
    ids = [c["id"] for c in client.get("/api/v1/classes/").json()["results"]]
    assert (world["classroom"].pk in ids) == (role in ALLOWED)
    assignments = [a["id"] for a in client.get("/api/v1/assignments/").json()["results"]]
    assert (world["assignment"].pk in assignments) == (role in ALLOWED)
    mine = client.get("/api/v1/assignments/mine/").json()
    titles = [item["title"] for items in mine.values() for item in items]
    assert ("Lección asignada" in titles) == (role == "student")
    page = client.get(reverse("teachers:my-assignments")).content.decode()
    assert ("Lección asignada" in page) == (role == "student")


def test_a_teacher_loses_access_to_a_student_who_left(client, world):
    client.force_login(world["users"]["owner"])
    url = reverse("teachers:student", args=[world["classroom"].pk, world["former"].pk])
    assert client.get(url).status_code == 404
    report = client.get(f"/api/v1/classes/{world['classroom'].pk}/report/").json()
    assert [s["username"] for s in report["students"]] == ["camila"]


def test_join_through_the_api_is_rate_limited_and_refuses_archived_classes(client, world):
    learner = UserFactory()
    client.force_login(learner)
    for _ in range(classes.JOIN_LIMIT):
        assert client.post("/api/v1/classes/join/", {"code": "AAAAAAAA"}).status_code == 400
    response = client.post("/api/v1/classes/join/", {"code": world["classroom"].join_code}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429 and "Too many tries" in response.json()["code"][0]
    client.force_login(UserFactory())
    world["classroom"].archived_at = timezone.now()
    world["classroom"].save()
    response = client.post("/api/v1/classes/join/", {"code": world["classroom"].join_code}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "archived" in response.json()["code"][0]


def test_teachers_create_classes_and_assignments_through_the_api(client, teacher, catalog):
    from tests.factories import make_module

    module = make_module(catalog, lessons=1)
    client.force_login(teacher)
    response = client.post("/api/v1/classes/", {"name": "API", "level": "secondary", "language": "es"})
    assert response.status_code == 201 and len(response.json()["join_code"]) == 8
    classroom_id = response.json()["id"]
    response = client.post("/api/v1/assignments/", {"classroom": classroom_id, "page": module.pk, "audience": "class"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["kind"] == "module"
    client.force_login(UserFactory())
    assert client.post("/api/v1/classes/", {"name": "X", "level": "secondary", "language": "es"}).status_code == 403


# --- member management through the API: add, regroup, move, remove -----------------------------


@pytest.mark.parametrize("role", ROLES)
def test_member_management_api_matrix(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    c = world["classroom"]
    membership = Membership.objects.current().get(classroom=c, student=world["student"])
    # A class of the asker's own to move the student to (for a teacher), so only access to *this* class decides.
    target = Classroom.objects.create(name="Destino", level="secondary", language="es",
                                      owner=user if user and classes.is_teacher(user) else world["users"]["other_teacher"])
    base = f"/api/v1/classes/{c.pk}/members/"
    calls = [
        ("add", lambda: client.post(base, {"username": f"nuevo-{role}", "group": "A"}, content_type="application/json"), 201),
        ("regroup", lambda: client.patch(f"{base}{membership.pk}/", {"group": "Rocas"}, content_type="application/json"), 200),
        ("move", lambda: client.post(f"{base}{membership.pk}/move/", {"classroom": target.pk}, content_type="application/json"), 200),
    ]
    for name, call, ok in calls:
        status = call().status_code
        if role in ALLOWED:
            assert status == ok, f"{role} → {name}: {status}"
        elif role == "anonymous":
            assert status in (401, 403), f"{role} → {name}: {status}"
        else:
            assert status == 404, f"{role} → {name}: {status}"
    membership.refresh_from_db()
    moved = role in ALLOWED
    assert (membership.left_at is not None) == moved
    assert (membership.group == "Rocas") == moved
    assert Membership.objects.current().filter(classroom=c, student__username=f"nuevo-{role}").exists() == moved
    if moved:
        assert Membership.objects.current().get(student=world["student"]).classroom == target
    # Removing: the newly added member for the allowed roles, the original one for the others.
    victim = Membership.objects.current().filter(classroom=c).first()
    status = client.delete(f"{base}{victim.pk}/").status_code
    if role in ALLOWED:
        assert status == 204 and Membership.objects.get(pk=victim.pk).left_at is not None
    else:
        assert status in ((401, 403) if role == "anonymous" else (404,)), f"{role} → remove: {status}"
        assert Membership.objects.get(pk=victim.pk).left_at is None


def test_member_api_gives_the_password_once_and_names_bad_input(client, teacher, classroom, student):
    from django.utils import translation

    client.force_login(teacher)
    response = client.post(f"/api/v1/classes/{classroom.pk}/members/",
                           {"username": "mateo.q", "display_name": "Mateo", "group": "B"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "mateo.q" and body["group"] == "B" and len(body["password"]) == 14
    created = Membership.objects.get(pk=body["id"]).student
    assert created.check_password(body["password"]) and not created.email
    listing = client.get(f"/api/v1/classes/{classroom.pk}/members/").json()
    assert {m["username"] for m in listing} == {"camila", "mateo.q"} and all("password" not in m for m in listing)
    with translation.override("en"):
        taken = client.post(f"/api/v1/classes/{classroom.pk}/members/", {"username": "camila"},
                            content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert taken.status_code == 400 and "taken" in taken.json()["username"][0]
    membership = Membership.objects.get(classroom=classroom, student=student)
    # Moving to a class one does not teach, or an archived one, is refused and changes nothing.
    foreign = Classroom.objects.create(name="Ajena", level="secondary", language="es", owner=make_teacher(username="x"))
    archived = Classroom.objects.create(name="Vieja", level="secondary", language="es", owner=teacher,
                                        archived_at=timezone.now())
    for target in (foreign, archived):
        response = client.post(f"/api/v1/classes/{classroom.pk}/members/{membership.pk}/move/", {"classroom": target.pk},
                               content_type="application/json")
        assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.left_at is None
    # A membership of another class cannot be reached through this class.
    other = Classroom.objects.create(name="Otra mía", level="secondary", language="es", owner=teacher)
    elsewhere = Membership.objects.create(classroom=other, student=UserFactory())
    assert client.delete(f"/api/v1/classes/{classroom.pk}/members/{elsewhere.pk}/").status_code == 404
    # After removal, the teacher no longer reaches the student's records.
    assert client.delete(f"/api/v1/classes/{classroom.pk}/members/{membership.pk}/").status_code == 204
    assert client.get(reverse("teachers:student", args=[classroom.pk, student.pk])).status_code == 404
