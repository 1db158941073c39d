"""Assignment and Grade Services: a submitted quiz attempt's score sent to the LMS gradebook.

On submit (``quizzes.signals.attempt_submitted``) the receiver records one ``ScoreSend``
per LMS link of that quiz the learner launched, and a django-tasks task sends them after
the submit's transaction commits, so the learner's answer is never kept waiting for the LMS.
The score is sent as a percentage (``scoreGiven`` 0–100 of ``scoreMaximum`` 100); the LMS
keeps the latest, as the AGS specification says. A send that failed stays ``failed`` with
its error and is tried again by ``manage.py lti_send_scores``.
"""

from __future__ import annotations

import logging
from datetime import timezone as dt_timezone

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiUser
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector
from requests import RequestException

from lti.models import Placement, ScoreSend

logger = logging.getLogger(__name__)
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
MAX_TRIES = 5


GRADED_PAGES_KEY = "alma:lti:graded-pages"


def graded_page_keys() -> frozenset[str]:
    """The translation keys of pages some LMS keeps a grade column for: a submit of any other quiz
    (nearly all of them) needs no query here. Forgotten whenever a placement changes."""
    keys = cache.get(GRADED_PAGES_KEY)
    if keys is None:
        keys = frozenset(str(key) for key in Placement.objects.exclude(lineitem_url="").values_list("page_key", flat=True))
        cache.set(GRADED_PAGES_KEY, keys, None)
    return keys


def forget_graded_pages(**kwargs):
    cache.delete(GRADED_PAGES_KEY)


def scores_to_send(attempt) -> list[int]:
    """Record the sends this submitted attempt needs; their ids. Called inside the submit's transaction."""
    if str(attempt.quiz_key) not in graded_page_keys():
        return []
    placements = (Placement.objects.filter(page_key=attempt.quiz_key)
                  .exclude(lineitem_url="")
                  .filter(resource_link__context__memberships__user__auth_user=attempt.user)
                  .distinct())
    ids = []
    for placement in placements:
        send, _created = ScoreSend.objects.get_or_create(attempt=attempt, placement=placement,
                                                         defaults={"user": attempt.user})
        ids.append(send.pk)
    return ids


def grade_for(send: ScoreSend, sub: str) -> Grade:
    attempt = send.attempt
    submitted = (attempt.submitted_at or timezone.now()).astimezone(dt_timezone.utc)
    return (Grade().set_user_id(sub)
            .set_score_given(round(100 * (attempt.score or 0), 2))
            .set_score_maximum(100)
            .set_activity_progress("Completed")
            .set_grading_progress("FullyGraded")
            .set_timestamp(submitted.isoformat(timespec="milliseconds").replace("+00:00", "Z")))


def send_score(send_id: int, requests_session=None) -> str:
    """Send one recorded score; its new status."""
    with transaction.atomic():
        send = (ScoreSend.objects.select_for_update()
                .select_related("attempt", "placement__resource_link__context__deployment__registration")
                .filter(pk=send_id).first())
        if send is None or send.status == ScoreSend.Status.SENT:
            return send.status if send else "missing"
        placement = send.placement
        registration = placement.resource_link.context.deployment.registration
        lti_user = LtiUser.objects.filter(registration=registration, auth_user=send.user_id).first()
        send.tries += 1
        try:
            if lti_user is None:
                raise LtiException("the learner has no account on this platform")
            scopes = placement.ags_scopes or [SCORE_SCOPE]
            connector = ServiceConnector(registration.to_registration(), requests_session)
            service = AssignmentsGradesService(connector, {"scope": scopes, "lineitem": placement.lineitem_url})
            service.put_grade(grade_for(send, lti_user.sub))
        except (LtiException, RequestException, ValueError, KeyError) as error:
            send.status, send.error = ScoreSend.Status.FAILED, str(error)[:2000]
            logger.warning("LTI score %s not sent: %s", send.pk, error)
        else:
            send.status, send.error, send.sent_at = ScoreSend.Status.SENT, "", timezone.now()
        send.save(update_fields=["status", "error", "tries", "sent_at"])
        return send.status
