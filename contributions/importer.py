"""Import validated packages into Wagtail pages and framework snippets.

Every import runs in one transaction: either the whole package lands or
nothing does. Pages are found again by their ``translation_key`` (derived from
the package and lesson slugs), so re-importing updates instead of duplicating,
and an unchanged page gets no new revision. Tracks are in contributions/tracks.py.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, Page

from accounts.models import Institution
from alma.bulk import sync_m2m
from alma.deferred_index import deferred_indexing, touched
from contributions.images import image_for
from contributions.institutions import institution_collection
from contributions.models import ImportedPage
from contributions.new_pages import NewPages
from contributions import pretest
from contributions.package import KnownCodes
from contributions.package.framework import FrameworkPackage
from contributions.package.module import ModulePackage
from datasets.models import Dataset
from datasets.seeds import SEEDS
from curriculum.models import CatalogPage, LearningOutcome, Mineral, ModuleAuthor, ModulePage, Theme
from curriculum.national import store as store_national
from lessons.models import GlossaryTerm, LessonPage
from quizzes.importing import import_parsed
from quizzes.models import Question, QuizPage, QuizSlot

NAMESPACE = uuid.UUID("6f1c1f0e-3b1a-4e37-9a52-a1a7a0a11a00")


def stable_key(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(parts))


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    modules: list[int] = field(default_factory=list)  # ids of the module pages, one per language

    def merge(self, other: "ImportReport"):
        for name in ("created", "updated", "unchanged", "warnings", "modules"):
            getattr(self, name).extend(getattr(other, name))


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def known_codes(framework: FrameworkPackage | None = None) -> KnownCodes:
    known = KnownCodes(
        languages=site_languages(),
        themes=set(Theme.objects.values_list("code", flat=True)),
        minerals=set(Mineral.objects.values_list("code", flat=True)),
        outcomes=set(LearningOutcome.objects.values_list("code", flat=True)),
        glossary=set(GlossaryTerm.objects.values_list("code", flat=True)),
        # Datasets in the database plus the seeds that load_content loads first.
        datasets=set(Dataset.objects.values_list("slug", flat=True)) | {seed["slug"] for seed in SEEDS},
    )
    if framework:
        for name, codes in framework.codes().items():
            getattr(known, name).update(codes)
    return known


def locales_for(languages) -> dict[str, Locale]:
    locales = {locale.language_code: locale for locale in Locale.objects.filter(language_code__in=languages)}
    for language in languages:
        if language not in locales:
            locales[language] = Locale.objects.create(language_code=language)
    return locales


# --- Framework ----------------------------------------------------------------


def _upsert_all(model, kind: str, locale: Locale, entries: dict[str, dict], report: ImportReport) -> dict:
    """Create or update the ``model`` rows of ``locale`` keyed by code (``entries``:
    code -> field values) in three queries; returns them by code."""
    rows = {row.code: row for row in model.objects.filter(locale=locale, code__in=list(entries))}
    created, changed, changed_fields = [], [], set()
    for code, values in entries.items():
        label = f"{kind} {code} ({locale.language_code})"
        row = rows.get(code)
        if row is None:
            rows[code] = model(code=code, locale=locale, translation_key=stable_key(kind, code), **values)
            created.append(rows[code])
            report.created.append(label)
            continue
        names = [name for name, value in values.items() if getattr(row, name) != value]
        for name in names:
            setattr(row, name, values[name])
        changed_fields.update(names)
        (report.updated if names else report.unchanged).append(label)
        if names:
            changed.append(row)
    model.objects.bulk_create(created)
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields))
    touched(created + changed)
    return rows


@transaction.atomic
@deferred_indexing()
def import_framework(package: FrameworkPackage) -> ImportReport:
    report = ImportReport()
    locales = locales_for(package.languages)
    for language, locale in locales.items():
        themes = _upsert_all(Theme, "theme", locale, {
            t["code"]: {"name": t["name"][language], "description": t.get("description", {}).get(language, ""),
                        "icon": t.get("icon", "")} for t in package.themes}, report)
        minerals = _upsert_all(Mineral, "mineral", locale, {
            m["code"]: {"name": m["name"][language], "symbol": m["symbol"], "is_critical": bool(m.get("critical", True)),
                        "main_uses": m.get("uses", {}).get(language, "")} for m in package.minerals}, report)
        _upsert_all(GlossaryTerm, "glossary", locale, {
            term["code"]: {"term": term["term"][language], "definition": term["definition"][language]}
            for term in package.glossary}, report)
        outcomes = _upsert_all(LearningOutcome, "outcome", locale, {
            entry["code"]: {"statement": entry["statement"][language], "level": entry["level"], "bloom_verb": entry["bloom"],
                            "alignments": "\n".join(entry.get("alignments", []))} for entry in package.outcomes}, report)
        changed = set()
        for name, rows in (("themes", themes), ("minerals", minerals)):
            changed |= sync_m2m(LearningOutcome._meta.get_field(name), {
                outcomes[entry["code"]].pk: {rows[code].pk for code in entry.get(name, [])} for entry in package.outcomes})
        touched(outcome for outcome in outcomes.values() if outcome.pk in changed)
    if package.national.curricula:  # a framework without national/ leaves the stored curricula alone
        store_national(package.national.curricula, package.national.alignments)
    return report


# --- Modules --------------------------------------------------------------------


class FrameworkRows:
    """Framework rows (themes, minerals, outcomes, glossary terms) by code in one
    locale, falling back to any locale: each model is read once per import, not
    once per page. ``read``: rows by model shared by the FrameworkRows of every
    language and module of one import (the framework does not change meanwhile)."""

    def __init__(self, locale: Locale, read: dict | None = None):
        self.locale = locale
        self.by_model = {}
        self.read = {} if read is None else read

    def __call__(self, model, codes) -> list:
        if model not in self.by_model:
            if model not in self.read:
                self.read[model] = list(model.objects.order_by("-locale_id"))
            rows = {}
            for row in self.read[model]:
                if row.code not in rows or rows[row.code].locale_id != self.locale.pk:
                    rows[row.code] = row
            self.by_model[model] = rows
        rows = self.by_model[model]
        return [rows[code] for code in codes if code in rows]


def _lesson_stream(lesson, framework: FrameworkRows, report: ImportReport, collection=None) -> list[dict]:
    stream = []
    glossary = {g.code: g.pk for g in framework(GlossaryTerm, [b.value["code"] for b in lesson.blocks if b.type == "glossary_term"])}
    for block in lesson.blocks:
        if block.type == "markdown":
            stream.append({"type": "markdown", "value": block.value})
        elif block.type == "callout":
            stream.append({"type": "callout", "value": block.value})
        elif block.type == "activity":
            stream.append({"type": "activity", "value": block.value})
        elif block.type == "glossary_term":
            stream.append({"type": "glossary_term", "value": {"term": glossary[block.value["code"]]}})
        elif block.type == "chart":
            stream.append({"type": "chart", "value": {key: block.value.get(key, "") for key in
                                                      ("dataset", "kind", "x", "y", "series", "where", "title", "caption")}
                           | {"kind": block.value.get("kind") or "bar"}})
        elif block.type == "figure":
            image = image_for(block.value["path"], block.value.get("alt", ""), collection)
            stream.append({"type": "image", "value": {"image": image.pk, "alt_text": block.value.get("alt", ""),
                                                      "caption": block.value.get("caption", ""),
                                                      "credit": block.value.get("credit", "")}})
        elif block.type == "diagram":
            stream.append({"type": "diagram", "value": {key: block.value[key] for key in
                                                        ("name", "title", "alt", "text", "source", "svg", "labels")}})
        else:
            # Figures, charts and embedded quizzes land with the images,
            # datasets and quizzes importers; until then they are reported.
            report.warnings.append(
                f"{lesson.path.name}:{block.line}: '{block.type}' blocks are not imported yet; skipped"
            )
    return stream


def guide_stream(guide) -> list[dict]:
    """A teacher guide's blocks as the lesson's ``teacher_guide`` stream (lessons.blocks.TeacherGuideStreamBlock)."""
    return [{"type": block.type, "value": block.value} for block in guide.blocks] if guide else []


def _digest(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def save_page(page: Page, parent: Page | None, values: dict, source: tuple[str, str], publish: bool, user, report, label,
              records: dict | None = None, new_pages: NewPages | None = None):
    """Create or update ``page`` with ``values``; save a revision only when they changed.
    ``records``: the ImportedPage rows of the pages being imported by page id, read
    at once by the caller (else this page's is read here). A new page is added with
    ``new_pages`` when given (its revision and record written by ``new_pages.finish()``)."""
    digest = _digest(values)
    record = None
    if page.pk:
        record = records.get(page.pk) if records is not None else ImportedPage.objects.filter(page_id=page.pk).first()
    if record and record.digest == digest and (page.live or not publish):
        report.unchanged.append(label)
        return page
    relations = {k: values.pop(k) for k in list(values) if k.startswith("m2m_")}
    children = {k: values.pop(k) for k in list(values) if k.startswith("children_")}
    for name, value in values.items():
        setattr(page, name, value)
    for name, value in relations.items():
        getattr(page, name.removeprefix("m2m_")).set(value)
    created = page.pk is None
    if created and new_pages is not None:
        new_pages.add(page, parent, source, digest, {name.removeprefix("children_"): value for name, value in children.items()})
        report.created.append(label)
        return page
    for name, (model, rows) in children.items():
        setattr(page, name.removeprefix("children_"), [model(**row) for row in rows])
    if created:
        page.live = False
        parent.add_child(instance=page)
    # Publishing validates the page (its save runs full_clean): the revision need not too.
    revision = page.save_revision(user=user, log_action=True, clean=not publish)
    if publish:
        revision.publish(user=user)
    if record is None:
        ImportedPage.objects.create(page=page, package_slug=source[0], source_path=source[1], digest=digest)
    else:
        record.package_slug, record.source_path, record.digest = source[0], source[1], digest
        record.save(update_fields=["package_slug", "source_path", "digest", "imported_at"])
    (report.created if created else report.updated).append(label)
    return page


def catalog_for(locale: Locale) -> CatalogPage:
    catalog = CatalogPage.objects.filter(locale=locale).first()
    if catalog is None:
        raise LookupError(f"No catalogue page in '{locale.language_code}'. Run 'manage.py setup_site' first.")
    return catalog


def _institution(data) -> Institution | None:
    if not data:
        return None
    institution, _ = Institution.objects.update_or_create(
        slug=data["slug"], defaults={"name": data["name"], "kind": data["kind"], "country": data["country"],
                                     "region": data.get("region", "")}
    )
    return institution


@transaction.atomic
@deferred_indexing()
def import_module(package: ModulePackage, *, publish: bool = True, user=None, progress=None, institution=None,
                  framework_rows: dict | None = None) -> ImportReport:
    """``progress(done, total, label)`` is called after each page (for progress bars).
    A package without an [institution] table is credited to ``institution``.
    ``framework_rows``: a dict kept across the modules of one import (see FrameworkRows)."""
    framework_rows = {} if framework_rows is None else framework_rows
    report = ImportReport()
    locales = locales_for(package.languages)
    institution = _institution(package.institution) or institution
    collection = institution_collection(institution) if institution else None
    module_key = stable_key("module", package.slug)
    existing_lessons = set()
    done, total = 0, len(package.languages) * (1 + len(package.lesson_order))
    lesson_keys = {stem: stable_key("lesson", package.slug, stem) for stem in package.lesson_order}
    new_pages = NewPages(user=user, publish=publish)
    for language in package.languages:
        locale = locales[language]
        framework = FrameworkRows(locale, framework_rows)
        module = ModulePage.objects.filter(translation_key=module_key, locale=locale).first()
        lessons = {page.translation_key: page for page in
                   LessonPage.objects.filter(translation_key__in=lesson_keys.values(), locale=locale)}
        records = {record.page_id: record for record in ImportedPage.objects.filter(
            page_id__in=[page.pk for page in lessons.values()] + ([module.pk] if module else []))}
        parent = None
        if module is None:
            parent = catalog_for(locale)
            module = ModulePage(translation_key=module_key, locale=locale, slug=package.slug)
        module = save_page(module, parent, {
            "title": package.title[language], "summary": package.summary[language], "level": package.level,
            "estimated_hours": Decimal(str(package.estimated_hours)), "licence": package.licence, "version": package.version,
            "institution": institution,
            "m2m_themes": framework(Theme, package.themes),
            "m2m_minerals": framework(Mineral, package.minerals),
            "m2m_outcomes": framework(LearningOutcome, package.outcomes),
            "children_authors": (ModuleAuthor, [{"name": a["name"], "orcid": a.get("orcid", ""),
                                                 "affiliation": a.get("affiliation", "")} for a in package.authors]),
        }, (package.slug, "module.toml"), publish, user, report, f"module {package.slug} ({language})", records, new_pages)
        report.modules.append(module.pk)

        lesson_pages = []
        for stem in package.lesson_order:
            lesson = package.lessons[(stem, language)]
            page = lessons.get(lesson_keys[stem])
            is_new = page is None
            if is_new:
                page = LessonPage(translation_key=lesson_keys[stem], locale=locale, slug=lesson.slug)
            page = save_page(page, module if is_new else None, {
                "title": lesson.title, "slug": lesson.slug, "summary": lesson.summary, "minutes": lesson.minutes,
                "body": _lesson_stream(lesson, framework, report, collection),
                "teacher_guide": guide_stream(package.guides.get((stem, language))),
                "m2m_outcomes": framework(LearningOutcome, lesson.outcomes),
            }, (package.slug, str(lesson.path.relative_to(package.root))), publish, user, report, f"lesson {stem} ({language})",
                records, new_pages)
            lesson_pages.append(page)
            done += 1
            if progress:
                progress(done + package.languages.index(language) + 1, total, f"{stem} ({language})")
        _order_children(module, lesson_pages)
        _import_quiz(package, language, locale, module, publish, user, report, new_pages)
        _import_pre_test(package, language, locale, module, publish, user, report, new_pages)
        existing_lessons.update(
            LessonPage.objects.child_of(module).exclude(pk__in=[p.pk for p in lesson_pages]).values_list("slug", flat=True)
        )
    new_pages.finish()
    for slug in sorted(existing_lessons):
        report.warnings.append(f"lesson '{slug}' is on the site but no longer in the package; it was kept (unpublish it in the admin if it should go)")
    return report


def _import_quiz(package: ModulePackage, language: str, locale: Locale, module: ModulePage, publish, user, report,
                 new_pages: NewPages | None = None):
    """The module quiz: the package's questions in this language, imported into the
    bank (stable ids "<module>:<outcome>:<n>", shared across languages), and a quiz
    page after the lessons that asks them all."""
    parsed = package.questions.get(language)
    if parsed is None:
        return None
    namespace = package.slug
    import_parsed(parsed, locale=locale, namespace=namespace, user=user, filename=f"questions.{language}")
    questions = list(Question.objects.filter(locale=locale, external_id__startswith=f"{namespace}:").order_by("pk"))
    key = stable_key("quiz", package.slug)
    quiz = QuizPage.objects.filter(translation_key=key, locale=locale).first()
    is_new = quiz is None
    if is_new:
        quiz = QuizPage(translation_key=key, locale=locale, slug="quiz")
    with translation.override(language):
        title = gettext("Quiz: %(module)s") % {"module": package.title[language]}
    return save_page(quiz, module if is_new else None, {
        "title": title[:255], "pass_mark": 70,
        "children_slots": (QuizSlot, [{"question_id": q.pk, "points": 1} for q in questions]),
    }, (package.slug, f"questions.{language}"), publish, user, report, f"quiz {package.slug} ({language})",
        new_pages=new_pages)


def _import_pre_test(package: ModulePackage, language: str, locale: Locale, module: ModulePage, publish, user, report,
                     new_pages: NewPages):
    """The module's pre-test (see contributions/pretest.py), after its quiz and bank are imported."""
    values = pretest.page_values(package, language, locale)
    if values is None:
        return None
    key = stable_key("pre-test", package.slug)
    quiz = QuizPage.objects.filter(translation_key=key, locale=locale).first()
    is_new = quiz is None
    if is_new:
        quiz = QuizPage(translation_key=key, locale=locale, slug="pre-test")
    quiz = save_page(quiz, module if is_new else None, values, (package.slug, f"questions.{language}"), publish, user,
                     report, f"pre-test {package.slug} ({language})", new_pages=new_pages)
    pretest.link(module, quiz, new_pages, publish, user)
    return quiz


def _order_children(module: Page, lessons: list[Page]):
    current = list(LessonPage.objects.child_of(module).filter(pk__in=[p.pk for p in lessons]).order_by("path").values_list("pk", flat=True))
    wanted = [p.pk for p in lessons]
    if current == wanted:
        return
    for page in lessons:
        Page.objects.get(pk=page.pk).move(Page.objects.get(pk=module.pk), pos="last-child")
