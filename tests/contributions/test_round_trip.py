"""Issue 17 (part 5): every shipped module, and docs/example-package, survives
export → import on a fresh database unchanged: the same pages, blocks and
questions. The first load and the export run in a savepoint that is rolled
back, so the exported packages are imported into the database as it was
before (the page tree of a fresh install), not over the pages they came from."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from contributions.export import export_module, write_folder
from contributions.loader import content_packages, load_tree
from curriculum.models import CatalogPage, HomePage, ModulePage
from datasets.models import Dataset
from lessons.models import GlossaryTerm, LessonPage
from quizzes.models import Question, QuizPage

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-package"


def _codes(manager):
    return sorted(manager.values_list("code", flat=True))


def _body(page, images, glossary):
    """The blocks as stored, with database ids replaced by what they stand for."""
    blocks = []
    for block in page.body.get_prep_value():
        value = block["value"]
        if block["type"] == "image":
            value = {**value, "image": images[value["image"]]}
        elif block["type"] == "glossary_term":
            value = {**value, "term": glossary[value["term"]]}
        blocks.append((block["type"], value))
    return blocks


def snapshot() -> dict:
    """Modules, lessons, quizzes and questions, keyed and valued by what survives
    a move to another database (translation keys, codes, image file hashes)."""
    images = dict(get_image_model().objects.values_list("pk", "file_hash"))
    glossary = dict(GlossaryTerm.objects.values_list("pk", "code"))
    questions = {}
    for q in Question.objects.select_related("latest_version", "locale").prefetch_related("outcomes"):
        questions[(q.external_id, q.locale.language_code)] = (
            q.title, q.difficulty, q.qtype, q.latest_version.definition, sorted(o.code for o in q.outcomes.all()))
    external = dict(Question.objects.values_list("pk", "external_id"))
    shot = {"questions": questions}
    for module in ModulePage.objects.select_related("locale", "institution"):
        language = module.locale.language_code
        shot[("module", module.slug, language)] = (
            module.title, module.summary, module.level, str(module.estimated_hours), module.licence, module.version,
            module.live, module.institution.slug if module.institution else None, str(module.translation_key),
            _codes(module.themes), _codes(module.minerals), _codes(module.outcomes),
            [(a.name, a.orcid, a.affiliation) for a in module.authors.all()])
        for position, lesson in enumerate(LessonPage.objects.child_of(module).order_by("path")):
            shot[("lesson", module.slug, str(lesson.translation_key), language)] = (
                position, lesson.title, lesson.slug, lesson.summary, lesson.minutes, lesson.live,
                _codes(lesson.outcomes), _body(lesson, images, glossary),
                [(b["type"], b["value"]) for b in lesson.teacher_guide.get_prep_value()])
        for quiz in QuizPage.objects.child_of(module):
            shot[("quiz", module.slug, str(quiz.translation_key), language)] = (
                quiz.title, quiz.slug, quiz.pass_mark, quiz.live,
                [(external.get(s.question_id), s.outcome_code, s.points) for s in quiz.slots.all()])
    return shot


def exported_tree(framework: Path, target: Path) -> tuple[Path, list[str]]:
    """Every module on the site exported as a content tree beside ``framework``."""
    shutil.copytree(framework, target / "framework")
    warnings = []
    for slug in sorted(set(ModulePage.objects.values_list("slug", flat=True))):
        module = ModulePage.objects.filter(slug=slug).order_by("pk").first()
        files, module_warnings = export_module(module)
        warnings += [f"{slug}: {w}" for w in module_warnings]
        write_folder(files, target / "modules" / slug)
    return target, warnings


def round_trip(tree: Path, framework: Path, target: Path):
    with transaction.atomic():
        first = load_tree(tree)
        before = snapshot()
        exported, warnings = exported_tree(framework, target)
        transaction.set_rollback(True)
    assert not ModulePage.objects.exists() and not Question.objects.exists()
    report = load_tree(exported)
    # The same warnings as the first import (e.g. datasets not loaded in the test database), no new ones.
    assert sorted(report.warnings) == sorted(first.warnings)
    return before, snapshot(), warnings, report


def test_every_shipped_module_survives_export_and_import_on_a_fresh_database(site_pages, tmp_path):
    content = Path(settings.ALMA_CONTENT_DIR)
    before, after, warnings, report = round_trip(content, content / "framework", tmp_path / "exported")
    _framework, modules = content_packages(content)
    assert len({key[1] for key in before if key[0] == "module"}) == len(modules)
    assert not warnings, warnings
    for key in sorted(set(before) | set(after), key=str):
        assert after.get(key) == before.get(key), key
    assert sum(1 for key in before if key[0] == "quiz") >= 3 * len(modules)
    assert any(block[0] == "chart" for key, value in before.items() if key[0] == "lesson" for block in value[-2])
    assert any(block[0] == "material" for key, value in before.items() if key[0] == "lesson" for block in value[-1])


def test_the_example_package_survives_export_and_import_on_a_fresh_database(site_pages, tmp_path):
    before, after, warnings, _report = round_trip(EXAMPLE, EXAMPLE / "framework", tmp_path / "exported")
    assert not warnings
    assert after == before
    exported = tmp_path / "exported" / "modules" / "water-at-the-mine"
    text = (exported / "lessons").glob("*.en.md")
    assert any("::: chart usgs-mcs2025-minerals" in path.read_text() for path in text)
    assert {p.name for p in exported.glob("questions.*")} == {"questions.es.gift", "questions.en.gift"}
    assert list((exported / "images").iterdir())


def test_import_package_sets_up_a_fresh_database(db, tmp_path):
    """Only migrations ran: no home, catalogue or datasets. import_package sets them up;
    with --no-setup it says what to run and imports nothing."""
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    Dataset.objects.all().delete()
    from django.core.management.base import CommandError
    import pytest

    with pytest.raises(CommandError, match="manage.py setup_site"):
        call_command("import_package", str(EXAMPLE), "--no-progress", "--no-setup")
    assert not ModulePage.objects.exists()
    call_command("import_package", str(EXAMPLE), "--no-progress")
    assert HomePage.objects.exists() and CatalogPage.objects.filter(locale__language_code="en").exists()
    assert ModulePage.objects.live().filter(slug="water-at-the-mine").count() == 2
    assert Dataset.objects.filter(slug="usgs-mcs2025-minerals").exists()
