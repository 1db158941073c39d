"""docs/example-package is the complete example of docs/package-format.md: it
must validate and import, and every feature the document describes is in it."""

from pathlib import Path

from django.core.management import call_command

from contributions.loader import load_tree
from curriculum.models import LearningOutcome, ModulePage
from lessons.models import LessonPage
from quizzes.models import Question, QuizPage

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-package"


def test_the_example_package_validates_and_imports(site_pages):
    call_command("import_package", str(EXAMPLE), "--dry-run", "--no-progress")
    report = load_tree(EXAMPLE)
    # The test database has no datasets: the chart's is named, with the command that loads it.
    assert report.warnings == ["Charts draw the datasets usgs-mcs2025-minerals, which are not loaded: "
                               "run 'manage.py load_datasets'."]
    assert LearningOutcome.objects.filter(code="WAT-SEC-02").count() == 2
    modules = ModulePage.objects.live().filter(slug="water-at-the-mine")
    assert {m.locale.language_code for m in modules} == {"es", "en"}
    lesson = LessonPage.objects.live().get(locale__language_code="en", slug="water-at-a-copper-mine")
    assert [b.block_type for b in lesson.body] == ["markdown", "callout", "image", "chart", "glossary_term", "activity"]
    tailings = LessonPage.objects.live().get(locale__language_code="es", slug="tailings")
    assert [b.block_type for b in tailings.body] == ["markdown", "diagram", "callout"]
    assert {label["key"]: label["text"] for label in tailings.body[1].value["labels"]}["upstream"] == "Aguas arriba"
    assert QuizPage.objects.live().count() == 4  # the quiz and the pre-test, in es and en
    assert Question.objects.filter(locale__language_code="es").count() == 2

    again = load_tree(EXAMPLE)
    assert not again.created and not again.updated


def test_the_format_document_describes_the_example(site_pages):
    doc = (EXAMPLE.parent / "package-format.md").read_text(encoding="utf-8")
    for feature in ("questions.<lang>.gift", "$CATEGORY:", "::: figure", "::: diagram", "::: chart",
                    "docs/example-package"):
        assert feature in doc
