"""Student accounts a teacher creates (one by one or from a CSV roster, without e-mail), their
one-time passwords, and the login cards that carry them. Changes when the way a class gets its
students' accounts does.

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

import csv
import io
import re
import secrets
from typing import NamedTuple

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
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

# --- student accounts without e-mail ------------------------------------------------

USERNAME_RE = re.compile(r"^[\w.@+-]{3,150}$")


def _create_student(classroom, username, display_name="", group="", issued_by=None):
    User = get_user_model()
    user = User(username=username, display_name=display_name[:150], institution=classroom.institution,
                preferred_language=classroom.language, country=classroom.student_country)
    user.set_unusable_password()
    user.save()
    # The members of a trainer cohort are teachers in training.
    role = Role.TEACHER if classroom.is_cohort else Role.LEARNER
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    Membership.objects.create(classroom=classroom, student=user, group=group[:60])
    return issue_password(user, classroom, issued_by)


def check_username(username: str) -> str | None:
    if not USERNAME_RE.match(username):
        return _("“%(name)s” is not a valid username: use 3 or more letters, digits and . @ + - _") % {"name": username[:40]}
    if get_user_model().objects.filter(username__iexact=username).exists():
        return _("The username “%(name)s” is taken: choose another.") % {"name": username}
    return None


@transaction.atomic
def create_student(classroom, username, display_name="", group="", issued_by=None):
    """Returns a login card ``(user, one-time password)``; raises ValueError with a message."""
    username = username.strip()
    error = check_username(username)
    if error:
        raise ValueError(error)
    return _create_student(classroom, username, display_name.strip(), group.strip(), issued_by)


class RosterError(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{row}: {msg}" for row, msg in errors))


def import_roster(classroom, data: bytes | str, issued_by=None) -> list[tuple]:
    """Create one student per CSV row (columns ``username``, ``display_name``,
    ``group``). All rows or none: any error raises RosterError listing every bad
    row by its line number in the file. Returns ``[(user, password), …]``."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RosterError([(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."))])
    try:
        dialect = csv.Sniffer().sniff(data[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(data), dialect=dialect)
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "username" not in fields:
        raise RosterError([(1, _("The first line must name the columns: username, display_name, group."))])
    reader.fieldnames = fields
    rows, errors, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        username = (row.get("username") or "").strip()
        if not username:
            errors.append((line, _("The username is empty.")))
            continue
        if username.lower() in seen:
            errors.append((line, _("“%(name)s” is already on line %(line)d.") % {"name": username, "line": seen[username.lower()]}))
            continue
        seen[username.lower()] = line
        error = check_username(username)
        if error:
            errors.append((line, error))
        rows.append((username, (row.get("display_name") or "").strip(), (row.get("group") or "").strip()))
    if not rows and not errors:
        errors.append((2, _("The file has no students.")))
    if errors:
        raise RosterError(errors)
    with transaction.atomic():
        return [_create_student(classroom, *row, issued_by=issued_by) for row in rows]
