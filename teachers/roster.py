"""One-time passwords of the student accounts a teacher creates, and the login cards that carry them.

A roster account (``RosterAccount``) gets a generated password the teacher
hands over on a printed card. Whoever signs in with it is sent to choose their
own password, and reaches nothing else until they have (``OneTimePasswordMiddleware``):
the generated one then no longer works. The teacher of a class the student is in
may issue a new one-time password; accounts that were not created by a roster
(they have an e-mail address and its reset) are not theirs to reset.

Passwords are never stored in clear: a card is built from the password just
generated, rendered once in the response, and forgotten.
"""

from __future__ import annotations

import secrets
from typing import NamedTuple

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teachers.models import Membership, RosterAccount

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from a card without mistakes
SESSION_KEY = "teachers_must_choose_password"


def new_password() -> str:
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))


class LoginCard(NamedTuple):
    user: object
    password: str


def issue_password(user, classroom, issued_by=None) -> LoginCard:
    """Give ``user`` a new one-time password (they must replace it at their next sign-in)."""
    password = new_password()
    user.set_password(password)  # also ends the sessions signed in with the old password
    user.save(update_fields=["password"])
    RosterAccount.objects.update_or_create(user=user, defaults={
        "classroom": classroom, "issued_by": issued_by, "issued_at": timezone.now(), "must_change_password": True})
    return LoginCard(user, password)


def can_reset_password(classroom, student) -> bool:
    """A teacher of ``classroom`` may reset the password of a current member whose account a class roster created
    (never a staff account: those have their own e-mail reset)."""
    return (not student.is_staff and not student.is_superuser
            and RosterAccount.objects.filter(user=student).exists()
            and Membership.objects.current().filter(classroom=classroom, student=student).exists())


@transaction.atomic
def password_chosen(request, user):
    """The student replaced their one-time password: the card's password no longer works, the session stays."""
    RosterAccount.objects.filter(user=user).update(must_change_password=False)
    request.session.pop(SESSION_KEY, None)
    update_session_auth_hash(request, user)


@receiver(user_logged_in)
def remember_one_time_sign_in(sender, request, user, **kwargs):
    """Read once at sign-in, so the middleware needs no query on every request."""
    if request is not None and RosterAccount.objects.filter(user=user, must_change_password=True).exists():
        request.session[SESSION_KEY] = True


class OneTimePasswordMiddleware:
    """Someone signed in with a one-time password reaches only the page to choose their own (and signing out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_KEY) and request.user.is_authenticated:
            allowed = {reverse("teachers:choose-password"), reverse("logout")}
            path = request.path_info
            if path not in allowed and not path.startswith(("/static/", "/i18n/", "/jsi18n/")) \
                    and not path.endswith("/jsi18n/"):
                if path.startswith("/api/"):
                    return HttpResponseForbidden(_("Choose your own password first."))
                return redirect("teachers:choose-password")
        return self.get_response(request)
