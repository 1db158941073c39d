"""Sign-in, sign-up and join-code throttling (issue #12): one learner's wrong
passwords lock only that username from that address; a whole school behind one
public address is never locked out."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from accounts.models import User
from teachers import membership as classes
from teachers.models import Classroom
from tests.factories import UserFactory

SCHOOL_IP = "203.0.113.7"  # one public address for the whole school (NAT)
LOGIN = "/es/accounts/login/"


_clients = {}


def sign_in(username, password, ip=SCHOOL_IP, url=LOGIN):
    """A fresh visitor from ``ip`` (one client per address: building one is slow)."""
    client = _clients.setdefault(ip, Client(REMOTE_ADDR=ip))
    client.cookies.clear()
    return client.post(url, {"username": username, "password": password})


def test_wrong_passwords_lock_that_username_from_that_address_only(site_pages, settings):
    UserFactory(username="mateo"), UserFactory(username="camila")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in("mateo", "wrong").status_code == 200  # the form again, with its error
    locked = sign_in("mateo", "wrong")
    assert locked.status_code == 429
    assert "inténtalo de nuevo en 15 minutos" in locked.content.decode()
    # Locked: even the right password waits for the cool-off.
    assert sign_in("mateo", "pass-word-123").status_code == 429
    # Another student on the same school address signs in.
    assert sign_in("camila", "pass-word-123").status_code == 302
    # After the cool-off, mateo signs in again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in("mateo", "pass-word-123").status_code == 302


def test_the_lockout_message_is_translated(site_pages, settings):
    UserFactory(username="mateo")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("mateo", "wrong", url="/pt/accounts/login/")
    page = sign_in("mateo", "wrong", url="/pt/accounts/login/").content.decode()
    assert "tente novamente em 15 minutos" in page.lower()


def test_the_wagtail_admin_login_is_throttled_too(site_pages, settings):
    UserFactory(username="curadora", is_superuser=True, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("curadora", "wrong", url="/admin/login/")
    assert sign_in("curadora", "pass-word-123", url="/admin/login/").status_code == 429
    assert sign_in("curadora", "pass-word-123", ip="198.51.100.9", url="/admin/login/").status_code == 302


def test_a_whole_school_signs_in_at_once_from_one_address(site_pages):
    password = make_password("pass-word-123")
    User.objects.bulk_create([User(username=f"student{n:03d}", password=password) for n in range(300)])
    # One of them locks themselves out first.
    UserFactory(username="distracted")
    for _ in range(15):
        sign_in("distracted", "wrong")
    for n in range(300):
        if n % 10 == 0:  # some mistype once first
            assert sign_in(f"student{n:03d}", "typo").status_code == 200
        assert sign_in(f"student{n:03d}", "pass-word-123").status_code == 302, n
    assert sign_in("distracted", "pass-word-123").status_code == 429


def signup(ip, username):
    client = _clients.setdefault(ip, Client(REMOTE_ADDR=ip))
    client.cookies.clear()
    return client.post("/es/accounts/signup/", {
        "username": username, "display_name": "", "email": "", "country": "PE",
        "password1": "Salar-de-Uyuni-2024", "password2": "Salar-de-Uyuni-2024"})


def test_signups_are_limited_per_address(site_pages, settings):
    settings.ALMA_SIGNUPS_PER_ADDRESS_PER_HOUR = 3
    for n in range(3):
        assert signup(SCHOOL_IP, f"nuevo{n}").status_code == 302
    refused = signup(SCHOOL_IP, "nuevo3")
    assert refused.status_code == 429 and "pide a tu docente que cree tu cuenta" in refused.content.decode()
    assert not User.objects.filter(username="nuevo3").exists()
    assert signup("198.51.100.9", "nuevo3").status_code == 302


@pytest.fixture
def classroom(db):
    return Classroom.objects.create(name="2º medio A", level="secondary", language="es",
                                    owner=UserFactory(username="profe"))


def test_new_accounts_do_not_buy_new_join_code_guesses(classroom, settings):
    settings.ALMA_JOIN_FAILURES_PER_ADDRESS_PER_HOUR = 20
    for n in range(20):  # a fresh account for each wrong guess
        with pytest.raises(classes.JoinError) as error:
            classes.join(UserFactory(), f"WRONG{n:03d}", SCHOOL_IP)
        assert error.type is classes.JoinError
    with pytest.raises(classes.TooManyTries):
        classes.join(UserFactory(), "WRONG999", SCHOOL_IP)
    # Another address is not affected.
    assert classes.join(UserFactory(), classroom.join_code, "198.51.100.9").classroom == classroom


def test_a_class_joining_with_the_right_code_never_hits_the_address_ceiling(classroom, settings):
    settings.ALMA_JOIN_FAILURES_PER_ADDRESS_PER_HOUR = 20
    for _ in range(300):
        assert classes.join(UserFactory(), classroom.join_code, SCHOOL_IP).classroom == classroom
