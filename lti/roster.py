"""An LMS course as an ALMA class: made at an instructor's first launch from the course,
filled from the LMS roster through Names and Role Provisioning Services (NRPS).

Learners of the course become students of the class (their accounts made as on a
launch, with no e-mail); instructors become its teacher or co-teachers. Someone who
left the course on the LMS leaves the class (their records stay, as when a student leaves).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiContext, LtiUser
from lti_tool.services.nrps import fetch_member_data

from curriculum.models import Level
from lti.models import CourseClass
from lti.people import account_for, is_instructor
from teachers.models import Classroom, Membership


def class_for(context: LtiContext, instructor, language: str) -> Classroom:
    """The ALMA class of this LMS course, made (owned by ``instructor``) the first time."""
    course = CourseClass.objects.filter(context=context).select_related("classroom").first()
    if course is not None:
        classroom = course.classroom
        if classroom.owner_id is None:
            classroom.owner = instructor
            classroom.save(update_fields=["owner"])
        elif classroom.owner_id != instructor.pk:
            classroom.co_teachers.add(instructor)
        return classroom
    name = (context.title or context.label or context.id_on_platform or "LMS")[:120]
    classroom = Classroom.objects.create(name=name, level=Level.UNIVERSITY, language=language, owner=instructor)
    CourseClass.objects.create(context=context, classroom=classroom)
    return classroom


def add_student(classroom: Classroom, user):
    if classroom.owner_id == user.pk:
        return
    if not Membership.objects.filter(classroom=classroom, student=user, left_at__isnull=True).exists():
        Membership.objects.create(classroom=classroom, student=user)


def sync_roster(course: CourseClass, members: list[dict] | None = None) -> dict:
    """Fill the class from the course's NRPS roster (fetched unless ``members`` is given)."""
    context = course.context
    if members is None:
        members = fetch_member_data(context)
    registration = context.deployment.registration
    classroom = course.classroom
    counts = {"students": 0, "teachers": 0, "left": 0}
    with transaction.atomic():
        active_students = set()
        for member in members:
            if not member.get("user_id"):
                continue
            lti_user, _created = LtiUser.objects.update_or_create(
                registration=registration, sub=member["user_id"],
                defaults={k: member[k] for k in ("name", "given_name", "family_name") if member.get(k)})
            user = account_for(lti_user, member.get("roles"), classroom.language)
            active = member.get("status", "Active") == "Active"
            if is_instructor(member.get("roles")):
                if active and classroom.owner_id != user.pk:
                    classroom.co_teachers.add(user)
                counts["teachers"] += 1
            elif active:
                add_student(classroom, user)
                active_students.add(user.pk)
                counts["students"] += 1
        gone = classroom.memberships.filter(left_at__isnull=True, student__lti_users__registration=registration
                                            ).exclude(student__in=active_students)
        counts["left"] = gone.update(left_at=timezone.now())
        course.roster_synced_at = timezone.now()
        course.save(update_fields=["roster_synced_at"])
    return counts
