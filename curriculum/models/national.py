"""National curricula (Brazil's BNCC, Chile's Bases Curriculares, Peru's CNEB…), their
standards, and which learning outcomes fit which standard.

Not translatable snippets: a standard is written once, in its country's language. An
alignment names the outcome by its ``code``, which every language of that outcome shares.
Loaded from the framework package (``national/``, docs/package-format.md)."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


COUNTRIES = {"BR": _("Brazil"), "CL": _("Chile"), "CO": _("Colombia"), "MX": _("Mexico"), "PE": _("Peru")}


class NationalCurriculum(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 two-letter code."))
    language = models.CharField(_("language"), max_length=10)
    issuer = models.CharField(_("issuing body"), max_length=200)
    title = models.CharField(_("document title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    url = models.URLField(_("document address"), max_length=500)

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("national curriculum")
        verbose_name_plural = _("national curricula")

    def __str__(self):
        return f"{self.name} ({self.country}, {self.year})"

    @property
    def country_name(self) -> str:
        return str(COUNTRIES.get(self.country, self.country))


class NationalStandard(models.Model):
    curriculum = models.ForeignKey(NationalCurriculum, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(_("code"), max_length=80)
    grade = models.CharField(_("grade or level"), max_length=120)
    subject = models.CharField(_("subject"), max_length=120)
    text = models.TextField(_("what it asks, in short"))
    group = models.SlugField(max_length=250, editable=False, help_text="grade and subject, the catalogue's filter value")

    class Meta:
        ordering = ["curriculum", "grade", "subject", "code"]
        constraints = [models.UniqueConstraint(fields=["curriculum", "code"], name="unique_standard_code_per_curriculum")]
        verbose_name = _("national curriculum standard")

    def save(self, *args, **kwargs):
        self.group = group_of(self.grade, self.subject)
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.curriculum.name} {self.code}"


def group_of(grade: str, subject: str) -> str:
    return slugify(f"{grade} {subject}")[:250]


class Relation(models.TextChoices):
    RELATED = "related", _("works towards")
    EXACT = "exact", _("matches")


class OutcomeAlignment(models.Model):
    outcome_code = models.CharField(max_length=20, db_index=True)
    standard = models.ForeignKey(NationalStandard, on_delete=models.CASCADE, related_name="alignments")
    relation = models.CharField(max_length=10, choices=Relation.choices, default=Relation.RELATED)

    class Meta:
        ordering = ["outcome_code", "standard"]
        constraints = [models.UniqueConstraint(fields=["outcome_code", "standard"], name="unique_alignment_per_outcome")]

    def __str__(self):
        return f"{self.outcome_code} → {self.standard}"
