"""Imports cost queries per page, not per field, and an unchanged re-import is cheap.

The numbers are query counts, never times: they hold on any machine.
"""

from unittest.mock import patch

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend

from contributions.loader import load_tree
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import Question, QuestionVersion, QuizPage

from .conftest import lesson, write_tree


def module_files(slug: str, lessons: int, blocks: int = 1) -> dict:
    """A module in es and en: ``lessons`` lessons of ``blocks`` callouts each, and a
    quiz of one question per lesson in each language."""
    stems = [f"{n:02d}-leccion-{n}" for n in range(1, lessons + 1)]
    body = "\n\n".join(f"::: callout key-idea Idea {n}\nEl agua se recircula.\n:::" for n in range(blocks))
    files = {"module.toml": (
        f'slug = "{slug}"\nlevel = "secondary"\nthemes = ["water"]\nminerals = ["copper"]\noutcomes = ["WAT-SEC-01"]\n'
        f'languages = ["es", "en"]\nlicence = "CC-BY-4.0"\nversion = "1.0"\nestimated_hours = 2\nlessons = {stems}\n'
        'title = { es = "Agua", en = "Water" }\nsummary = { es = "Agua.", en = "Water." }\n').replace("'", '"')}
    for stem in stems:
        for language in ("es", "en"):
            files[f"lessons/{stem}.{language}.md"] = lesson(f"{stem} ({language})", body)
    for language in ("es", "en"):
        questions = [f"::Q{n}:: Pregunta {n} ({language}) {{=Cobre ~Hierro ~Arena}}" for n in range(1, lessons + 1)]
        files[f"questions.{language}.gift"] = "$CATEGORY: WAT-SEC-01\n\n" + "\n\n".join(questions) + "\n"
    return files


@pytest.fixture
def framework(site_pages, content_tree):
    load_tree(content_tree / "framework")


def queries_to_import(tmp_path, slug, lessons, blocks=1) -> int:
    root = tmp_path / slug
    if not root.exists():
        write_tree(root, module_files(slug, lessons, blocks))
    with CaptureQueriesContext(connection) as queries:
        load_tree(root)
    return len(queries)


def test_queries_grow_with_the_pages_in_proportion(framework, tmp_path):
    four, eight, sixteen = (queries_to_import(tmp_path, f"m{n}", n) for n in (4, 8, 16))
    assert LessonPage.objects.count() == 2 * (4 + 8 + 16)
    assert Question.objects.count() == 2 * (4 + 8 + 16)
    assert QuestionVersion.objects.count() == Question.objects.count()
    # q(n) = fixed + n × per-lesson: doubling the lessons adds twice as much again.
    first, second = eight - four, sixteen - eight
    assert second == pytest.approx(2 * first, rel=0.1)
    # Two pages (es, en) and two questions. New pages are saved once each (contributions/new_pages.py):
    # about 8 queries a page (validation, its rows, outcomes, what the reference index reads);
    # revisions, log entries, records, search and reference index rows are written in bulk.
    per_lesson = second / 8
    assert per_lesson < 24, per_lesson


def test_queries_do_not_grow_with_the_blocks_of_a_lesson(framework, tmp_path):
    queries_to_import(tmp_path, "warm-up", 1)  # content types and the like, cached once per process
    few = queries_to_import(tmp_path, "few-blocks", 4, blocks=1)
    many = queries_to_import(tmp_path, "many-blocks", 4, blocks=12)
    assert many == few


def test_an_unchanged_reimport_is_cheap_whatever_the_size(framework, tmp_path):
    counts = []
    for n in (4, 16):
        queries_to_import(tmp_path, f"again{n}", n)
        counts.append(queries_to_import(tmp_path, f"again{n}", n))
    assert counts[0] == counts[1], counts
    assert counts[0] < 60, counts


def test_load_content_draws_one_bar_over_the_pages_of_every_module(site_pages, content_tree, capsys):
    write_tree(content_tree / "modules" / "second", module_files("second", 3))
    call_command("load_content", str(content_tree))
    out = capsys.readouterr().out
    # agua-y-mineria: 2 languages × (module + 2 lessons); second: 2 × (module + 3 lessons).
    assert "\r[" in out and "] 6/14 " in out and "] 14/14 " in out
    assert ModulePage.objects.filter(slug="second").count() == 2


def test_each_imported_object_is_indexed_once_when_the_import_ends(framework, tmp_path, settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database.fallback"}}
    backend = type(get_search_backend())
    with patch.object(backend, "add") as add, patch.object(backend, "add_bulk") as add_bulk:
        queries_to_import(tmp_path, "indexed", 3)
    assert add.call_count == 0  # no object indexed on each of its saves
    indexed = {model: [obj.pk for obj in objects] for (model, objects), _kwargs in add_bulk.call_args_list}
    assert sorted(indexed[LessonPage]) == sorted(LessonPage.objects.values_list("pk", flat=True))
    assert sorted(indexed[Question]) == sorted(Question.objects.values_list("pk", flat=True))
    assert all(len(pks) == len(set(pks)) for pks in indexed.values())
    # Wagtail's reference index holds each quiz page's questions, recorded once at the end.
    for quiz in QuizPage.objects.exclude(slug="pre-test"):  # the pre-test draws at random: it names no question
        assert ReferenceIndex.get_references_for_object(quiz).filter(
            to_content_type=ContentType.objects.get_for_model(Question)).count() == 3
