"""The question bank: questions and their versions.

``Question`` is the editable, translatable entry of the bank (one row per
locale, sharing ``translation_key``). Saving it writes its definition into a
``QuestionVersion``: the latest version is updated in place while nobody has
answered it, and a new version is added once someone has (as Moodle 4 does).
Attempts pin the version they showed, so editing never rescores anyone.

The bank knows nothing of quiz pages or attempts: whether a version has been
answered is asked of the ``question_version_answered`` hook (see
``quizzes/wagtail_hooks.py``), which the attempts answer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import TranslatableMixin
from wagtail.search import index

from curriculum.models import LearningOutcome
from datasets.columns import ChartError
from datasets.queries import check_binding
from datasets.services import evaluate_binding
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
    CLOZE = "cloze", _("Cloze (embedded answers)")
    ESSAY = "essay", _("Essay (graded by a teacher)")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class TextFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML (sanitised)")
    PLAIN = "plain", _("Plain text")


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
        # A cloze question's text is the author's: its gaps written in place, in Moodle's syntax.
        self.prompt = qdef.cloze_text(d) if d["type"] == "cloze" else d["prompt"]
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
            field = "data_binding" if self.data_binding else "prompt" if definition["type"] == "cloze" else "answers"
            raise ValidationError({field: errors})

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
    d = qdef.normalise(definition)
    binding = d.get("data")
    if not binding:
        return d
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
        """True once a learner has seen or answered this version: the attempts say so through the hook."""
        return self.pk is not None and any(answered(self.pk) for answered in hooks.get_hooks("question_version_answered"))

    def save(self, *args, **kwargs):
        errors = qdef.validate(self.definition)
        if errors:
            raise ValidationError(errors)
        if self.pk and self.is_answered():
            original = QuestionVersion.objects.filter(pk=self.pk).values_list("definition", flat=True).first()
            if original != self.definition:
                raise ValidationError(_("This version has been answered by learners and cannot change; save a new version."))
        super().save(*args, **kwargs)

