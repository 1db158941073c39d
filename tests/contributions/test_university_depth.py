"""Issue 19 part 5: every university lesson cites its sources and works one problem.

A pure check over content/ (no database), for every module whose module.toml
says level = "university", in every language its lessons exist in:

- a references section: a level-2 heading "References" / "Referencias" /
  "Referências" / "Références" with at least three list entries under it;
- a worked problem: a heading, a ``::: callout`` or ``::: activity`` title, or a
  bold lead-in (``**Worked problem …**``) that names a worked problem, example or
  case in the lesson's language ("problema resuelto", "problema resolvido", …).
"""

import re
import tomllib

import pytest

from tests.contributions.test_content_sources import CONTENT

MIN_REFERENCES = 3
REFERENCES_HEADING = re.compile(r"^##\s+(?:References|Referencias|Referências|Références)\s*$")
ANY_HEADING = re.compile(r"^#{1,2}\s")
LIST_ENTRY = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
WORKED = (
    r"worked (?:problems?|examples?|exercises?|cases?)"
    r"|(?:problemas?|ejemplos?|ejercicios?|casos?) resueltos?"
    r"|(?:problemas?|exemplos?|exerc[ií]cios?|casos?) resolvidos?"
    r"|(?:problèmes?|exemples?|exercices?|cas) résolus?"
)
# Where a worked problem is announced: a heading, a callout/activity title, a bold lead-in.
WORKED_MARKER = re.compile(
    rf"^(?:#{{1,6}}\s+.*(?:{WORKED})|:::\s*(?:callout|activity)\b.*(?:{WORKED})|\*\*[^*]*(?:{WORKED}))",
    re.IGNORECASE,
)


def university_lessons():
    lessons = []
    for toml_path in sorted(CONTENT.glob("modules/*/module.toml")):
        module = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        if module.get("level") != "university":
            continue
        for slug in module["lessons"]:
            for language in module["languages"]:
                lessons.append(toml_path.parent / "lessons" / f"{slug}.{language}.md")
    return lessons


def reference_entries(text):
    """List entries under the references heading (up to the next level-1/2 heading)."""
    entries, inside = 0, False
    for line in text.split("\n"):
        if REFERENCES_HEADING.match(line):
            inside = True
        elif inside and (ANY_HEADING.match(line) or line.startswith(":::")):
            inside = False
        elif inside and LIST_ENTRY.match(line):
            entries += 1
    return entries


def has_worked_problem(text):
    return any(WORKED_MARKER.match(line.strip()) for line in text.split("\n"))


def depth_problems(path):
    text = path.read_text(encoding="utf-8")
    problems = []
    if (count := reference_entries(text)) < MIN_REFERENCES:
        problems.append(f"{count} reference entries (at least {MIN_REFERENCES} under a '## References' heading)")
    if not has_worked_problem(text):
        problems.append("no worked problem (heading, callout/activity title or bold lead-in naming one)")
    return problems


def test_there_are_university_lessons_in_three_languages():
    lessons = university_lessons()
    assert len(lessons) >= 39
    assert {path.name.split(".")[-2] for path in lessons} >= {"es", "pt", "en"}


@pytest.mark.parametrize("path", university_lessons(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_university_lesson_has_references_and_a_worked_problem(path):
    assert path.exists(), f"{path.relative_to(CONTENT)}: listed in module.toml but missing"
    problems = depth_problems(path)
    assert not problems, f"{path.relative_to(CONTENT)}: " + "; ".join(problems)


def test_the_check_catches_missing_references_and_worked_problem():
    bare = "# Title\n\nSome text.\n\n## References\n\n- One source.\n- Two sources.\n"
    assert reference_entries(bare) == 2
    assert not has_worked_problem(bare)
    rich = bare.replace("- Two", "- Three.\n- Two") + "\n::: callout key-idea Worked problem: LCE\n1. x\n:::\n"
    assert reference_entries(rich) == 3 and has_worked_problem(rich)
    # Entries after the references section ends do not count; a mention in prose is not a marker.
    split = "## Referencias\n\n- A\n\n## Actividad\n\n- B\n- C\n\nUn problema resuelto en el texto.\n"
    assert reference_entries(split) == 1
    assert not has_worked_problem(split)
    assert has_worked_problem("### Problema resolvido: HHI do lítio\n")
    assert has_worked_problem("**Ejemplo resuelto (cifras inventadas).** Tres opciones")
