"""A teacher deletes their account (issue #12): no 500, nothing lost for students.
Classes pass to a co-teacher; an active class nobody else teaches is a reason to
refuse, said before anything happens (the teacher stays signed in)."""

from accounts.models import User
from teachers.models import Classroom, Membership

from .conftest import make_teacher

DELETE = "/es/learning/delete-account/"


def test_a_class_with_a_co_teacher_passes_to_them(client, classroom, teacher, student):
    first, second = make_teacher(username="ayudante"), make_teacher(username="otra")
    classroom.co_teachers.add(first, second)
    archived = Classroom.objects.create(name="2025", level="secondary", language="es", owner=teacher)
    archived.archived_at = archived.created_at
    archived.save()
    client.force_login(teacher)
    response = client.post(DELETE, {"confirm": "profe"})
    assert response.status_code == 302
    assert not User.objects.filter(username="profe").exists()
    classroom.refresh_from_db()
    assert classroom.owner == first and list(classroom.co_teachers.all()) == [second]
    assert Membership.objects.current().filter(classroom=classroom, student=student).exists()
    archived.refresh_from_db()  # kept for its students, without a teacher
    assert archived.owner is None and archived.is_archived
    assert "_auth_user_id" not in client.session


def test_an_active_class_nobody_else_teaches_is_a_clear_refusal(client, classroom, teacher, student):
    client.force_login(teacher)
    page = client.get(DELETE).content.decode()
    assert "no tiene otro docente" in page and 'name="confirm"' not in page
    response = client.post(DELETE, {"confirm": "profe"})
    assert response.status_code == 409
    assert "Tu clase “2º medio A” no tiene otro docente" in response.content.decode()
    assert User.objects.filter(username="profe").exists() and "_auth_user_id" in client.session
    assert Classroom.objects.get(pk=classroom.pk).owner == teacher

    # Archiving the class is the other way out.
    classroom.archived_at = classroom.created_at
    classroom.save()
    assert client.post(DELETE, {"confirm": "profe"}).status_code == 302
    classroom.refresh_from_db()
    assert classroom.owner is None and Membership.objects.filter(classroom=classroom, student=student).exists()


def test_a_co_teacher_deletes_their_account_and_the_class_keeps_its_owner(client, classroom, teacher):
    helper = make_teacher(username="ayudante")
    classroom.co_teachers.add(helper)
    client.force_login(helper)
    assert client.post(DELETE, {"confirm": "ayudante"}).status_code == 302
    classroom.refresh_from_db()
    assert classroom.owner == teacher and not classroom.co_teachers.exists()


def test_a_student_of_an_orphaned_archived_class_still_sees_it(client, classroom, teacher, student):
    classroom.archived_at = classroom.created_at
    classroom.save()
    client.force_login(teacher)
    client.post(DELETE, {"confirm": "profe"})
    client.force_login(student)
    page = client.get("/es/classes/").content.decode()
    assert "2º medio A — —" in page
