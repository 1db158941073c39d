"""The diagrams drawn for the shipped curriculum (issue 19): on average at least
one per lesson, the six the issue names, every one shown in every language of its
lessons, and drawn so a phone can read it. Reading the packages validates every
drawing and label (contributions/package/diagrams.py)."""

import re

import pytest

from lessons.diagrams import parse

from .test_shipped_content import shipped_modules

pytestmark = pytest.mark.django_db  # the known codes are read from the database

NAMED = {"copper-value-chain", "salar-cross-section", "tailings-dam-methods", "battery-minerals",
         "mine-site-safety-zones", "concentrator-water-balance"}


def diagrams_by_lesson():
    """{(module, lesson stem): {language: [diagram names in order]}}"""
    found = {}
    for module in shipped_modules():
        for (stem, language), lesson in module.lessons.items():
            names = [block.value["name"] for block in lesson.blocks if block.type == "diagram"]
            found.setdefault((module.slug, stem), {})[language] = names
    return found


def test_lessons_show_at_least_one_diagram_on_average_and_the_named_ones_exist():
    lessons = diagrams_by_lesson()
    shown = {key: max(by_language.values(), key=len) for key, by_language in lessons.items()}
    average = sum(len(names) for names in shown.values()) / len(shown)
    assert average >= 1, f"{average:.2f} diagrams per lesson over {len(shown)} lessons"
    missing = NAMED - {name for names in shown.values() for name in names}
    assert not missing, f"no lesson shows {sorted(missing)}"


def test_every_language_of_a_lesson_shows_the_same_diagrams():
    for key, by_language in diagrams_by_lesson().items():
        assert len({tuple(names) for names in by_language.values()}) == 1, (key, by_language)


def test_drawings_are_as_wide_as_the_column_and_readable_on_a_phone():
    """A 640-unit viewBox never shrinks below 560 px (static/css/alma.css), so 16-unit
    labels stay at 14 px or more; and a drawing's file is used by a lesson."""
    for module in shipped_modules():
        used = {block.value["name"] for lesson in module.lessons.values() for block in lesson.blocks if block.type == "diagram"}
        files = {path.stem for path in (module.root / "diagrams").glob("*.svg")}
        assert files == used, f"{module.slug}: drawings not shown in any lesson: {sorted(files - used)}"
        for name in files:
            root, problems = parse((module.root / "diagrams" / f"{name}.svg").read_bytes())
            assert not problems
            width = float(re.split(r"[\s,]+", root.get("viewBox").strip())[2])
            assert width == 640, f"{module.slug}/{name}: viewBox is {width} units wide"
