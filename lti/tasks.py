"""Background work of the LTI tool (django-tasks): sending scores and syncing rosters, so a
learner's submit or an instructor's launch does not wait for the LMS. Without a TASKS setting
django-tasks runs them at once (ImmediateBackend), after the request's transaction commits."""

from django_tasks import task

from lti import grades, roster
from lti.models import CourseClass


@task()
def send_score_task(send_id: int) -> str:
    return grades.send_score(send_id)


@task()
def sync_roster_task(course_id: int) -> dict:
    course = CourseClass.objects.select_related("context__deployment__registration", "classroom").get(pk=course_id)
    return roster.sync_roster(course)
