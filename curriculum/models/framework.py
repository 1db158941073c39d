"""The curriculum framework: themes, minerals and learning outcomes.

Framework entries are translatable snippets: one row per locale, sharing a
``translation_key`` and a stable ``code`` that packages, quizzes and reports
refer to.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

class Level(models.TextChoices):
    """School-to-university levels. Fixed by the alliance's mandate, so choices
    (translated by gettext) rather than editable rows."""

    PRIMARY = "primary", _("Primary school")
    SECONDARY = "secondary", _("Secondary school")
    TECHNICAL = "technical", _("Technical and vocational")
    UNIVERSITY = "university", _("University")
    TEACHER_TRAINING = "teacher-training", _("Teacher training")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC_BY_NC_SA = "CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"

    @property
    def url(self):
        if self.value == "CC0-1.0":
            return "https://creativecommons.org/publicdomain/zero/1.0/"
        kind = self.value.removeprefix("CC-").removesuffix("-4.0").lower()
        return f"https://creativecommons.org/licenses/{kind}/4.0/"


class BloomVerb(models.TextChoices):
    REMEMBER = "remember", _("Remember")
    UNDERSTAND = "understand", _("Understand")
    APPLY = "apply", _("Apply")
    ANALYSE = "analyse", _("Analyse")
    EVALUATE = "evaluate", _("Evaluate")
    CREATE = "create", _("Create")


class FrameworkEntry(TranslatableMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, help_text=_("Stable identifier used by packages and reports."))

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["code"]

    def clean(self):
        super().clean()
        clash = type(self).objects.filter(code=self.code, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.code and self.locale_id and clash.exists():
            raise ValidationError({"code": _("This code is already used in this language.")})


class Theme(index.Indexed, FrameworkEntry):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(_("icon"), max_length=40, blank=True, help_text=_("Name of an icon in the site's icon set."))

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("description"), FieldPanel("icon")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale_id")]

    class Meta(FrameworkEntry.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="unique_theme_code_per_locale")]

    def __str__(self):
        return self.name


class Mineral(index.Indexed, FrameworkEntry):
    name = models.CharField(_("name"), max_length=120)
    symbol = models.CharField(_("symbol"), max_length=12, help_text=_("Chemical symbol, or REE for rare earths."))
    is_critical = models.BooleanField(_("critical mineral"), default=True)
    main_uses = models.TextField(_("main uses"), blank=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("symbol"), FieldPanel("is_critical"), FieldPanel("main_uses")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale_id")]

    class Meta(FrameworkEntry.Meta):
        verbose_name = _("mineral")
        verbose_name_plural = _("minerals")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="unique_mineral_code_per_locale")]

    def __str__(self):
        return self.name


class LearningOutcome(index.Indexed, TranslatableMixin, ClusterableModel):
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Stable code such as CM-SEC-03 (theme-level-number).")
    )
    statement = models.TextField(_("statement"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="outcomes")
    minerals = ParentalManyToManyField(Mineral, verbose_name=_("minerals"), blank=True, related_name="outcomes")
    bloom_verb = models.CharField(_("Bloom verb"), max_length=20, choices=BloomVerb.choices)
    alignments = models.TextField(
        _("alignments"), blank=True, help_text=_("External frameworks this outcome aligns with, one per line.")
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("statement"),
        FieldPanel("level"),
        FieldPanel("bloom_verb"),
        FieldPanel("themes"),
        FieldPanel("minerals"),
        FieldPanel("alignments"),
    ]
    search_fields = [
        index.SearchField("code"),
        index.SearchField("statement"),
        index.AutocompleteField("code"),
        index.FilterField("level"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["code"]
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="unique_outcome_code_per_locale")]

    def __str__(self):
        return f"{self.code} — {self.statement[:80]}"

