"""National curricula: storing what a framework package declares, and reading which
standards a module or lesson fits (its pages and the catalogue's filter)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from curriculum.models.national import NationalCurriculum, NationalStandard, OutcomeAlignment, group_of


@transaction.atomic
def store(curricula: list[dict], alignments: list[tuple[str, str, str, str]]) -> None:
    """Make the database hold exactly these curricula, standards and alignments
    (``alignments``: (outcome code, curriculum code, standard code, relation))."""
    standards = {}
    for entry in curricula:
        curriculum, _ = NationalCurriculum.objects.update_or_create(code=entry["code"], defaults={
            name: entry[name] for name in ("name", "country", "language", "issuer", "title", "year", "url")})
        kept = []
        for item in entry["standards"]:
            standard, _ = NationalStandard.objects.update_or_create(curriculum=curriculum, code=item["code"], defaults={
                "grade": item["grade"], "subject": item["subject"], "text": item["text"],
                "group": group_of(item["grade"], item["subject"])})
            standards[entry["code"], item["code"]] = standard
            kept.append(standard.pk)
        curriculum.standards.exclude(pk__in=kept).delete()
    NationalCurriculum.objects.exclude(code__in=[entry["code"] for entry in curricula]).delete()
    OutcomeAlignment.objects.all().delete()
    OutcomeAlignment.objects.bulk_create(
        OutcomeAlignment(outcome_code=outcome, standard=standards[curriculum, code], relation=relation)
        for outcome, curriculum, code, relation in alignments)


@dataclass
class Fit:
    """One curriculum's standards that a page's outcomes fit, each with the outcomes that fit it."""

    curriculum: NationalCurriculum
    standards: list[tuple[NationalStandard, list[str]]] = field(default_factory=list)


def fits_for(outcome_codes) -> list[Fit]:
    """The national standards the outcomes ``outcome_codes`` align to, grouped by curriculum."""
    by_standard = defaultdict(list)
    rows = (OutcomeAlignment.objects.filter(outcome_code__in=list(outcome_codes))
            .select_related("standard__curriculum").order_by("standard__curriculum", "standard__code", "outcome_code"))
    standards = {}
    for row in rows:
        standards[row.standard.pk] = row.standard
        by_standard[row.standard.pk].append(row.outcome_code)
    fits = {}
    for pk, standard in standards.items():
        fit = fits.setdefault(standard.curriculum.pk, Fit(standard.curriculum))
        fit.standards.append((standard, by_standard[pk]))
    return sorted(fits.values(), key=lambda fit: (fit.curriculum.country, fit.curriculum.code))


def filter_choices() -> list[tuple[NationalCurriculum, list[tuple[str, str]]]]:
    """The catalogue's "National curriculum" options: per curriculum, (value, "grade — subject")
    for each grade and subject some outcome aligns to."""
    choices = defaultdict(dict)
    curricula = {}
    standards = (NationalStandard.objects.filter(alignments__isnull=False).select_related("curriculum")
                 .order_by("curriculum__country", "curriculum__code", "grade", "subject").distinct())
    for standard in standards:
        curricula[standard.curriculum.code] = standard.curriculum
        choices[standard.curriculum.code][f"{standard.curriculum.code}:{standard.group}"] = (
            f"{standard.grade} — {standard.subject}")
    return [(curricula[code], list(options.items())) for code, options in choices.items()]


def outcome_codes_fitting(value: str):
    """Outcome codes aligned to a standard of ``value`` ("curriculum:group"), as a subquery."""
    curriculum, _, group = value.partition(":")
    return (OutcomeAlignment.objects.filter(standard__curriculum__code=curriculum, standard__group=group)
            .values("outcome_code"))


def filter_values(choices=None) -> set[str]:
    return {value for _, options in (filter_choices() if choices is None else choices) for value, _ in options}
