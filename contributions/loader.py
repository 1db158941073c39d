"""Find and import packages: a single package folder, or a content tree with
``framework/`` and ``modules/*/`` (the layout of the repository's content/)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from alma.deferred_index import deferred_indexing
from contributions.importer import ImportReport, import_framework, import_module, known_codes, site_languages
from contributions.package import PackageInvalid
from contributions.package.framework import read_framework
from contributions.package.module import read_module
from contributions.site_needs import explain, missing
from contributions.tracks import import_track, read_track
from curriculum.models import ModulePage


def is_framework(path: Path) -> bool:
    return (path / "package.toml").is_file()


def is_module(path: Path) -> bool:
    return (path / "module.toml").is_file()


def content_packages(root: Path) -> tuple[Path | None, list[Path]]:
    framework = root / "framework" if is_framework(root / "framework") else None
    modules = sorted(p for p in (root / "modules").glob("*") if is_module(p)) if (root / "modules").is_dir() else []
    return framework, modules


def load_tree(root: Path, *, dry_run: bool = False, publish: bool = True, user=None, progress=None, page_progress=None,
              institution=None, prepare=None) -> ImportReport:
    """Validate every package under ``root`` first, then import them all in one
    transaction. Raises PackageInvalid with the problems of all packages.
    Modules without an [institution] table are credited to ``institution``.

    What the site lacks for the modules (``contributions.site_needs``) is passed to
    ``prepare(needs)`` to set up; without it, a missing catalogue raises LookupError
    naming the command to run, and a chart's missing dataset is a warning."""
    root = Path(root)
    if is_framework(root) or is_module(root):
        framework_path, module_paths = (root, []) if is_framework(root) else (None, [root])
    else:
        framework_path, module_paths = content_packages(root)
    problems = []
    framework = None
    if framework_path:
        try:
            framework = read_framework(framework_path, site_languages())
        except PackageInvalid as error:
            problems.extend(error.problems)
    known = known_codes(framework)
    modules = []
    for path in module_paths:
        try:
            modules.append(read_module(path, known))
        except PackageInvalid as error:
            prefix = path.name
            problems.extend(p.__class__(f"{prefix}/{p.file}", p.line, p.message, p.fix) for p in error.problems)
    tracks = _read_tracks(root, [m.slug for m in modules] + [p.name for p in module_paths], problems)
    if problems:
        raise PackageInvalid(problems)
    report = ImportReport()
    if dry_run:
        return report
    needs = missing(modules)
    if needs and prepare:
        prepare(needs)
        needs = missing(modules)
    if needs.catalogues:
        raise LookupError(" ".join(explain(needs)))
    report.warnings.extend(explain(needs))
    with transaction.atomic(), deferred_indexing():
        if framework:
            report.merge(import_framework(framework))
        pages = [len(module.languages) * (1 + len(module.lesson_order)) for module in modules]
        framework_rows = {}  # the framework's rows, read once for every module (after the framework's import)
        for index, module in enumerate(modules, start=1):
            # One bar over the pages of every module: this module's count after those before it.
            before = sum(pages[:index - 1])
            module_progress = (lambda done, _total, label, before=before: page_progress(before + done, sum(pages), label)
                               ) if page_progress else None
            report.merge(import_module(module, publish=publish, user=user, progress=module_progress, institution=institution,
                                       framework_rows=framework_rows))
            if progress:
                progress(index, len(modules), module.slug)
        for track in tracks:
            report.merge(import_track(track, publish=publish, user=user))
    return report


def _read_tracks(root: Path, module_slugs: list[str], problems: list) -> list:
    """Tracks under ``root/tracks/*/track.toml``; their modules must be among
    the packages being loaded or already on the site."""
    folder = root / "tracks"
    if not folder.is_dir():
        return []
    known = set(module_slugs) | set(ModulePage.objects.values_list("slug", flat=True))
    tracks = []
    for path in sorted(p for p in folder.glob("*") if (p / "track.toml").is_file()):
        try:
            tracks.append(read_track(path, known))
        except PackageInvalid as error:
            problems.extend(error.problems)
    return tracks
