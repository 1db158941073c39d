"""What the server keeps of offline study (docs/offline.md).

* ``OfflineDraw``: a quiz attempt drawn and pinned for a device, before the
  learner is offline. Its questions are the seeded draw of an online attempt
  (``quizzes.attempts.draw_questions``); it becomes a normal submitted attempt
  when the device syncs it, once.
* ``SyncedRecord``: every record a device sent and the server accepted, by the
  id the device made. The unique constraint on (user, id) is what makes a sync
  exactly-once, whether it is retried, interrupted or sent from two tabs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfflineDraw(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offline_draws")
    quiz = models.ForeignKey("quizzes.QuizPage", on_delete=models.CASCADE, related_name="offline_draws")
    quiz_key = models.UUIDField(help_text="The quiz page's translation_key: one unused draw per learner and quiz.")
    seed = models.PositiveIntegerField()
    # [{"version": QuestionVersion pk, "points": 1.0, "order": [choice / item ids]}] by position, from 1.
    questions = models.JSONField()
    rules = models.JSONField(help_text="The rules the attempt copies, resolved for the learner when drawn.")
    rules_source = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "quiz_key"])]
        verbose_name = _("offline quiz draw")

    def __str__(self):
        return f"{self.user_id} · {self.quiz_id} · {self.created_at:%Y-%m-%d %H:%M}"


class SyncedRecord(models.Model):
    class Kind(models.TextChoices):
        ATTEMPT = "attempt", _("quiz attempt")
        LESSON_COMPLETED = "lesson-completed", _("lesson completed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="synced_records")
    record_id = models.UUIDField(help_text="The id the device made for the record.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_key = models.UUIDField(help_text="translation_key of the lesson or quiz")
    acted_at = models.DateTimeField(help_text="When the learner acted, by the device's clock.")
    synced_at = models.DateTimeField()
    attempt = models.OneToOneField("quizzes.Attempt", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="offline_record")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "record_id"], name="one_sync_per_device_record")]
        verbose_name = _("synced offline record")

    def __str__(self):
        return f"{self.user_id} · {self.kind} · {self.record_id}"
