"""What the LTI tool hears: a submitted quiz (its score goes back to the LMS, lti/grades.py) and a changed
platform registration (which LMSs may frame ALMA, lti/frames.py)."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from lti_tool.models import LtiRegistration, LtiUser

from lti.frames import forget_registered_origins
from lti.grades import forget_graded_pages, scores_to_send
from lti.models import FrameOrigin, Placement
from lti.tasks import send_score_task
from quizzes.signals import attempt_submitted


@receiver(attempt_submitted, dispatch_uid="lti-send-score")
def send_scores_back(sender, attempt, **kwargs):
    for send_id in scores_to_send(attempt):
        transaction.on_commit(partial(send_score_task.enqueue, send_id))


@receiver(post_save, sender=LtiRegistration, dispatch_uid="lti-forget-origins")
@receiver(post_delete, sender=LtiRegistration, dispatch_uid="lti-forget-origins-delete")
@receiver(post_save, sender=FrameOrigin, dispatch_uid="lti-forget-frame-origins")
@receiver(post_delete, sender=FrameOrigin, dispatch_uid="lti-forget-frame-origins-delete")
def registrations_changed(sender, **kwargs):
    """Which LMSs may frame ALMA is read from the registrations: read it again."""
    forget_registered_origins()


@receiver(post_save, sender=Placement, dispatch_uid="lti-forget-graded-pages")
@receiver(post_delete, sender=Placement, dispatch_uid="lti-forget-graded-pages-delete")
def placements_changed(sender, **kwargs):
    """Which quizzes have an LMS grade column is read from the placements: read it again."""
    forget_graded_pages()


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="lti-forget-lms-user")
def forget_lms_accounts(sender, instance, **kwargs):
    """A deleted ALMA account takes its LMS identities (name, ``sub``) with it; the next launch makes a new one."""
    LtiUser.objects.filter(auth_user=instance).delete()
