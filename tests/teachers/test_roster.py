"""One-time passwords of roster accounts (teachers/roster.py): forced change, login cards, the teacher's reset."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teachers import membership as classes
from teachers.models import Classroom, Membership, RosterAccount
from tests.factories import UserFactory
from tests.teachers.conftest import make_teacher

PASSWORD_RE = re.compile(r'data-password>([a-z0-9-]{14})<')


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def card(client, classroom, teacher):
    client.force_login(teacher)
    page = client.post(reverse("teachers:create-student", args=[classroom.pk]),
                       {"username": "pedro", "display_name": "Pedro Soto"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    client.logout()
    return html, PASSWORD_RE.search(html).group(1)


def test_the_card_shows_name_username_password_and_sign_in_address_never_stored_in_clear(card):
    html, password = card
    assert "Pedro Soto" in html and "pedro" in html and "http://testserver/es/accounts/login/" in html
    assert 'class="login-card"' in html
    user = get_user_model().objects.get(username="pedro")
    assert password not in user.password and user.check_password(password)
    assert RosterAccount.objects.get(user=user).must_change_password


def test_first_sign_in_must_choose_a_password_and_the_card_then_stops_working(client, card):
    _html, password = card
    response = sign_in(client, "pedro", password)
    assert response.status_code == 302
    for path in ("/es/learning/", "/es/assignments/", "/es/classes/", "/admin/"):
        page = client.get(path)
        assert page.status_code == 302 and page["Location"] == reverse("teachers:choose-password")
    assert client.get("/api/v1/assignments/mine/").status_code == 403
    page = client.get(reverse("teachers:choose-password"))
    assert page.status_code == 200 and "tarjeta" in page.content.decode()
    assert client.post(reverse("teachers:choose-password"),
                       {"new_password1": "x", "new_password2": "x"}).status_code == 400
    response = client.post(reverse("teachers:choose-password"),
                           {"new_password1": "socavón-azul-2026", "new_password2": "socavón-azul-2026"})
    assert response.status_code == 302
    assert client.get("/es/assignments/").status_code == 200  # still signed in, nothing held back
    client.logout()
    assert sign_in(client, "pedro", password).status_code == 200  # the form again: the card's password is dead
    assert sign_in(client, "pedro", "socavón-azul-2026").status_code == 302
    assert client.get("/es/assignments/").status_code == 200  # no second forced change


def test_a_roster_upload_shows_one_card_per_student(client, classroom, teacher):
    client.force_login(teacher)
    roster = b"username,display_name,group\nana1,Ana,A\nbeto2,Beto,B\n"
    page = client.post(reverse("teachers:roster", args=[classroom.pk]),
                       {"roster": SimpleUploadedFile("r.csv", roster, content_type="text/csv")})
    html = page.content.decode()
    assert page.status_code == 200 and html.count('class="login-card"') == 2 and len(PASSWORD_RE.findall(html)) == 2
    assert RosterAccount.objects.filter(issued_by=teacher, classroom=classroom).count() == 2


def test_the_teacher_resets_a_roster_password_and_the_old_one_stops_working(client, classroom, teacher, card):
    _html, old = card
    pedro = get_user_model().objects.get(username="pedro")
    sign_in(client, "pedro", old)
    client.post(reverse("teachers:choose-password"), {"new_password1": "socavón-azul-2026",
                                                      "new_password2": "socavón-azul-2026"})
    client.force_login(teacher)
    page = client.post(reverse("teachers:reset-password", args=[classroom.pk, pedro.pk]))
    assert page.status_code == 200
    new = PASSWORD_RE.search(page.content.decode()).group(1)
    client.logout()
    assert sign_in(client, "pedro", "socavón-azul-2026").status_code == 200
    assert sign_in(client, "pedro", new).status_code == 302
    assert client.get("/es/assignments/")["Location"] == reverse("teachers:choose-password")


def test_the_student_page_offers_the_reset_only_for_roster_accounts(client, classroom, teacher, student, card):
    client.force_login(teacher)
    pedro = get_user_model().objects.get(username="pedro")
    own = client.get(reverse("teachers:student", args=[classroom.pk, student.pk])).content.decode()
    roster = client.get(reverse("teachers:student", args=[classroom.pk, pedro.pk])).content.decode()
    assert reverse("teachers:reset-password", args=[classroom.pk, pedro.pk]) in roster
    assert reverse("teachers:reset-password", args=[classroom.pk, student.pk]) not in own


@pytest.mark.parametrize("who", ["other_teacher", "student", "own_account"])
def test_nobody_else_resets_a_password(client, classroom, teacher, student, card, who):
    """Another teacher (404: the class is not theirs), the student themself, and a member whose account is
    their own (e-mail reset, not the teacher's) are all refused; the password does not change."""
    pedro = get_user_model().objects.get(username="pedro")
    target = pedro
    if who == "other_teacher":
        other = make_teacher(username="otra")
        Classroom.objects.create(name="Otra", level="secondary", language="es", owner=other)
        client.force_login(other)
    elif who == "student":
        client.force_login(student)
    else:
        client.force_login(teacher)
        target = student
    before = get_user_model().objects.get(pk=target.pk).password
    response = client.post(reverse("teachers:reset-password", args=[classroom.pk, target.pk]))
    assert response.status_code == 404
    assert get_user_model().objects.get(pk=target.pk).password == before


def test_a_roster_student_who_left_the_class_is_not_reset_by_it(client, classroom, teacher, card):
    pedro = get_user_model().objects.get(username="pedro")
    classes.leave(Membership.objects.get(classroom=classroom, student=pedro))
    client.force_login(teacher)
    assert client.post(reverse("teachers:reset-password", args=[classroom.pk, pedro.pk])).status_code == 404


def test_a_get_on_the_reset_writes_nothing(client, classroom, teacher, card):
    pedro = get_user_model().objects.get(username="pedro")
    client.force_login(teacher)
    before = get_user_model().objects.get(pk=pedro.pk).password
    assert client.get(reverse("teachers:reset-password", args=[classroom.pk, pedro.pk])).status_code == 405
    assert get_user_model().objects.get(pk=pedro.pk).password == before


def test_an_ordinary_account_is_never_forced(client, db):
    UserFactory(username="libre")
    assert sign_in(client, "libre", "pass-word-123").status_code == 302
    assert client.get("/es/assignments/").status_code == 200


def test_without_a_one_time_password_the_page_asks_for_the_current_one(client, student):
    client.force_login(student)
    response = client.post(reverse("teachers:choose-password"), {"new_password1": "socavón-azul-2026",
                                                                 "new_password2": "socavón-azul-2026"})
    assert response.status_code == 400
    student.refresh_from_db()
    assert student.check_password("pass-word-123")
