"""Tracks: a ``track.toml`` (a titled sequence of modules with a pass mark and
minimum hours) read and validated, then imported as one TrackPage per language."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from alma.deferred_index import deferred_indexing
from contributions.importer import ImportReport, catalog_for, locales_for, save_page, site_languages, stable_key
from contributions.package import PackageInvalid, Problem
from curriculum.models import ModulePage, TrackModule, TrackPage



@dataclass
class TrackPackage:
    root: object
    slug: str
    languages: list[str]
    modules: list[str]
    minimum_hours: Decimal
    pass_mark: int
    title: dict
    summary: dict


def read_track(root, known_modules: set[str], languages: set[str] | None = None) -> TrackPackage:
    """Read and validate ``root/track.toml``; raise PackageInvalid naming every problem.

    ``known_modules``: module slugs available (in the packages loaded with it or
    already on the site)."""
    root = Path(root)
    path = root / "track.toml"
    name = f"{root.name}/track.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageInvalid([Problem(name, None, "file is missing", "add track.toml")])
    except tomllib.TOMLDecodeError as error:
        raise PackageInvalid([Problem(name, getattr(error, "lineno", None), f"not valid TOML: {error}", "fix the syntax")])
    languages = languages if languages is not None else site_languages()
    problems = []

    def problem(message, fix=""):
        problems.append(Problem(name, None, message, fix))

    if data.get("kind", "track") != "track":
        problem('kind must be "track"', 'write kind = "track"')
    slug = data.get("slug", "")
    if not isinstance(slug, str) or not slug or slug != slug.lower() or " " in slug:
        problem("slug must be a lower-case slug", 'write slug = "teacher-training"')
    track_languages = data.get("languages")
    if not isinstance(track_languages, list) or not track_languages:
        problem("languages must be a non-empty list", 'write languages = ["es", "pt", "en"]')
        track_languages = []
    for language in track_languages:
        if language not in languages:
            problem(f"language '{language}' is not enabled on this site", f"use one of {sorted(languages)}")
    modules = data.get("modules")
    if not isinstance(modules, list) or not modules:
        problem("modules must be a non-empty list of module slugs", 'write modules = ["module-slug", …]')
        modules = []
    for slug_ in modules:
        if slug_ not in known_modules:
            problem(f"unknown module '{slug_}'", "use the slug of a module package in content/modules/")
    if len(set(modules)) != len(modules):
        problem("a module is listed twice", "list each module once")
    hours, mark = data.get("minimum_hours", 0), data.get("pass_mark", 70)
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours < 0:
        problem("minimum_hours must be a number of hours, 0 or more", "write minimum_hours = 12")
        hours = 0
    if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
        problem("pass_mark must be a whole percentage between 0 and 100", "write pass_mark = 70")
        mark = 70
    for field_name in ("title", "summary"):
        value = data.get(field_name)
        missing = [lang for lang in track_languages if not isinstance(value, dict) or not str(value.get(lang, "")).strip()]
        if missing:
            problem(f"{field_name} is missing for {', '.join(missing)}", f'write {field_name} = {{ es = "…", … }}')
    if problems:
        raise PackageInvalid(problems)
    return TrackPackage(root, slug, track_languages, modules, Decimal(str(hours)), mark, data["title"], data["summary"])


@transaction.atomic
@deferred_indexing()
def import_track(package: TrackPackage, *, publish: bool = True, user=None) -> ImportReport:
    """One TrackPage per language under the catalogue; modules in each language
    when they exist there. Re-importing unchanged gives no new revision."""
    report = ImportReport()
    locales = locales_for(package.languages)
    track_key = stable_key("track", package.slug)
    module_keys = [stable_key("module", slug) for slug in package.modules]
    for language in package.languages:
        locale = locales[language]
        candidates = {}
        for module in ModulePage.objects.filter(translation_key__in=module_keys).order_by("pk"):
            if module.translation_key not in candidates or module.locale_id == locale.pk:
                candidates[module.translation_key] = module
        missing = [slug for slug, key in zip(package.modules, module_keys) if key not in candidates]
        if missing:
            raise LookupError(f"track {package.slug}: modules not on the site: {', '.join(missing)}")
        track = TrackPage.objects.filter(translation_key=track_key, locale=locale).first()
        parent = None
        if track is None:
            parent = catalog_for(locale)
            track = TrackPage(translation_key=track_key, locale=locale, slug=package.slug)
        save_page(track, parent, {
            "title": package.title[language], "summary": package.summary[language],
            "minimum_hours": package.minimum_hours, "pass_mark": package.pass_mark,
            "track_modules": [TrackModule(module=candidates[key], sort_order=i) for i, key in enumerate(module_keys)],
        }, (package.slug, "track.toml"), publish, user, report, f"track {package.slug} ({language})")
    return report
