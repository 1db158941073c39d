"""Question bank, quizzes, attempts and mastery.

* ``Question`` is the editable, translatable entry of the bank (one row per
  locale, sharing ``translation_key``). Saving it writes its definition into a
  ``QuestionVersion``: the latest version is updated in place while nobody has
  answered it, and a new version is added once someone has (as Moodle 4 does).
  Attempts pin the version they showed, so editing never rescores anyone.
* ``QuizPage`` lives under a module; its ``QuizSlot`` rows are either a fixed
  question or a random draw ("3 questions on CM-SEC-03, medium").
* ``Attempt`` copies the quiz's rules when it starts; ``AttemptQuestion`` keeps
  the pinned version, the display order, the saved answer and, once scored,
  the points and feedback.
* ``OutcomeMastery`` is the platform's one source of mastery per learner ×
  outcome code (see ``quizzes.mastery`` for the rule).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from curriculum.models import LearningOutcome, ReviewedWithModule
from quizzes import definition as qdef
from quizzes.question_blocks import AnswerStreamBlock, block_to_definition, definition_to_block


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUEFALSE = "truefalse", _("True/false")
    NUMERIC = "numeric", _("Numeric")
    SHORT = "short", _("Short text")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class TextFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML (sanitised)")
    PLAIN = "plain", _("Plain text")


class ReviewWhen(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, question by question")
    AFTER_SUBMISSION = "after-submission", _("After the attempt is submitted")
    AFTER_DUE_DATE = "after-due-date", _("After the due date")
    # For tests a certificate rests on: a failed attempt must not hand out the key for the next one.
    AFTER_PASSED_OR_LAST = "after-passed-or-last", _("Once passed, or when no attempts are left")
    NEVER = "never", _("Never")


class Question(index.Indexed, TranslatableMixin, ClusterableModel):
    title = models.CharField(_("title"), max_length=255, help_text=_("For editors; learners do not see it."))
    prompt = models.TextField(_("question text"), help_text=_("Markdown. Say what is asked in full sentences."))
    prompt_format = models.CharField(_("text format"), max_length=10, choices=TextFormat.choices, default=TextFormat.MARKDOWN)
    image = models.ForeignKey(get_image_model_string(), verbose_name=_("image"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    image_alt = models.CharField(_("image text alternative"), max_length=250, blank=True)
    answers = StreamField(AnswerStreamBlock(), verbose_name=_("type and answers"))
    general_feedback = models.TextField(_("general feedback"), blank=True,
                                        help_text=_("Shown with the results whatever the answer (Markdown)."))
    points = models.FloatField(_("points"), default=1.0)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM)
    outcomes = ParentalManyToManyField(LearningOutcome, verbose_name=_("learning outcomes"), related_name="questions")
    qtype = models.CharField(_("type"), max_length=12, choices=QuestionType.choices, editable=False, db_index=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True, db_index=True,
                                   help_text=_("Stable id from an imported file (GIFT [id:…], Moodle idnumber)."))
    archived = models.BooleanField(_("archived"), default=False, help_text=_("Archived questions are not drawn at random."))
    latest_version = models.ForeignKey("quizzes.QuestionVersion", null=True, blank=True, editable=False,
                                       on_delete=models.SET_NULL, related_name="+")
    data_binding = models.JSONField(
        _("data binding"), null=True, blank=True,
        help_text=_('Optional, for single-choice and numeric questions: compute the right answer from a dataset, e.g. '
                    '{"dataset": "usgs-mcs2025-minerals", "where": "commodity = lithium; year = 2024; country != World total (rounded)", '
                    '"label": "country", "column": "production", "aggregate": "max-row", "choices": 4}. Aggregates: max-row, min-row '
                    '(single choice), value, sum, share (with "part"). The choices or the accepted value are replaced by the '
                    'computed ones on save and whenever an attempt starts after the dataset changes.'))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("prompt"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("answers"),
        FieldPanel("general_feedback"),
        FieldRowPanel([FieldPanel("difficulty"), FieldPanel("points")]),
        FieldPanel("outcomes"),
        MultiFieldPanel([FieldPanel("prompt_format"), FieldPanel("external_id"), FieldPanel("archived"), FieldPanel("data_binding")],
                        heading=_("Advanced"), classname="collapsed"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("prompt"),
        index.AutocompleteField("title"),
        index.FilterField("qtype"),
        index.FilterField("locale_id"),
        index.FilterField("difficulty"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.title

    # -- definition <-> fields ------------------------------------------------

    def build_definition(self) -> dict:
        block_type, value = "", {}
        raw = list(self.answers.raw_data) if self.answers is not None else []
        if raw:
            block_type, value = raw[0].get("type", ""), raw[0].get("value", {})
        d = {"type": block_type, "prompt": self.prompt, "format": self.prompt_format,
             "general_feedback": self.general_feedback, "points": self.points}
        d.update(block_to_definition(block_type, value))
        if self.data_binding:
            d["data"] = self.data_binding
            return resolve_data(d)
        return qdef.normalise(d)

    def set_definition(self, d: dict) -> None:
        d = qdef.normalise(d)
        self.prompt = d["prompt"]
        self.prompt_format = d["format"]
        self.general_feedback = d["general_feedback"]
        self.points = d["points"]
        block_type, value = definition_to_block(d)
        self.answers = [(block_type, AnswerStreamBlock().child_blocks[block_type].to_python(value))]
        self.qtype = block_type
        self.data_binding = d.get("data") or None

    def clean(self):
        super().clean()
        try:
            definition = self.build_definition()
        except DataBindingError as error:
            raise ValidationError({"data_binding": str(error)}) from error
        errors = qdef.validate(definition)
        if errors:
            raise ValidationError({"data_binding" if self.data_binding else "answers": errors})

    def save(self, *args, **kwargs):
        try:
            definition = self.build_definition()
        except DataBindingError as error:
            raise ValidationError({"data_binding": str(error)}) from error
        if definition.get("data"):
            self.set_definition(definition)  # the editor sees the computed choices / value
        self.qtype = definition["type"] or ""
        super().save(*args, **kwargs)
        self.sync_version(definition)

    def used_in(self) -> str:
        """Quizzes that use this question, as a fixed question or by a random draw on its outcomes."""
        from quizzes.services import quizzes_using

        return ", ".join(page.title for page in quizzes_using([self.pk])[self.pk]) or "—"

    used_in.short_description = _("used in")

    def outcome_list(self) -> str:
        return ", ".join(sorted({o.code for o in self.outcomes.all()})) or "—"

    outcome_list.short_description = _("learning outcomes")

    def fixed_in(self) -> str:
        """Quizzes that name this question in a fixed slot (uses prefetched slots when there are)."""
        return ", ".join(sorted({slot.page.title for slot in self.slots.all()})) or "—"

    fixed_in.short_description = _("used in (fixed)")

    def outcome_codes(self) -> list[str]:
        return sorted({o.code for o in self.outcomes.all()})

    def sync_version(self, definition: dict | None = None, user=None) -> "QuestionVersion":
        """Make the latest version hold the current definition (new version once answered)."""
        definition = definition or self.build_definition()
        values = {"definition": definition, "qtype": definition["type"], "outcome_codes": self.outcome_codes(),
                  "difficulty": self.difficulty, "image_id": self.image_id, "image_alt": self.image_alt}
        latest = self.versions.order_by("-number").first()
        if latest and all(getattr(latest, k) == v for k, v in values.items()):
            version = latest
        elif latest and not latest.is_answered():
            for k, v in values.items():
                setattr(latest, k, v)
            latest.save()
            version = latest
        else:
            version = QuestionVersion.objects.create(question=self, number=(latest.number + 1) if latest else 1,
                                                     created_by=user, **values)
        if self.latest_version_id != version.pk:
            type(self).objects.filter(pk=self.pk).update(latest_version=version)
        self.latest_version = version
        return version


class DataBindingError(ValueError):
    """A data binding that cannot be computed; the message names the dataset, column or filter."""


def resolve_data(definition: dict) -> dict:
    """``definition`` with the choices / accepted value computed from its dataset as it is now.

    Raises DataBindingError with a sentence an author can act on.
    """
    from datasets.charts import ChartError
    from datasets.services import evaluate_binding

    d = qdef.normalise(definition)
    binding = d.get("data")
    if not binding:
        return d
    from datasets.queries import check_binding

    errors = check_binding(binding)
    if not errors and d["type"] not in qdef.DATA_TYPES:
        errors = [_("Only single-choice and numeric questions can be bound to a dataset.")]
    if not errors and d["type"] == "single" and binding.get("aggregate") not in qdef.DATA_ROW_AGGREGATES:
        errors = [_("A single-choice data question needs the aggregate max-row or min-row.")]
    if errors:
        raise DataBindingError(" ".join(str(e) for e in errors))
    try:
        result = evaluate_binding(binding)
    except ChartError as error:
        raise DataBindingError(str(error)) from error
    if d["type"] == "single" and len(result.get("rows") or []) < 2:
        raise DataBindingError(_("The filters select fewer than two rows: a choice question needs at least two."))
    return qdef.apply_data(d, result)


class QuestionVersion(models.Model):
    """One version of a question's definition. Never changed once a learner has answered it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    qtype = models.CharField(max_length=12, choices=QuestionType.choices)
    definition = models.JSONField()
    outcome_codes = models.JSONField(default=list)
    difficulty = models.PositiveSmallIntegerField(choices=Difficulty.choices, default=Difficulty.MEDIUM)
    image = models.ForeignKey(get_image_model_string(), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    image_alt = models.CharField(max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["question", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="unique_question_version_number")]
        verbose_name = _("question version")

    def __str__(self):
        return f"{self.question} (v{self.number})"

    def is_answered(self) -> bool:
        """True once any attempt has pinned this version (a learner has seen or answered it)."""
        return self.pk is not None and AttemptQuestion.objects.filter(version_id=self.pk).exists()

    def save(self, *args, **kwargs):
        errors = qdef.validate(self.definition)
        if errors:
            raise ValidationError(errors)
        if self.pk and self.is_answered():
            original = QuestionVersion.objects.filter(pk=self.pk).values_list("definition", flat=True).first()
            if original != self.definition:
                raise ValidationError(_("This version has been answered by learners and cannot change; save a new version."))
        super().save(*args, **kwargs)


class QuizPage(ReviewedWithModule, RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown, shown before the learner starts."))
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=0, help_text=_("0 for no limit."))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=0, help_text=_("0 for no limit."))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    due_at = models.DateTimeField(_("due date"), null=True, blank=True)
    feedback_when = models.CharField(_("show feedback"), max_length=20, choices=ReviewWhen.choices,
                                     default=ReviewWhen.AFTER_SUBMISSION)
    answers_when = models.CharField(_("show the right answers"), max_length=20, choices=ReviewWhen.choices,
                                    default=ReviewWhen.AFTER_SUBMISSION)
    shuffle_questions = models.BooleanField(_("shuffle questions for each attempt"), default=True)
    questions_per_page = models.PositiveSmallIntegerField(_("questions per page"), default=0,
                                                          help_text=_("0 for pages of 5 to 10 questions, chosen by the platform."))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("slots", label=_("Questions"), min_num=1),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("time_limit_minutes"), FieldPanel("pass_mark")]),
            FieldPanel("due_at"),
            FieldRowPanel([FieldPanel("feedback_when"), FieldPanel("answers_when")]),
            FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("questions_per_page")]),
        ], heading=_("Quiz rules")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []
    template = "quizzes/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def rules(self) -> dict:
        """The rules an attempt copies when it starts."""
        return {
            "attempts_allowed": self.attempts_allowed,
            "time_limit_minutes": self.time_limit_minutes,
            "pass_mark": self.pass_mark,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "feedback_when": self.feedback_when,
            "answers_when": self.answers_when,
            "questions_per_page": self.questions_per_page,
        }

    def question_count(self) -> int:
        return sum(slot.count if slot.outcome_code else 1 for slot in self.slots.all())

    # The learner's screens; the views themselves live in quizzes.views.
    @path("")
    def index_route(self, request):
        from quizzes import views

        return views.quiz_index(request, self)

    @path("start/")
    def start_route(self, request):
        from quizzes import views

        return views.start(request, self)

    @path("attempt/<int:attempt_id>/")
    def attempt_route(self, request, attempt_id):
        from quizzes import views

        return views.attempt(request, self, attempt_id)

    @path("attempt/<int:attempt_id>/submit/")
    def submit_route(self, request, attempt_id):
        from quizzes import views

        return views.submit(request, self, attempt_id)

    @path("attempt/<int:attempt_id>/results/")
    def results_route(self, request, attempt_id):
        from quizzes import views

        return views.results(request, self, attempt_id)

    def personal_context(self, request) -> dict:
        """What the start page's personal part shows this learner (see alma/personal.py)."""
        from quizzes import views

        return views.learner_context(request, self)

    def attempt_url(self, attempt, name="attempt_route"):
        return self.url + self.reverse_subpage(name, kwargs={"attempt_id": attempt.pk})


class QuizSlot(Orderable):
    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(Question, verbose_name=_("question"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="slots")
    outcome_code = models.CharField(_("or draw at random for outcome"), max_length=20, blank=True,
                                    help_text=_("An outcome code such as CM-SEC-03."))
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, null=True, blank=True,
                                                  help_text=_("Leave empty for any difficulty."))
    count = models.PositiveSmallIntegerField(_("how many"), default=1)
    points = models.FloatField(_("points per question"), default=1.0)

    panels = [
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("outcome_code"), FieldPanel("difficulty"), FieldPanel("count")]),
        FieldPanel("points"),
    ]

    def clean(self):
        if bool(self.question_id) == bool(self.outcome_code):
            raise ValidationError(_("Choose a question, or an outcome code to draw questions from — one of the two."))
        if self.outcome_code and not LearningOutcome.objects.filter(code=self.outcome_code).exists():
            raise ValidationError({"outcome_code": _("There is no learning outcome with this code.")})
        if not 0 < self.points <= 1000:
            raise ValidationError({"points": _("Points must be more than 0 and at most 1000.")})


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
