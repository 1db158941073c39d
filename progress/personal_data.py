"""progress's sections of "My data" (see accounts.personal_data)."""

from accounts.personal_data import register
from progress.models import Certificate, Enrolment, LessonProgress, Statement
from progress.xapi import statement_to_xapi


@register("enrolments")
def enrolments(user) -> list:
    return list(Enrolment.objects.filter(user=user).values(
        "kind", "object_key", "enrolled_at", "last_activity_at", "progress", "seconds_spent", "completed_at"))


@register("lesson_progress")
def lesson_progress(user) -> list:
    return list(LessonProgress.objects.filter(user=user).values(
        "lesson_key", "module_key", "first_viewed_at", "last_viewed_at", "seconds_spent", "completed_at"))


@register("certificates")
def certificates(user) -> list:
    return list(Certificate.objects.filter(user=user).values(
        "id", "verification_key", "kind", "achievement_title", "learner_name", "hours", "issued_at", "revoked_at",
        "revocation_reason"))


@register("statements")
def statements(user) -> list:
    return [statement_to_xapi(s) for s in Statement.objects.filter(user=user).iterator()]
