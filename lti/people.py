"""LMS users as ALMA accounts: one account per platform user (registration × ``sub``), made
on their first launch or roster sync, with no e-mail and no usable password (they sign in
through their LMS). Instructors get the Teacher role, learners the Learner role.

Only the name is kept: django-lti stores the e-mail and picture claims on its ``LtiUser``
rows, and they are blanked here (collect the minimum: many learners are minors).
"""

from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from lti_tool.lti_core.constants import ContextRole
from lti_tool.lti_core.utils import normalize_role
from lti_tool.models import LtiUser

from accounts.models import Role

INSTRUCTOR_ROLES = {ContextRole.INSTRUCTOR.value, ContextRole.ADMINISTRATOR.value,
                    ContextRole.CONTENT_DEVELOPER.value,
                    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
                    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
                    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"}


def is_instructor(roles) -> bool:
    """Whether these LTI roles (full URIs, or short names in NRPS answers) make an instructor.
    A TA (``Instructor#TeachingAssistant``) counts as an instructor; anything else is a learner."""
    for role in roles or []:
        full = normalize_role(str(role))
        if full in INSTRUCTOR_ROLES or full.startswith(ContextRole.INSTRUCTOR.value + "#"):
            return True
    return False


def username_for(lti_user: LtiUser) -> str:
    digest = hashlib.sha256(f"{lti_user.registration_id}:{lti_user.sub}".encode()).hexdigest()[:16]
    return f"lti-{lti_user.registration_id}-{digest}"


def display_name(lti_user: LtiUser) -> str:
    name = lti_user.name or " ".join(part for part in (lti_user.given_name, lti_user.family_name) if part)
    return name[:150]


def account_for(lti_user: LtiUser, roles, language: str = ""):
    """The ALMA account of this platform user, made the first time; their role follows the LMS's."""
    User = get_user_model()
    LtiUser.objects.filter(pk=lti_user.pk).exclude(email="", picture_url="").update(email="", picture_url="")
    user = lti_user.auth_user
    if user is None:
        user, _created = User.objects.get_or_create(username=username_for(lti_user))
        if _created:
            user.set_unusable_password()
            user.display_name = display_name(lti_user)
            user.preferred_language = language
            user.save()
        lti_user.auth_user = user
        lti_user.save(update_fields=["auth_user", "datetime_modified"])
    elif display_name(lti_user) and user.display_name != display_name(lti_user):
        user.display_name = display_name(lti_user)
        user.save(update_fields=["display_name"])
    role = Role.TEACHER if is_instructor(roles) else Role.LEARNER
    if role.value not in user.role_names:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        user.__dict__.pop("role_names", None)
    return user
