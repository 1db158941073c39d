"""What ALMA keeps about LTI launches, on top of django-lti's platform records (``lti_tool``).

django-lti keeps the registrations (issuer, client id, URLs), deployments, the tool's keys,
and the platform's users, contexts (courses), memberships and resource links. This app adds
what ties them to ALMA: which page a resource link opens, which class a course fills,
which nonces were spent, and which quiz scores were sent back.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lti.origins import origin


class Placement(models.Model):
    """An LMS resource link and the ALMA page (module, lesson or quiz) it opens."""

    resource_link = models.OneToOneField("lti_tool.LtiResourceLink", on_delete=models.CASCADE,
                                         related_name="alma_placement")
    page_key = models.UUIDField(_("page"), help_text="translation_key of the module, lesson or quiz page")
    # Assignment and Grade Services: the platform's line item for this link (empty: no grades).
    lineitem_url = models.URLField(_("line item"), max_length=500, blank=True)
    ags_scopes = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("LTI placement")
        verbose_name_plural = _("LTI placements")
        indexes = [models.Index(fields=["page_key"])]

    def __str__(self):
        return f"{self.resource_link} → {self.page_key}"


class CourseClass(models.Model):
    """An LMS course (an LTI context) and the ALMA class its roster fills."""

    context = models.OneToOneField("lti_tool.LtiContext", on_delete=models.CASCADE, related_name="alma_class")
    classroom = models.OneToOneField("teachers.Classroom", on_delete=models.CASCADE, related_name="lti_course")
    roster_synced_at = models.DateTimeField(_("roster synced"), null=True, blank=True)

    class Meta:
        verbose_name = _("LTI course class")
        verbose_name_plural = _("LTI course classes")

    def __str__(self):
        return str(self.classroom)


class SpentNonce(models.Model):
    """A nonce of an id_token that launched once: the same id_token is refused a second time."""

    registration = models.ForeignKey("lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "nonce"], name="lti_nonce_once")]


class ScoreSend(models.Model):
    """One quiz attempt's score sent (or to be sent) to one line item of an LMS."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    attempt = models.ForeignKey("quizzes.Attempt", on_delete=models.CASCADE, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="scores")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    tries = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("LTI score")
        verbose_name_plural = _("LTI scores")
        constraints = [models.UniqueConstraint(fields=["attempt", "placement"], name="lti_score_once")]


class FrameOrigin(models.Model):
    """An origin besides the issuer's and the auth URL's that may show ALMA in an iframe for this
    platform: an institution's own Canvas domain, say. Added by an administrator, or learnt from
    a verified launch (its return URL and ``tool_platform.url``)."""

    registration = models.ForeignKey("lti_tool.LtiRegistration", on_delete=models.CASCADE,
                                     related_name="frame_origins", verbose_name=_("platform"))
    origin = models.CharField(_("origin"), max_length=255, help_text=_("For example https://school.instructure.com"))
    learnt = models.BooleanField(_("learnt from a launch"), default=False, editable=False)

    class Meta:
        verbose_name = _("frame origin")
        verbose_name_plural = _("frame origins")
        constraints = [models.UniqueConstraint(fields=["registration", "origin"], name="lti_frame_origin_once")]

    def __str__(self):
        return self.origin

    def clean(self):
        if origin(self.origin) != self.origin.rstrip("/"):
            raise ValidationError({"origin": _("Give only the scheme and host, for example https://school.instructure.com")})
        self.origin = self.origin.rstrip("/")
