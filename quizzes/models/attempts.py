"""What learners did: attempts and mastery.

* ``Attempt`` copies the quiz's rules when it starts; ``AttemptQuestion`` keeps
  the pinned version, the display order, the saved answer and, once scored,
  the points and feedback.
* ``OutcomeMastery`` is the platform's one source of mastery per learner ×
  outcome code (see ``quizzes.mastery`` for the rule).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quizzes.models.bank import QuestionVersion
from quizzes.models.pages import QuizPage

class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in-progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(QuizPage, on_delete=models.CASCADE, related_name="attempts")
    quiz_key = models.UUIDField(default=uuid.uuid4, db_index=True, help_text="The quiz page's translation_key.")
    number = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    seed = models.PositiveIntegerField()
    rules = models.JSONField(default=dict)
    rules_source = models.TextField(
        blank=True, default="",
        help_text="Where the rules came from, as the rule provider named it (quizzes.rules): empty for the quiz's own "
                  "rules. Class reports count only the attempts that ran under their assignment's rules.")
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    timed_out = models.BooleanField(default=False)
    points = models.FloatField(null=True, blank=True)
    max_points = models.FloatField(default=0)
    score = models.FloatField(null=True, blank=True, help_text="points / max_points, 0–1")
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="unique_attempt_number"),
            models.UniqueConstraint(fields=["user", "quiz"], condition=models.Q(state="in-progress"),
                                    name="one_open_attempt_per_quiz"),
        ]
        indexes = [models.Index(fields=["user", "state"])]
        verbose_name = _("quiz attempt")

    def __str__(self):
        return f"{self.user} · {self.quiz_id} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS


class AttemptQuestion(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="responses")
    max_points = models.FloatField(default=1.0)
    order = models.JSONField(default=list, help_text="Display order of choices / options / items.")
    answer = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(default=False, help_text="Checked with immediate feedback: cannot change.")
    points = models.FloatField(null=True, blank=True)
    fraction = models.FloatField(null=True, blank=True)
    correct = models.BooleanField(null=True)
    feedback = models.JSONField(default=list)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="unique_attempt_position")]

    def definition(self) -> dict:
        d = dict(self.version.definition)
        d["points"] = self.max_points
        return d


class OutcomeMastery(models.Model):
    """A learner's mastery of one learning outcome (by code, so it holds across languages)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcome_mastery")
    outcome_code = models.CharField(max_length=20)
    recent = models.JSONField(default=list, help_text="Fractions (0–1) of the most recent responses, oldest first.")
    responses = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(default=0)
    mastered = models.BooleanField(default=False)
    mastered_at = models.DateTimeField(null=True, blank=True, help_text="First time the rule was met.")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "outcome_code"], name="unique_mastery_per_outcome")]
        indexes = [models.Index(fields=["outcome_code"])]
        verbose_name = _("outcome mastery")
        verbose_name_plural = _("outcome mastery")

    def __str__(self):
        return f"{self.user_id} · {self.outcome_code} · {'mastered' if self.mastered else 'not yet'}"
