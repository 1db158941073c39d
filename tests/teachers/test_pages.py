from django.urls import reverse

from teachers.models import Assignment, Classroom, Membership
from tests.factories import UserFactory, make_module
from tests.teachers.conftest import make_teacher


def test_a_teacher_creates_a_class_and_sees_its_code_link_and_qr(client, teacher, site_pages):
    client.force_login(teacher)
    response = client.post(reverse("teachers:class-create"), {"name": "3º A", "level": "secondary", "language": "es",
                                                             "school_year": "2026"})
    classroom = Classroom.objects.get(name="3º A")
    assert response.status_code == 302 and classroom.owner == teacher
    page = client.get(reverse("teachers:class", args=[classroom.pk])).content.decode()
    assert classroom.join_code in page and "<svg" in page and f"?code={classroom.join_code}" in page
    assert client.get(reverse("teachers:qr", args=[classroom.pk]))["Content-Type"] == "image/svg+xml"


def test_a_learner_cannot_create_a_class(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("teachers:class-create")).status_code == 403


def test_a_student_joins_with_the_form_and_sees_the_refusal_message_for_a_wrong_code(client, classroom):
    learner = UserFactory()
    client.force_login(learner)
    response = client.post(reverse("teachers:join"), {"code": "ZZZZZZZZ"})
    assert response.status_code == 400 and response.context["error"] in response.content.decode()
    response = client.post(reverse("teachers:join"), {"code": classroom.join_code})
    assert response.status_code == 302
    assert Membership.objects.current().filter(classroom=classroom, student=learner).exists()


def test_create_a_student_without_email_shows_the_password_once(client, teacher, classroom):
    client.force_login(teacher)
    response = client.post(reverse("teachers:create-student", args=[classroom.pk]),
                           {"username": "mateo.q", "display_name": "Mateo", "group": "A"})
    assert response.status_code == 200
    student = Membership.objects.get(classroom=classroom, student__username="mateo.q").student
    password = response.context["created"][0][1]
    assert password in response.content.decode() and not student.email
    assert student.check_password(password)
    client.logout()
    # Through the sign-in page: django-axes needs the request (Client.login gives none).
    assert client.post("/es/accounts/login/", {"username": "mateo.q", "password": password}).status_code == 302


def test_roster_upload_is_all_or_nothing_with_row_numbers(client, teacher, classroom):
    UserFactory(username="taken")
    client.force_login(teacher)
    bad = b"username,display_name,group\nana,Ana,A\ntaken,T,A\n,Empty,B\nana,Again,B\nb c,Space,A\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("teachers:roster", args=[classroom.pk]),
                           {"roster": SimpleUploadedFile("r.csv", bad, content_type="text/csv")})
    assert response.status_code == 400
    lines = [line for line, _ in response.context["errors"]]
    assert lines == [3, 4, 5, 6]
    assert not Membership.objects.filter(classroom=classroom).exists()
    good = "username;display_name;group\nana;Ána;A\nbeto;Beto;B\n".encode()
    response = client.post(reverse("teachers:roster", args=[classroom.pk]),
                           {"roster": SimpleUploadedFile("r.csv", good, content_type="text/csv")})
    assert response.status_code == 200 and len(response.context["created"]) == 2
    assert sorted(classroom.groups()) == ["A", "B"]


def test_members_are_regrouped_moved_removed_and_the_class_archived(client, teacher, classroom, student):
    other = Classroom.objects.create(name="B", level="secondary", language="es", owner=teacher)
    membership = Membership.objects.get(student=student)
    client.force_login(teacher)
    url = reverse("teachers:member", args=[classroom.pk, membership.pk])
    client.post(url, {"action": "group", "group": "Rocas"})
    assert classroom.groups() == ["Rocas"]
    client.post(url, {"action": "move", "classroom": other.pk})
    membership.refresh_from_db()
    assert membership.left_at and Membership.objects.current().get(student=student).classroom == other
    moved = Membership.objects.current().get(student=student)
    client.post(reverse("teachers:member", args=[other.pk, moved.pk]), {"action": "remove"})
    assert not Membership.objects.current().filter(student=student).exists()
    client.post(reverse("teachers:archive", args=[classroom.pk]))
    classroom.refresh_from_db()
    assert classroom.is_archived


def test_assign_a_lesson_to_a_group_and_the_student_sees_it_in_their_language(client, teacher, classroom, student, catalog, site_pages):
    module = make_module(catalog, lessons=2)
    lesson = module.get_children().first().specific
    Membership.objects.filter(student=student).update(group="A")
    client.force_login(teacher)
    page = client.get(reverse("teachers:assignments", args=[classroom.pk]))
    assert lesson.title in page.content.decode()
    response = client.post(reverse("teachers:assignments", args=[classroom.pk]), {
        "page": lesson.pk, "instructions": "Lean la sección 1.", "audience": "groups", "groups": ["A"],
        "due_at": "2030-01-01T10:00"})
    assert response.status_code == 302, response.context["form"].errors
    assignment = Assignment.objects.get()
    assert assignment.kind == "lesson" and assignment.target_key == lesson.translation_key
    client.force_login(student)
    page = client.get(reverse("teachers:my-assignments")).content.decode()
    assert lesson.url in page and "Lean la sección 1." in page
    home = client.get(site_pages["home"]["es"].url).content.decode()
    assert "Lean la sección 1." in home


def test_co_teacher_is_added_by_username(client, teacher, classroom):
    colleague = make_teacher(username="colega")
    client.force_login(teacher)
    client.post(reverse("teachers:add-co-teacher", args=[classroom.pk]), {"username": "colega"})
    assert list(classroom.co_teachers.all()) == [colleague]
    client.force_login(colleague)
    assert client.get(reverse("teachers:class", args=[classroom.pk])).status_code == 200


def test_the_class_page_links_to_a_full_screen_join_code_with_its_qr(client, teacher, classroom):
    client.force_login(teacher)
    screen_url = reverse("teachers:join-screen", args=[classroom.pk])
    assert screen_url in client.get(reverse("teachers:class", args=[classroom.pk])).content.decode()
    html = client.get(screen_url).content.decode()
    assert classroom.join_code in html and "<svg" in html and f"?code={classroom.join_code}" in html
    assert 'class="join-screen__code"' in html


def test_a_teacher_edits_then_deletes_an_assignment_after_confirming(client, teacher, classroom, catalog):
    lesson = make_module(catalog, lessons=1).get_children().first().specific
    client.force_login(teacher)
    client.post(reverse("teachers:assignments", args=[classroom.pk]),
                {"page": lesson.pk, "instructions": "Lean.", "audience": "class"})
    assignment = Assignment.objects.get()
    edit_url = reverse("teachers:assignment-edit", args=[classroom.pk, assignment.pk])
    assert edit_url in client.get(reverse("teachers:assignments", args=[classroom.pk])).content.decode()
    form = client.get(edit_url).context["form"]
    assert form["page"].value() == lesson.pk
    response = client.post(edit_url, {"page": lesson.pk, "instructions": "Lean la sección 2.", "audience": "class",
                                      "due_at": "2030-02-01T10:00"})
    assert response.status_code == 302, response.context["form"].errors
    assignment.refresh_from_db()
    assert assignment.instructions == "Lean la sección 2." and assignment.due_at.year == 2030
    delete_url = reverse("teachers:assignment-delete", args=[classroom.pk, assignment.pk])
    assert client.get(delete_url).status_code == 200 and Assignment.objects.exists()  # asks first
    assert client.post(delete_url).status_code == 302
    assert not Assignment.objects.exists()


def test_only_the_class_teachers_edit_or_delete_its_assignments(client, classroom, catalog):
    assignment = Assignment.objects.create(classroom=classroom, kind="lesson", title="L",
                                           target_key="6c1f7d4e-7c11-4c62-9d0e-3d1f3b6a8a11")
    client.force_login(make_teacher(username="otra"))
    for name in ("teachers:assignment-edit", "teachers:assignment-delete"):
        assert client.post(reverse(name, args=[classroom.pk, assignment.pk]), {"instructions": "x"}).status_code == 404
    assert Assignment.objects.get().instructions == ""


def test_the_teachers_instructions_show_on_the_lesson_and_quiz_for_assigned_students_only(
        client, teacher, classroom, student, catalog, site_pages):
    from tests.quizzes.conftest import make_quiz

    module = make_module(catalog, lessons=1)
    lesson = module.get_children().first().specific
    quiz = make_quiz(module)
    for page, text in ((lesson, "Lean con calma la sección 1."), (quiz, "Sin apuntes, por favor.")):
        Assignment.objects.create(classroom=classroom, kind=page.specific_class.__name__[:-4].lower(), title=page.title,
                                  target_key=page.translation_key, instructions=text)
    client.force_login(student)
    assert "Lean con calma la sección 1." in client.get(lesson.url).content.decode()
    assert "Sin apuntes, por favor." in client.get(quiz.url).content.decode()
    client.force_login(UserFactory(username="ajeno"))
    assert "Lean con calma" not in client.get(lesson.url).content.decode()
    assert "Sin apuntes" not in client.get(quiz.url).content.decode()


def test_the_assignment_form_lists_the_classs_level_first_grouped_by_module(teacher, classroom, catalog):
    from curriculum.models import Level
    from teachers.forms import AssignmentForm

    make_module(catalog, title="Algebra de relaves", level=Level.UNIVERSITY, lessons=1)
    make_module(catalog, title="Zinc en la escuela", level=Level.SECONDARY, lessons=2)
    choices = AssignmentForm(classroom=classroom).fields["page"].choices
    headings = [heading for heading, _options in choices]
    assert headings[0] == "Zinc en la escuela"
    assert headings[1].startswith("Algebra de relaves (") and headings[1] != "Algebra de relaves ()"
    assert len(choices[0][1]) == 3  # the whole module and its two lessons
