import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from contributions.loader import load_tree
from contributions.package import PackageInvalid
from curriculum.models import LearningOutcome, ModulePage
from lessons.models import GlossaryTerm, LessonPage


def test_a_content_tree_loads_pages_in_every_language(site_pages, content_tree):
    report = load_tree(content_tree)
    assert not report.warnings
    module_es = ModulePage.objects.get(locale__language_code="es", slug="agua-y-mineria")
    module_en = ModulePage.objects.get(locale__language_code="en")
    assert module_es.translation_key == module_en.translation_key
    assert module_es.live and module_es.institution.name == "Universidad de Chile"
    assert [a.orcid for a in module_es.authors.all()] == ["0000-0002-1825-0097"]
    assert [l.title for l in LessonPage.objects.child_of(module_es).order_by("path")] == ["El agua en la mina", "Relaves"]
    first = LessonPage.objects.child_of(module_es).order_by("path").first()
    assert [b.block_type for b in first.body] == ["markdown", "callout", "glossary_term", "activity"]
    assert first.body[2].value["term"] == GlossaryTerm.objects.get(code="tailings", locale__language_code="es")
    assert list(first.body[3].value["steps"]) == ["Llena el vaso.", "Mide."]
    assert list(first.outcomes.values_list("code", "locale__language_code")) == [("WAT-SEC-01", "es")]
    assert LearningOutcome.objects.get(code="WAT-SEC-01", locale__language_code="en").statement == "Describe how mining uses water."


def test_loading_twice_changes_nothing(site_pages, content_tree):
    load_tree(content_tree)
    revisions = Revision.objects.count()
    report = load_tree(content_tree)
    assert report.created == [] and report.updated == []
    assert Revision.objects.count() == revisions
    assert ModulePage.objects.count() == 2 and LessonPage.objects.count() == 4


def test_an_edited_lesson_gets_a_new_revision_on_the_same_page(site_pages, content_tree):
    load_tree(content_tree)
    page = LessonPage.objects.get(locale__language_code="en", title="Tailings")
    path = content_tree / "modules/agua-y-mineria/lessons/02-relaves.en.md"
    path.write_text(path.read_text().replace('"Tailings"', '"Tailings and water"'))
    report = load_tree(content_tree)
    assert report.updated == ["lesson 02-relaves (en)"]
    page.refresh_from_db()
    assert page.title == "Tailings and water" and page.revisions.count() == 2


def test_a_lesson_removed_from_the_package_is_reported_not_deleted(site_pages, content_tree):
    load_tree(content_tree)
    manifest = content_tree / "modules/agua-y-mineria/module.toml"
    manifest.write_text(manifest.read_text().replace('lessons = ["01-agua", "02-relaves"]', 'lessons = ["01-agua"]'))
    for language in ("es", "en"):
        (content_tree / f"modules/agua-y-mineria/lessons/02-relaves.{language}.md").unlink()
    report = load_tree(content_tree)
    assert any("relaves" in w and "kept" in w for w in report.warnings)
    assert LessonPage.objects.filter(slug="relaves").count() == 2


def test_every_problem_is_reported_with_file_and_line_and_nothing_is_imported(site_pages, content_tree):
    lessons = content_tree / "modules/agua-y-mineria/lessons"
    (lessons / "02-relaves.en.md").unlink()
    text = (lessons / "01-agua.es.md").read_text()
    (lessons / "01-agua.es.md").write_text(text.replace("::: glossary tailings", "::: glossary unobtainium")
                                           .replace("::: callout key-idea", "::: callout shout"))
    manifest = content_tree / "modules/agua-y-mineria/module.toml"
    manifest.write_text(manifest.read_text().replace('outcomes = ["WAT-SEC-01"]', 'outcomes = ["WAT-SEC-01", "ZZ-SEC-99"]'))
    with pytest.raises(PackageInvalid) as error:
        load_tree(content_tree)
    messages = [str(p) for p in error.value.problems]
    assert any("02-relaves.en.md" in m and "no 'en' version" in m for m in messages)
    assert any("01-agua.es.md:" in m and "unobtainium" in m for m in messages)
    assert any("01-agua.es.md:" in m and "callout kind 'shout'" in m for m in messages)
    assert any("module.toml:" in m and "ZZ-SEC-99" in m for m in messages)
    assert ModulePage.objects.count() == 0 and LearningOutcome.objects.count() == 0


@pytest.mark.parametrize("edit, expected", [
    (("licence = \"CC-BY-4.0\"\n", ""), "licence is missing"),
    (("estimated_hours = 2", 'estimated_hours = "two"'), "estimated_hours must be a number"),
    (("level = \"secondary\"", "level = 3"), "'level' is missing or has the wrong type"),
    (("orcid = \"0000-0002-1825-0097\"", "orcid = \"0000-0002-1825-0098\""), "is not valid"),
    (("slug = \"agua-y-mineria\"", "slug = \"agua-y-mineria"), "invalid TOML"),
])
def test_manifest_errors_name_the_problem(site_pages, content_tree, edit, expected):
    manifest = content_tree / "modules/agua-y-mineria/module.toml"
    manifest.write_text(manifest.read_text().replace(*edit))
    with pytest.raises(PackageInvalid) as error:
        load_tree(content_tree)
    assert any(expected in str(p) for p in error.value.problems), error.value.problems


def test_a_failure_during_import_leaves_nothing_behind(site_pages, content_tree, monkeypatch):
    from contributions import importer

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_order_children", explode)
    with pytest.raises(RuntimeError):
        load_tree(content_tree)
    assert ModulePage.objects.count() == 0 and LearningOutcome.objects.count() == 0


def test_load_content_command_reports_errors_and_exits_non_zero(site_pages, content_tree, capsys):
    (content_tree / "modules/agua-y-mineria/lessons/01-agua.en.md").write_text("no front matter")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("load_content", str(content_tree))
    assert "front matter is missing" in capsys.readouterr().err


def test_dry_run_validates_and_changes_nothing(site_pages, content_tree):
    call_command("load_content", str(content_tree), "--dry-run")
    assert ModulePage.objects.count() == 0
