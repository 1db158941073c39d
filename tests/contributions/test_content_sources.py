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
lesson numbers, years on their own, "never 100 %".

A second check reads the figures a lesson cites as USGS next to a country
("Chile mined 5,300", a table row "| Chile | 49,000 | 9,300,000 |") and looks
each one up in content/datasets/minerals_production.csv for that country and
the commodity the sentence, table or section is about, at any scale (5.3
million t = 5,300 thousand t) and to the precision written. Sums of several
countries, shares, ratios and years are not read as a country's figure.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

CONTENT = Path(settings.ALMA_CONTENT_DIR)

# A number: 5300, 5,300, 5.300, 5 300 (thin or no-break space), 0.15, 0,15, 36.7.
NUMBER = (
    r"(?<![\w/.,-])\d{1,3}(?:(?:[.,]|[ \u00a0\u202f])\d{3})*(?:[.,]\d+)?(?![\w/])"
    r"|(?<![\w/.,-])\d+(?:[.,]\d+)?(?![\w/])"
)
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
    r"\bUSGS\b|U\.\s?S\. Geological Survey|Servi(?:cio|ço) Geol[oó]gico|Mineral Commodity Summaries"
    r"|\bMCS\s?2025\b|\bIEA\b|\bAIE\b|International Energy Agency|Agencia Internacional de (?:la )?Energ[ií]a"
    r"|Ag[eê]ncia Internacional de Energia"
    r"|Agence internationale de l.[ée]nergie|Role of Critical Minerals"
    r"|Cochilco|Comisi[oó]n Chilena del Cobre|\bDEPP\b|DE/06/2013"
    r"|Visual Capitalist|SAE International|World Nuclear News|Nuclear Engineering International|mineralsindepth"
    r"|\bE&T\b|Engineering & Technology|Ingrid Garc[eé]s|\bOCMAL\b"
    r"|SOURCES\.md"
    # Primary documents named with their number or title (issue 19): a law sets the rates it sets.
    r"|\b(?:Law|Ley|Lei|Loi)\s(?:N[º°o.]\s?)?\d{1,2}\.\d{3}|Decreto Supremo|Supreme Decree"
    r"|\bgov\.br\b|Governo Federal|Gobierno de Minas Gerais|Governo de Minas Gerais|Government of Minas Gerais"
    r"|\bGISTM\b|Review Panel|Expert Panel|Technical Review Board",
    re.IGNORECASE,
)
# A law's or decree's number (Law 14.066, Ley 21.591, Decreto Ley 1.350) is not a statistic.
LAW_NUMBER = re.compile(r"\b(?:Law|Ley|Lei|Loi|Decree|Decreto|Décret|DL)\s(?:N[º°o.]\s?)?\d{1,3}(?:[.,]\d{3})*\b", re.IGNORECASE)
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
        _front, _sep, rest = text[3:].partition("\n+++")
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
    text = LAW_NUMBER.sub("", text)
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
        f"{path.relative_to(CONTENT)}:{line}: {figures} without a source: {excerpt}"
        for line, figures, excerpt in problems
    )


# The check itself, on planted text.

def test_a_law_number_is_not_a_statistic_and_a_law_sources_its_rates():
    text = "+++\ntitle = \"x\"\n+++\n\n## Leyes\n\nBrasil prohibió las presas aguas arriba con la Ley 14.066 de 2020.\n"
    assert unsourced_figures(text) == []
    rates = "+++\ntitle = \"x\"\n+++\n\n## Royalty\n\nThe margin component runs from 8% to 26%.\n"
    assert unsourced_figures(rates)
    assert unsourced_figures(rates.replace("26%.", "26% (Law 21.591 of 2023).")) == []


def test_a_planted_unsourced_figure_is_caught():
    text = (
        "+++\ntitle = \"x\"\n+++\n\n## Producción de cobre\n\n"
        "Chile produjo unos 5,3 millones de toneladas de cobre en 2024.\n"
    )
    problems = unsourced_figures(text)
    assert [(line, figures) for line, figures, _ in problems] == [(7, ["5,3 millones"])]


def test_a_source_in_the_paragraph_or_its_section_covers_the_figure():
    cited = ("## Cobre\n\nChile produjo unos 5,3 millones de toneladas en 2024 "
             "(USGS, *Mineral Commodity Summaries 2025*, estimado).\n")
    table = ("## Litio\n\n| País | t |\n| --- | --- |\n| Chile | 49 000 |\n\n"
             "Fuente: USGS, *Mineral Commodity Summaries 2025*.\n")
    shares = ("## Agua\n\nSegún Cochilco (DE/06/2013), en 2012 se consumían 12,4 m³/s.\n\n"
              "- concentrados: 0,74 × 12,4 ≈ 9,2 m³/s\n")
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
    plain = ("## Historia\n\nEn 2013 se firmó el Convenio de Minamata; la lección dura 45 minutos. "
             "La recuperación nunca es 100 %.\n")
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


# Numbers cited as USGS must be in content/datasets/minerals_production.csv.

COUNTRIES = {
    "Argentina": r"Argentina|Argentine",
    "Australia": r"Australia|Austrália|Australie",
    "Bolivia": r"Bolivia|Bolívia|Bolivie",
    "Brazil": r"Brazil|Brasil|Brésil",
    "Canada": r"Canada|Canadá",
    "Chile": r"Chile|Chili",
    "China": r"China|Chine",
    "Colombia": r"Colombia|Colômbia|Colombie",
    "Congo (Kinshasa)": r"Congo",
    "Cuba": r"Cuba",
    "Guatemala": r"Guatemala",
    "Indonesia": r"Indonesia|Indonésia|Indonésie",
    "Jamaica": r"Jamaica|Jamaïque",
    "Mexico": r"Mexico|México|Mexique",
    "Peru": r"Peru|Perú|Pérou",
    "Zimbabwe": r"Zimbabwe|Zimbábue|Zimbabue",
    "United States": r"United States|Estados Unidos|États-Unis|EE\. ?UU\.|U\.S\.(?! Geological)",
    "Russia": r"Russia|Rusia|Rússia|Russie",
    "South Africa": r"South Africa|Sudáfrica|África do Sul|Afrique du Sud",
    "Philippines": r"Philippines|Filipinas",
    "Japan": r"Japan|Japón|Japão|Japon",
    "Zambia": r"Zambia|Zâmbia|Zambie",
    "Namibia": r"Namibia|Namíbia|Namibie",
    "Portugal": r"Portugal",
    "World total (rounded)": (
        r"world total|total mundial|total mondial|produção mundial|producción mundial"
        r"|world (?:copper|lithium) mine production"
    ),
}
COMMODITIES = {
    "copper": r"cobre|copper|cuivre",
    "lithium": r"litio|lithium|lítio",
    "cobalt": r"cobalto|cobalt",
    "nickel": r"n[ií]quel|nickel",
    "rare earths": r"tierras raras|rare.earths?|terras raras|terres rares",
    "iron ore": r"hierro|iron|ferro|\bfer\b",
    "gold": r"\boro\b|\bgold\b|\bouro\b",
    "silver": r"plata|silver|prata|\bargent\b",
    "bauxite": r"bauxit[ae]",
    "molybdenum": r"molibdeno|molybdenum|molibdênio|molybdène",
    "zinc": r"\bzinco?\b",
    "tin": r"estaño|\btin\b|estanho|étain",
    "lead": r"plomo|\blead\b|chumbo|plomb",
    "niobium": r"niobio|niobium|nióbio",
    "graphite": r"grafito|graphite|grafite",
    "antimony": r"antimonio|antimony|antimônio|antimoine",
}
COUNTRY = re.compile("|".join(f"(?P<c{i}>{alias})" for i, alias in enumerate(COUNTRIES.values())), re.IGNORECASE)
COUNTRY_NAMES = list(COUNTRIES)
USGS = re.compile(r"\bUSGS\b|U\.\s?S\. Geological Survey|Mineral Commodity Summaries|\bMCS\s?2025\b", re.IGNORECASE)
OTHER_SOURCE = re.compile(r"\bIEA\b|\bAIE\b|Cochilco|\bDEPP\b|E&T", re.IGNORECASE)
# The first number after a country name, before the end of the clause.
FIGURE = re.compile(
    r"^[^\d.;()\n|]{0,45}?(?P<n>\d+(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}\b))\d+)*)(?P<after>\s?(?:\*\*)?\s?\S*)"
)
# A country named right after another one ("Chile, Peru and Mexico together mined 8,600").
IN_A_LIST = re.compile(
    r"(?:,|\band|\by|\be|\bet)\s*(?:(?:the|el|la|los|las|le|les|o|a|os|as)\s+|l['’])?$", re.IGNORECASE
)


YEAR = re.compile(r"(?:19|20)\d\d")
# A share, a square, a ratio or a duration is not a tonnage.
NOT_A_QUANTITY = re.compile(r"\s?(?:\*\*)?\s?(?:%|‰|²|×|times|veces|vezes|fois|years|años|anos|ans)")
NOTE_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion)?", re.IGNORECASE)


def parse_number(text):
    """'5,300' -> 5300, '5 300' -> 5300, '5,3' -> 5.3, '0.7' -> 0.7; and its precision."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", text):  # grouped thousands: no lesson writes 3 decimals
        return float(re.sub(r"[ ,.]", "", text)), 1.0
    whole, _sep, decimals = text.replace(",", ".").partition(".")
    return float(f"{whole}.{decimals or 0}"), 10.0 ** -len(decimals) if decimals else 1.0


def usgs_values():
    import csv

    values = {}
    with open(CONTENT / "datasets" / "minerals_production.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for column in ("production", "reserves"):
                try:
                    value = float(row[column])
                except ValueError:
                    continue
                values.setdefault((row["country"], row["commodity"]), set()).add(value)
            # "reserves note: For Australia, JORC-compliant reserves were 4.8 million tons."
            for number, scale in NOTE_FIGURE.findall(row["notes"]):
                factor = {"million": 1e6, "billion": 1e9}.get(scale.lower(), 1.0)
                value = float(number.replace(",", "")) * factor
                values.setdefault((row["country"], row["commodity"]), set()).add(value)
    return values


def matches(number, precision, candidates):
    for value in candidates:
        for scale in (1e-6, 1e-3, 1.0, 1e3, 1e6):
            if abs(number * scale - value) <= precision * scale / 2 * 1.0001 + 1e-9:
                return True
    return False


def commodities_in(text):
    return {name for name, pattern in COMMODITIES.items() if re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE)}


def usgs_citations(text, path=Path("<text>")):
    """(line, country, commodities, figure) for every country figure cited as USGS."""
    found = []
    for unit in split_units(text, path):
        if OTHER_SOURCE.search(unit.text) or unit.kind == "directive:activity":
            continue
        if not (USGS.search(unit.text) or (not SOURCES.search(unit.text) and USGS.search(unit.section_text()))):
            continue
        context = commodities_in(unit.text) or commodities_in(unit.heading) or commodities_in(unit.section_text())
        if unit.kind == "table":
            rows = [row for row in unit.text.split("\n") if row.strip().startswith("|")]
            context = commodities_in(unit.text) or context
            for row in rows[2:]:
                cells = [cell.strip(" *") for cell in row.strip().strip("|").split("|")]
                country = COUNTRY.fullmatch(cells[0]) if cells else None
                if not country:
                    continue
                name = COUNTRY_NAMES[int(country.lastgroup[1:])]
                row_commodities = commodities_in(" ".join(cells[1:])) or context
                for cell in cells[1:]:
                    if re.fullmatch(NUMBER, cell) and not YEAR.fullmatch(cell):
                        found.append((unit.line, name, row_commodities, cell))
            continue
        for sentence in re.split(r"(?<=[.;:!?])\s+(?=[A-Z¿¡*])", unit.text):
            own = commodities_in(sentence) or context
            for country in COUNTRY.finditer(sentence):
                rest = sentence[country.end():]
                figure = FIGURE.match(rest)
                if not figure or COUNTRY.search(rest[: figure.start("n")]):
                    continue
                before = sentence[: country.start()]
                if IN_A_LIST.search(before) and COUNTRY.search(before[-30:]):
                    continue
                after = figure.group("after")
                number = figure.group("n")
                if NOT_A_QUANTITY.match(after) or YEAR.fullmatch(number):
                    continue
                found.append((unit.line, COUNTRY_NAMES[int(country.lastgroup[1:])], own, number))
    return found


def wrong_usgs_figures(text, path=Path("<text>"), values=None, citations=None):
    values = values if values is not None else usgs_values()
    problems = []
    for line, country, commodities, figure in citations if citations is not None else usgs_citations(text, path):
        number, precision = parse_number(figure)
        candidates = set()
        for (row_country, commodity), row_values in values.items():
            if row_country == country and (not commodities or commodity in commodities):
                candidates |= row_values
        if candidates and not matches(number, precision, candidates):
            problems.append((line, country, sorted(commodities), figure))
    return problems


def test_every_country_figure_cited_as_usgs_is_in_the_production_dataset():
    values = usgs_values()
    checked, problems = 0, []
    for path in lesson_files():
        text = path.read_text(encoding="utf-8")
        citations = usgs_citations(text, path)
        checked += len(citations)
        problems += [f"{path.relative_to(CONTENT)}:{line}: {country} {commodities} {figure} "
                     "is not in minerals_production.csv"
                     for line, country, commodities, figure in wrong_usgs_figures(text, path, values, citations)]
    assert checked >= 300, f"only {checked} USGS figures found: the check has stopped reading the lessons"
    assert not problems, "\n".join(problems)


def test_a_planted_wrong_usgs_figure_is_caught():
    right = ("## Cobre\n\nEn 2024 Chile produjo 5,3 millones de toneladas de cobre y Perú 2 600 mil toneladas "
             "(USGS, *Mineral Commodity Summaries 2025*, estimado).\n")
    wrong = right.replace("5,3 millones", "5,9 millones")
    assert usgs_citations(right) and wrong_usgs_figures(right) == []
    assert wrong_usgs_figures(wrong) == [(3, "Chile", ["copper"], "5,9")]
    table = ("## Lithium in 2024\n\n| Country | Production (t) | Reserves (t) |\n| --- | --- | --- |\n"
             "| Chile | 49,000 | 9,300,000 |\n| Argentina | 18,000 | 4,100,000 |\n\n"
             "Source: USGS, *Mineral Commodity Summaries 2025*.\n")
    assert wrong_usgs_figures(table) == [(3, "Argentina", ["lithium"], "4,100,000")]
    # Sums of listed countries, shares and other sources are not read as a country's figure.
    derived = ("World copper (USGS): Chile, Peru and Mexico together mined 8,600 thousand t; Chile's share is 23 %. "
               "Chile used 12.4 m³/s of water (Cochilco, DE/06/2013).\n")
    assert wrong_usgs_figures(derived) == []
