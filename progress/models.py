"""Learning records (append-only, xAPI-shaped) and the summaries pages read.

Progress is keyed by the page's ``translation_key``: a learner who switches
language keeps their progress.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    REGISTERED = "http://adlnet.gov/expapi/verbs/registered", _("enrolled in")
    EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced", _("viewed")
    COMPLETED = "http://adlnet.gov/expapi/verbs/completed", _("completed")
    PASSED = "http://adlnet.gov/expapi/verbs/passed", _("passed")
    FAILED = "http://adlnet.gov/expapi/verbs/failed", _("failed")
    EARNED = "http://id.tincanapi.com/verb/earned", _("earned")


class ObjectType(models.TextChoices):
    LESSON = "lesson", _("lesson")
    QUIZ = "quiz", _("quiz")
    MODULE = "module", _("module")
    TRACK = "track", _("track")
    # Only in statements written before certificates got a separate verification key: an
    # `earned` statement's object is now the module or track achieved, never the certificate.
    CERTIFICATE = "certificate", _("certificate")


class AppendOnly(Exception):
    pass


class Statement(models.Model):
    """One learner action. Never updated; on account deletion the actor is
    replaced by a random pseudonym (``delete_account``), the record of learning stays."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="statements")
    actor_pseudonym = models.CharField(max_length=64, blank=True)
    verb = models.CharField(max_length=80, choices=Verb.choices)
    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    object_key = models.UUIDField(help_text="translation_key of the page")
    object_title = models.CharField(max_length=255)
    score_scaled = models.FloatField(null=True, blank=True)
    success = models.BooleanField(null=True)
    completion = models.BooleanField(null=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    locale = models.CharField(max_length=10)
    classroom_id = models.PositiveIntegerField(null=True, blank=True, help_text="Class the action was done for, if any.")
    timestamp = models.DateTimeField(default=timezone.now)
    stored = models.DateTimeField(auto_now_add=True)
    # xAPI context, fixed when the statement is recorded: the learner's enrolment in the module
    # (a lesson's, a quiz's) or in the track, and the activities it sits in, as [type, key] pairs:
    # {"parent": [["module", key]], "grouping": [["track", key], ...]} (progress.records).
    registration = models.UUIDField(null=True, blank=True, help_text="registration of the enrolment it belongs to")
    context_activities = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["timestamp"]
        indexes = [models.Index(fields=["user", "timestamp"]), models.Index(fields=["object_key", "verb"])]
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        # Given to the account whose API token a school server uses to send its records up (sync_records).
        permissions = [("send_school_records", _("Can send school records"))]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Statements are append-only.")
        super().save(*args, **kwargs)


class Enrolment(models.Model):
    class Kind(models.TextChoices):
        MODULE = "module", _("module")
        TRACK = "track", _("track")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MODULE)
    object_key = models.UUIDField()
    # The xAPI registration of every statement made under this enrolment (an LRS groups them by it).
    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolled_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    progress = models.FloatField(default=0, help_text="0–1")
    seconds_spent = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "object_key"], name="one_enrolment_per_object")]
        ordering = ["-last_activity_at"]
        verbose_name = _("enrolment")


class LessonProgress(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson_key = models.UUIDField()
    module_key = models.UUIDField(db_index=True)
    first_viewed_at = models.DateTimeField(default=timezone.now)
    last_viewed_at = models.DateTimeField(default=timezone.now)
    seconds_spent = models.PositiveIntegerField(default=0, help_text="Active time in the page (see record_visit).")
    # The last day active time was counted on, and how much: caps a learner's day across lessons.
    active_on = models.DateField(null=True, blank=True)
    active_seconds_on_day = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson_key"], name="one_progress_per_lesson")]
        indexes = [models.Index(fields=["user", "active_on"], name="progress_active_day")]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")


class Certificate(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The only id the public sees (verification page, badge): unrelated to ``id`` and to any
    # learning record, so a public lookup cannot be joined to the research export.
    verification_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="certificates")
    kind = models.CharField(max_length=10, choices=Enrolment.Kind.choices)
    achievement_key = models.UUIDField()
    achievement_title = models.CharField(_("achievement"), max_length=255)
    learner_name = models.CharField(_("name"), max_length=150)
    language = models.CharField(max_length=10)
    hours = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    modules = models.JSONField(_("modules"), default=list, blank=True,
                               help_text="Titles of the modules a track certificate covers, as they were when it was issued.")
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    # Open Badges 3.0: the certificate's bit in the Bitstring Status List (chosen at random, so
    # neighbouring bits tell nothing), and the signed OpenBadgeCredential, frozen once signed.
    status_index = models.PositiveIntegerField(null=True, blank=True, unique=True, editable=False)
    credential = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "achievement_key"], name="one_certificate_per_achievement")]
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [("revoke_certificate", "Can revoke certificates")]

    def __str__(self):
        return f"{self.learner_name} — {self.achievement_title}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class IssuerKey(models.Model):
    """An Ed25519 key the platform signs Open Badges with. The newest unretired key signs;
    retired keys stay published so credentials they signed still verify. The private key
    is stored encrypted (PKCS#8, with a secret from the server's settings, not the database)."""

    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)
    public_key_multibase = models.CharField(max_length=64, unique=True)
    encrypted_private_key = models.BinaryField(editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")

    def __str__(self):
        return self.public_key_multibase


class WithdrawnStatusIndex(models.Model):
    """The status bit of a certificate deleted with its account: never given again, and set in
    the status list, so a copy of that credential stops verifying as good (as its page, gone)."""

    index = models.PositiveIntegerField(primary_key=True)


class ItemSummary(models.Model):
    """The read model of learner results: one row per learner × item (a lesson or a
    quiz, by ``translation_key``, so every language shares it), written in the same
    transaction as the completion or the attempt it summarises (as Kolibri's
    ContentSummaryLog). "My learning", class reports, tracks and certificates read
    it; nobody re-derives "passed" or "best score" from raw attempts.

    ``completed_at``: a lesson completed, or a quiz's first passing attempt.
    ``tries`` / ``failed_tries``: submitted quiz attempts (lessons: 0).
    """

    class Kind(models.TextChoices):
        LESSON = "lesson", _("lesson")
        QUIZ = "quiz", _("quiz")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="item_summaries")
    item_key = models.UUIDField(help_text="translation_key of the lesson or quiz page")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    module_key = models.UUIDField(null=True, blank=True, db_index=True, help_text="translation_key of its module")
    first_activity_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    seconds_spent = models.PositiveIntegerField(default=0)
    tries = models.PositiveIntegerField(default=0)
    failed_tries = models.PositiveIntegerField(default=0)
    best_score = models.FloatField(null=True, blank=True, help_text="0–1")
    last_score = models.FloatField(null=True, blank=True, help_text="0–1")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "item_key"], name="one_summary_per_item")]
        verbose_name = _("learner result")
        verbose_name_plural = _("learner results")

    def __str__(self):
        return f"{self.user_id} · {self.kind} {self.item_key}"

    @property
    def passed(self) -> bool:
        return self.completed_at is not None

    @property
    def failed(self) -> bool:
        """A quiz submitted and never passed."""
        return self.tries > 0 and self.completed_at is None


class LrsEndpoint(models.Model):
    """An external Learning Record Store that receives every statement recorded while it is enabled
    (progress.forwarding). Chosen by an administrator in Settings → Learning Record Stores."""

    class Auth(models.TextChoices):
        BASIC = "basic", _("HTTP Basic (user name and password)")
        OAUTH2 = "oauth2", _("OAuth 2.0 client credentials")

    name = models.CharField(_("name"), max_length=100, unique=True)
    url = models.URLField(_("xAPI endpoint"), max_length=500, help_text=_(
        "The LRS's xAPI address, e.g. https://lrs.example.org/xAPI/ (statements go to its statements resource)."))
    enabled = models.BooleanField(_("enabled"), default=True, help_text=_(
        "Statements are kept for a disabled endpoint and sent when it is enabled again."))
    auth = models.CharField(_("authentication"), max_length=10, choices=Auth.choices, default=Auth.BASIC)
    username = models.CharField(_("user name or client id"), max_length=200, blank=True)
    password = models.CharField(_("password or client secret"), max_length=500, blank=True)
    token_url = models.URLField(_("OAuth 2.0 token URL"), max_length=500, blank=True)
    scope = models.CharField(_("OAuth 2.0 scope"), max_length=200, blank=True)
    batch_size = models.PositiveIntegerField(_("statements per request"), default=50)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Back-off: the LRS failed ``failures`` times in a row; nothing is sent to it before ``retry_at``.
    failures = models.PositiveIntegerField(default=0, editable=False)
    retry_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_sent_at = models.DateTimeField(_("last accepted"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Learning Record Store")
        verbose_name_plural = _("Learning Record Stores")

    def __str__(self):
        return self.name

    def clean(self):
        if self.auth == self.Auth.OAUTH2 and not self.token_url:
            raise ValidationError({"token_url": _("OAuth 2.0 needs the LRS's token URL.")})
        if not 1 <= (self.batch_size or 0) <= 500:
            raise ValidationError({"batch_size": _("Send from 1 to 500 statements per request.")})

    @property
    def pending(self) -> int:
        return self.deliveries.filter(sent_at__isnull=True).count()


class LrsDelivery(models.Model):
    """The outbox: one statement to send to one LRS. Written in the statement's transaction;
    ``sent_at`` is set only once the LRS accepted it (or already held its id)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(LrsEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # A statement the LRS refused (400) waits here, backing off, without holding the others up.
    retry_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, help_text="a sender is working on it until then")
    error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "endpoint"], name="one_delivery_per_endpoint")]
        indexes = [models.Index(fields=["endpoint", "sent_at"], name="progress_delivery_pending")]
        verbose_name = _("statement to forward")
        verbose_name_plural = _("statements to forward")


class RecordSyncCursor(models.Model):
    """How far ``sync_records`` has sent this server's statements to one remote ALMA: the last statement the
    remote accepted, in (stored, id) order. Moved only after the remote answered a batch."""

    remote_url = models.URLField(unique=True)
    last_stored = models.DateTimeField(null=True, blank=True)
    last_id = models.UUIDField(null=True, blank=True)
    sent = models.PositiveBigIntegerField(default=0, help_text="Statements the remote has accepted or already had.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("record sync cursor")

    def __str__(self):
        return self.remote_url
