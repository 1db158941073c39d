"""Issue 8, check 5: every figure in the shipped lessons that looks like a
statistic names its source.

A pure check over the lesson files (no database). A lesson is cut into
*units* (a paragraph, a list item, a table, a directive such as a callout or a
chart) grouped in *sections* (the text under one heading). A unit with a
statistic-looking figure -- a number with a unit (t, kt, %, m3/s, TJ, kg/MW,
"millones", "million", "veces"...) -- must name a source (USGS, IEA, Cochilco,
or another source named in content/datasets/SOURCES.md) in the unit itself or
anywhere in its section, or be marked as an invented exercise number
("ejercicio", "exercise", "exemplo", "supongamos", ...).

Numbers that are not statistics are left alone: ore grades, doses and
quantities inside a worked exercise or a classroom activity, times in minutes,
lesson numbers, years on their own.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

CONTENT = Path(settings.ALMA_CONTENT_DIR)

# A number: 5300, 5,300, 5.300, 5 300 (thin or no-break space), 0.15, 0,15, 36.7.
NUMBER = r"(?<![\w/.,-])\d{1,3}(?:(?:[.,]|[ \u00a0\u202f])\d{3})*(?:[.,]\d+)?(?![\w/])|(?<![\w/.,-])\d+(?:[.,]\d+)?(?![\w/])"
UNIT = (
    r"(?:%|‰|kt|Mt|Gt|t|m3/s|m³/s|l/s|L/s|TJ|PJ|GJ|kg|MW|GW|kWh|MWh|GWh|TWh|"
    r"ton(?:ne)?s?|toneladas?|tonnes?|tonelada|"
    r"millones|millón|million|millions|milhões|milhão|mil\s+millones|billion|bilhões|milliards?|"
    r"mil|thousand|milliers|"
    r"veces|times|fois|vezes|"
    r"USD|US\$|dólares|dollars|dólares)"
)
# Number, optional Markdown emphasis, optional "thousand"/"mil" qualifier, then the unit.
STATISTIC = re.compile(rf"(?:{NUMBER})\s?(?:\*\*|\*)?\s?{UNIT}(?![\w])", re.IGNORECASE)
# A large number written with thousands separators (88,000; 5 300; 9.300.000) is a
# statistic even without a unit next to it (table cells, "Chile mined 5,300").
GROUPED = re.compile(r"(?<![\w/.,-])\d{1,3}(?:(?:,|\.|[ \u00a0\u202f])\d{3})+(?![\w/]|[.,]\d)")

# Who may be named as a source: the ones in content/datasets/SOURCES.md (and the
# secondary reproductions it lists).
SOURCES = re.compile(
    r"\bUSGS\b|U\.\s?S\. Geological Survey|Servi(?:cio|ço) Geol[oó]gico|Mineral Commodity Summaries|\bMCS\s?2025\b"
    r"|\bIEA\b|\bAIE\b|International Energy Agency|Agencia Internacional de (?:la )?Energ[ií]a|Ag[eê]ncia Internacional de Energia"
    r"|Agence internationale de l.[ée]nergie|Role of Critical Minerals"
    r"|Cochilco|Comisi[oó]n Chilena del Cobre|\bDEPP\b|DE/06/2013"
    r"|Visual Capitalist|SAE International|World Nuclear News|Nuclear Engineering International|mineralsindepth"
    r"|\bE&T\b|Engineering & Technology|Ingrid Garc[eé]s|\bOCMAL\b"
    r"|SOURCES\.md",
    re.IGNORECASE,
)
# An explicit marker that the numbers are invented for an exercise.
EXERCISE = re.compile(
    r"\b(?:ejercicios?|exercises?|exerc[ií]cios?|exercices?|ejemplos?|exemplos?|examples?|exemples?"
    r"|supongamos|suponga|supón|suppose|supposons|suponha|imagine|imaginemos|imaginez|imagina"
    r"|hipot[ée]tic[oa]s?|hypothetical|hypoth[ée]tiques?|ficticios?|fict[ií]cios?|fictional|fictives?|fictifs?"
    r"|inventad[oa]s?|invented|invent[ée]s?)\b",
    re.IGNORECASE,
)


@dataclass
class Unit:
    path: Path
    line: int
    kind: str  # paragraph, item, table, or the directive's name
    text: str
    section: list  # the units of the same section (filled in afterwards)
    heading: str

    def section_text(self):
        return "\n".join([self.heading] + [unit.text for unit in self.section])


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
HEADING = re.compile(r"^#{1,6}\s")


def split_units(text, path=Path("<text>")):
    """The units of a lesson body (front matter removed), each knowing its section."""
    offset = 0
    if text.startswith("+++"):
        front, _sep, rest = text[3:].partition("\n+++")
        body = rest.split("\n", 1)[1] if "\n" in rest else ""
        offset = text.count("\n") - body.count("\n")
        text = body
    units, section, heading = [], [], ""
    current, kind, start = [], None, 0

    def flush():
        nonlocal current, kind
        if current:
            unit = Unit(path, start, kind, "\n".join(current), section, heading)
            units.append(unit)
            section.append(unit)
        current, kind = [], None

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line, number = lines[i], offset + i + 1
        stripped = line.strip()
        if stripped.startswith(":::") and stripped != ":::":
            flush()
            name = stripped[3:].split()[0] if stripped[3:].split() else "directive"
            body, j = [line], i + 1
            while j < len(lines) and lines[j].strip() != ":::":
                body.append(lines[j])
                j += 1
            current, kind, start = body, f"directive:{name}", number
            flush()
            i = j + 1
            continue
        if HEADING.match(line):
            flush()
            section, heading = [], stripped
        elif not stripped:
            flush()
        elif stripped.startswith("|"):
            if kind != "table":
                flush()
                kind, start = "table", number
            current.append(line)
        elif LIST_ITEM.match(line):
            flush()
            kind, start = "item", number
            current.append(line)
        else:
            if kind is None:
                kind, start = "paragraph", number
            current.append(line)
        i += 1
    flush()
    return units


# "Recovery is never 100 %" is not a statistic.
WHOLE = re.compile(r"^(?:100|0)\s?%$")


def statistics(text):
    found = [match.group(0) for match in STATISTIC.finditer(text) if not WHOLE.match(match.group(0))]
    return found + [match.group(0) for match in GROUPED.finditer(text) if not any(match.group(0) in f for f in found)]


def is_sourced(unit):
    """Whether the figures of a unit are covered by a source or an exercise marker."""
    if SOURCES.search(unit.text) or EXERCISE.search(unit.text):
        return True
    return bool(SOURCES.search(unit.section_text()) or EXERCISE.search(unit.section_text()))


def unsourced_figures(text, path=Path("<text>")):
    """(line, figures, excerpt) for every unit with statistics and no source."""
    problems = []
    for unit in split_units(text, path):
        if unit.kind == "directive:activity":
            continue  # a classroom activity's numbers are the activity's
        figures = statistics(unit.text)
        if figures and not is_sourced(unit):
            problems.append((unit.line, figures, " ".join(unit.text.split())[:160]))
    return problems


def lesson_files():
    return sorted(CONTENT.glob("modules/*/lessons/*.md"))


def test_the_shipped_curriculum_has_lessons_to_check():
    assert len(lesson_files()) >= 100


@pytest.mark.parametrize("path", lesson_files(), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_statistic_in_a_lesson_names_its_source(path):
    problems = unsourced_figures(path.read_text(encoding="utf-8"), path)
    assert not problems, "\n".join(
        f"{path.relative_to(CONTENT)}:{line}: {figures} without a source: {excerpt}" for line, figures, excerpt in problems
    )


# The check itself, on planted text.

def test_a_planted_unsourced_figure_is_caught():
    text = (
        "+++\ntitle = \"x\"\n+++\n\n## Producción de cobre\n\n"
        "Chile produjo unos 5,3 millones de toneladas de cobre en 2024.\n"
    )
    problems = unsourced_figures(text)
    assert [(line, figures) for line, figures, _ in problems] == [(7, ["5,3 millones"])]


def test_a_source_in_the_paragraph_or_its_section_covers_the_figure():
    cited = "## Cobre\n\nChile produjo unos 5,3 millones de toneladas en 2024 (USGS, *Mineral Commodity Summaries 2025*, estimado).\n"
    table = "## Litio\n\n| País | t |\n| --- | --- |\n| Chile | 49 000 |\n\nFuente: USGS, *Mineral Commodity Summaries 2025*.\n"
    shares = "## Agua\n\nSegún Cochilco (DE/06/2013), en 2012 se consumían 12,4 m³/s.\n\n- concentrados: 0,74 × 12,4 ≈ 9,2 m³/s\n"
    brine = "La salmuera tiene alrededor de 0,15 % de litio (E&T, citando a Ingrid Garcés).\n"
    for text in (cited, table, shares, brine):
        assert unsourced_figures(text) == [], text


def test_a_source_in_another_section_does_not_cover_the_figure():
    text = "## Cobre\n\nChile mined 5,300 thousand t (USGS).\n\n## Water\n\nMining uses 3 % of the country's water.\n"
    assert [figures for _, figures, _ in unsourced_figures(text)] == [["3 %"]]


def test_a_table_of_large_numbers_without_a_source_is_caught():
    text = "## Lithium\n\n| Country | Production |\n| --- | --- |\n| Australia | 88,000 |\n| Chile | 49,000 |\n"
    assert [figures for _, figures, _ in unsourced_figures(text)] == [["88,000", "49,000"]]


def test_invented_exercise_numbers_and_non_statistics_are_not_flagged():
    exercise = "## Ejercicio\n\nUna mina procesa 80 000 t de mineral con 0,6 % de cobre.\n"
    marked = "Example: a plant treats 1,400 t of concentrate at 30 % Cu.\n"
    activity = "::: activity 40 Medir la ley\n1. Pesen 500 g de arena y 2 kg de arroz.\n:::\n"
    plain = "## Historia\n\nEn 2013 se firmó el Convenio de Minamata; la lección dura 45 minutos. La recuperación nunca es 100 %.\n"
    for text in (exercise, marked, activity, plain):
        assert unsourced_figures(text) == [], text


def test_the_check_catches_a_figure_planted_in_a_shipped_lesson():
    path = CONTENT / "modules/water-and-mining/lessons/02-continental-water-and-seawater.en.md"
    text = path.read_text(encoding="utf-8")
    assert unsourced_figures(text, path) == []
    planted = text + "\n## One more fact\n\nChilean copper mines used 14.1 m³/s of water in 2030.\n"
    problems = unsourced_figures(planted, path)
    assert [figures for _, figures, _ in problems] == [["14.1 m³/s"]]
    assert problems[0][0] == planted.count("\n")
