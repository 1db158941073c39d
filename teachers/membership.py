"""Who belongs to a class: teachers, joining with a code, leaving, moving between classes, and
handing classes over when a teacher deletes their account. Changes when the rules of membership do."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.throttle import JOIN_FAILURES_PER_ADDRESS
from teachers.models import Classroom, Membership, normalise_code

JOIN_LIMIT = 10
JOIN_WINDOW = 600  # seconds


class JoinError(Exception):
    status = 400


class TooManyTries(JoinError):
    status = 429


# --- roles and access -------------------------------------------------------------


def is_teacher(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.TEACHER))


# --- joining -----------------------------------------------------------------------


def join(user, code: str, ip: str) -> Membership:
    """Join the class with this code. Every try (right or wrong) counts toward
    the limit of JOIN_LIMIT per user and address in JOIN_WINDOW seconds; wrong
    codes also count toward a ceiling per address, whatever the account, so new
    accounts do not buy new guesses (right codes never count: a school shares one address)."""
    if JOIN_FAILURES_PER_ADDRESS.reached(ip):
        raise TooManyTries(_("Too many wrong join codes from your network. Try again in an hour, "
                             "or ask your teacher to add you to the class."))
    key = f"teachers:join:{user.pk}:{ip}"
    cache.add(key, 0, JOIN_WINDOW)
    try:
        tries = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, JOIN_WINDOW)
        tries = 1
    if tries > JOIN_LIMIT:
        raise TooManyTries(_("Too many tries with join codes. Wait ten minutes and ask your teacher for the code again."))
    code = normalise_code(code)
    classroom = Classroom.objects.filter(join_code=code).first() if code else None
    if classroom is None:
        JOIN_FAILURES_PER_ADDRESS.count(ip)
        raise JoinError(_("No class has this code. Check it with your teacher: it has 8 letters and digits."))
    if classroom.is_archived:
        raise JoinError(_("This class has been archived and does not accept new members."))
    if classroom.code_expires_at <= timezone.now():
        raise JoinError(_("This join code has expired. Ask your teacher for a new one."))
    if classroom.is_teacher(user):
        raise JoinError(_("You teach this class, so you cannot join it as a student."))
    if classroom.is_cohort and not is_teacher(user):
        raise JoinError(_("This is a teacher-training cohort: sign in with a teacher account to join it."))
    membership, _created = Membership.objects.get_or_create(classroom=classroom, student=user, left_at__isnull=True,
                                                            defaults={"left_at": None})
    return membership


def leave(membership: Membership):
    if membership.left_at is None:
        membership.left_at = timezone.now()
        membership.save(update_fields=["left_at"])


def move_member(membership: Membership, target: Classroom) -> Membership:
    """End the membership and start one in ``target`` (same group); the old class loses access."""
    if target.pk == membership.classroom_id:
        return membership
    with transaction.atomic():
        leave(membership)
        moved, _created = Membership.objects.get_or_create(classroom=target, student=membership.student,
                                                           left_at__isnull=True, defaults={"group": membership.group})
    return moved


# --- a teacher deleting their account ---------------------------------------------


def account_deletion_refusals(user) -> list[str]:
    """A teacher may not delete their account while an active class of theirs has
    no co-teacher to take it over: the students would be left without a teacher."""
    return [_("Your class “%(class)s” has no other teacher. Add a co-teacher (they will take it over) "
              "or archive the class, then delete your account.") % {"class": classroom.name}
            for classroom in Classroom.objects.active().filter(owner=user, co_teachers__isnull=True).order_by("name")]


def hand_over_classes(user):
    """Before ``user``'s account is deleted, each class they own passes to its
    longest-standing co-teacher; an archived class nobody else teaches is kept,
    without a teacher, so its students lose nothing."""
    CoTeacher = Classroom.co_teachers.through
    for classroom in Classroom.objects.filter(owner=user):
        successor = CoTeacher.objects.filter(classroom=classroom).order_by("pk").values_list("user_id", flat=True).first()
        classroom.owner_id = successor
        classroom.save(update_fields=["owner"])
        if successor:
            classroom.co_teachers.remove(successor)
