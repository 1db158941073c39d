"""Issue 19, "Accuracy and currency": facts the shipped curriculum once got
wrong or left undated stay corrected, in every language and in the quizzes.

A pure check over content/ (no database). Each rule reads the text the way
test_content_sources does (paragraphs, list items, tables, quiz lines) and
names the file and line of any old wording that comes back:

- lithium does not "hold electricity": a battery stores energy chemically and
  lithium ions move between its electrodes;
- the Ventanas smelter in Quintero-Puchuncaví closed in 2023: a paragraph that
  puts a smelter there says so;
- ILO Convention 169 requires consultation (Art. 6 and 15); "free, prior and
  informed" belongs to consent (UNDRIP Art. 32), not to consultation;
- the IEA six-fold (net zero) and 54-fold (EVs and storage) figures carry their
  year (2040) and the report, not a news site, as source;
- direct lithium extraction is not "not yet used at scale" in the region (the
  Salar del Hombre Muerto has used it for decades);
- a lithium producers' table lists Zimbabwe (USGS, MCS 2025);
- Mariana, Brumadinho and San José come with their dates and tolls.
"""

import re

import pytest

from tests.contributions.test_content_sources import CONTENT, split_units

LANGUAGES = ("es", "pt", "en", "fr")


def content_files():
    files = sorted(CONTENT.glob("modules/*/lessons/*.md")) + sorted(CONTENT.glob("modules/*/questions.*.gift"))
    return files + sorted(CONTENT.glob("framework/**/*.toml"))


def units_of(path, text=None):
    """Paragraph-like units of a lesson; one unit per line for quizzes and TOML."""
    text = path.read_text(encoding="utf-8") if text is None else text
    if path.suffix == ".md":
        return [(unit.line, unit.text) for unit in split_units(text, path)]
    return [(number, line) for number, line in enumerate(text.split("\n"), 1) if line.strip()]


HOLDS_ELECTRICITY = re.compile(
    r"holds? electricity|(?:litio|lítio|lithium)\W{1,3}(?:que |which |qui )?(?:guarda|holds|garde|stocke)"
    r"\s+(?:la |a |l')?(?:electricidad|eletricidade|electricity|électricité)"
    r"|que guarda la electricidad y la entrega|que guarda a eletricidade e a libera",
    re.IGNORECASE,
)
QUINTERO = re.compile(r"Quintero", re.IGNORECASE)
SMELTER = re.compile(r"smelter|fundici|fundiç|fonderie", re.IGNORECASE)
PRESENT_SMELTER = re.compile(
    r"home to a copper smelter|con una fundición de cobre|avec sa fonderie de cuivre|com uma fundição de cobre",
    re.IGNORECASE,
)
# "free, prior and informed" attached to consultation rather than to consent.
FPI_CONSULTATION = re.compile(
    r"free, prior and informed (?:consultation|way)|consulted in a free, prior"
    r"|(?:consulta|consultar)(?: de forma)? previa, libre e informada|previa, libre e informada"
    r"|(?:consulta|consultar)(?: de forma)? prévia, livre e informada|prévia, livre e informada"
    r"|consultation libre, préalable et éclairée|consultés de manière libre, préalable et éclairée"
    r"|libre, préalable et éclairée",
    re.IGNORECASE,
)
SIX_FOLD = re.compile(r"\b(?:six times|seis veces|seis vezes|six fois)\b", re.IGNORECASE)
NET_ZERO = re.compile(
    r"net.zero|cero (?:emisiones )?netas?|cero neto|emiss(?:ões|ão) líquidas? zero|neutralité carbone", re.IGNORECASE
)
FIFTY_FOUR = re.compile(r"\b54\s?(?:×|times|veces|vezes|fois|-fold)", re.IGNORECASE)
SECONDARY_AS_SOURCE = re.compile(r"World Nuclear News|CQ Researcher", re.IGNORECASE)
DLE_NOT_AT_SCALE = re.compile(
    r"not yet used at (?:a )?large scale|aún no se usan a gran escala|ainda não são usados em grande escala"
    r"|pas encore utilisées à grande échelle",
    re.IGNORECASE,
)
ZIMBABWE = re.compile(r"Zimbabwe|Zimbábue|Zimbabue", re.IGNORECASE)
DISASTERS = {
    # name in the text -> what must be in the same file (date and toll)
    "Brumadinho": re.compile(r"Brumadinho", re.IGNORECASE),
    "Mariana": re.compile(r"\bMariana\b|Fundão", re.IGNORECASE),
    "San José": re.compile(r"mina San José|San José mine|mine San José", re.IGNORECASE),
}
DISASTER_FACTS = {
    "Brumadinho": (r"2019", r"\b270\b"),
    "Mariana": (r"2015", r"\b19\b"),
    "San José": (r"2010", r"\b33\b", r"\b69\b"),
}


def stale_facts(path, text=None):
    """(line, rule) for every old wording in one file."""
    text = path.read_text(encoding="utf-8") if text is None else text
    found = []
    for line, unit in units_of(path, text):
        if HOLDS_ELECTRICITY.search(unit):
            found.append((line, "lithium 'holds electricity'"))
        if PRESENT_SMELTER.search(unit) or (
            QUINTERO.search(unit) and SMELTER.search(unit) and "2023" not in unit
        ):
            found.append((line, "Quintero-Puchuncaví smelter without its 2023 closure"))
        if FPI_CONSULTATION.search(unit):
            found.append((line, "ILO 169 'free, prior and informed' consultation"))
        if SIX_FOLD.search(unit) and NET_ZERO.search(unit) and "2040" not in unit:
            found.append((line, "IEA six-fold (net zero) without its year 2040"))
        if FIFTY_FOUR.search(unit) and not ("2040" in unit and re.search(r"sc[eé]nari|cen[aá]rio", unit, re.I)):
            found.append((line, "IEA 54-fold without its year and scenario"))
        if SECONDARY_AS_SOURCE.search(unit):
            found.append((line, "IEA figure cited through a news or library site"))
        if DLE_NOT_AT_SCALE.search(unit):
            found.append((line, "DLE 'not yet used at scale' (Hombre Muerto)"))
        if unit.lstrip().startswith("|") and lithium_producers_table(unit) and not ZIMBABWE.search(unit):
            found.append((line, "lithium producers' table without Zimbabwe"))
    for name, pattern in DISASTERS.items():
        if pattern.search(text) and not all(re.search(fact, text) for fact in DISASTER_FACTS[name]):
            line = text[: pattern.search(text).start()].count("\n") + 1
            found.append((line, f"{name} without its date and toll"))
    return found


def lithium_producers_table(table):
    """A ranking of lithium producers: rows for Australia (88 000 t), Chile, China and Argentina."""
    rows = [row.split("|")[1].strip() if row.count("|") > 1 else "" for row in table.split("\n")]
    australia = [row for row in table.split("\n") if re.match(r"\|\s*Austr[aá]li[ae]\s*\|", row)]
    return (
        bool(australia)
        and re.search(r"\b88[ ,.\u00a0\u202f]?000\b", australia[0])
        and {"Chile", "China", "Argentina"} <= {re.sub(r"\W", "", row) for row in rows}
    )


def test_there_are_lessons_and_quizzes_in_every_language_to_check():
    files = content_files()
    for language in LANGUAGES:
        assert any(path.name.endswith(f".{language}.md") for path in files), language
        assert any(path.name == f"questions.{language}.gift" for path in files), language


@pytest.mark.parametrize("path", content_files(), ids=lambda path: str(path.relative_to(CONTENT)))
def test_no_stale_fact_in_the_shipped_curriculum(path):
    assert stale_facts(path) == [], f"{path.relative_to(CONTENT)}: {stale_facts(path)}"


@pytest.mark.parametrize(
    "name, text, rule",
    [
        ("l.en.md", "Inside there is **lithium**, which holds electricity and lets it out.", "electricity"),
        ("l.es.md", "Tiene **litio**, que guarda la electricidad y la entrega poco a poco.", "electricity"),
        ("q.pt.gift", "=Lítio#Isso mesmo! O lítio guarda a eletricidade na bateria.", "electricity"),
        ("l.en.md", "The Quintero–Puchuncaví area, home to a copper smelter, is a sacrifice zone.", "2023"),
        ("l.es.md", "Quintero-Puchuncaví, con una fundición de cobre y centrales a carbón.", "2023"),
        ("l.en.md", "ILO Convention 169 requires free, prior and informed consultation of Indigenous peoples.", "ILO"),
        ("q.es.gift", "El Convenio 169 de la OIT exige consultar de forma previa, libre e informada.{TRUE}", "ILO"),
        ("l.fr.md", "La Convention 169 reconnaît le droit d'être consultés de manière libre, préalable et éclairée.", "ILO"),
        ("l.en.md", "Reaching net-zero emissions by 2050 would require **six times** more minerals (IEA 2021).", "2040"),
        ("l.en.md", "From 0.4 to 21.5 million tonnes: **54 times** as much (IEA 2021).", "54-fold"),
        ("l.en.md", "Six times (IEA 2021, as reported by World Nuclear News).", "news"),
        ("l.en.md", "New direct lithium extraction methods are not yet used at large scale in the region.", "DLE"),
        ("l.fr.md", "Ces méthodes ne sont pas encore utilisées à grande échelle dans la région.", "DLE"),
        ("l.en.md", "The Fundão (Mariana) and Córrego do Feijão (Brumadinho) disasters.", "Brumadinho"),
        ("l.pt.md", "O desabamento da mina San José deixou mineiros presos.", "San José"),
    ],
)
def test_each_old_wording_is_caught(tmp_path, name, text, rule):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert any(rule.lower() in message.lower() for _line, message in stale_facts(path)), stale_facts(path)


def test_a_lithium_table_without_zimbabwe_is_caught(tmp_path):
    table = (
        "| Country | 2024 production (t Li) |\n| --- | --- |\n| Australia | 88,000 |\n| Chile | 49,000 |\n"
        "| China | 41,000 |\n| Argentina | 18,000 |\n| Brazil | 10,000 |\n"
    )
    path = tmp_path / "l.en.md"
    path.write_text(table, encoding="utf-8")
    assert [message for _line, message in stale_facts(path)] == ["lithium producers' table without Zimbabwe"]
    path.write_text(table + "| Zimbabwe | 22,000 |\n", encoding="utf-8")
    assert stale_facts(path) == []


def test_the_corrected_wordings_pass(tmp_path):
    path = tmp_path / "l.en.md"
    path.write_text(
        "The battery stores energy in chemical form; lithium ions move from one side to the other.\n\n"
        "Quintero–Puchuncaví, where Codelco's Ventanas copper smelter ran until it closed in 2023.\n\n"
        "ILO Convention 169 (Articles 6 and 15) requires good-faith consultation; the UN Declaration"
        " (Article 32) speaks of free, prior and informed consent.\n\n"
        "On a path to net zero by 2050, minerals for clean energy in 2040 would be six times those of 2020.\n\n"
        "21.5 ÷ 0.4 ≈ 54 times as much in 2040, in one of the report's climate scenarios.\n\n"
        "Fundão (Mariana, 5 November 2015, 19 deaths) and Córrego do Feijão (Brumadinho, 25 January 2019,"
        " 270 deaths).\n",
        encoding="utf-8",
    )
    assert stale_facts(path) == []


def test_the_secondary_lesson_and_the_university_module_agree_on_direct_lithium_extraction():
    lessons = CONTENT / "modules" / "critical-minerals-energy-transition" / "lessons"
    for path in sorted(lessons.glob("02-from-ore-to-product.*.md")):
        assert "Hombre Muerto" in path.read_text(encoding="utf-8"), path.name


def test_ilo_169_consultation_and_undrip_consent_are_told_apart_in_every_language():
    for path in sorted((CONTENT / "modules").glob("*/lessons/04-who-decides-about-water.*.md")) + sorted(
        (CONTENT / "modules").glob("*/lessons/04-recycling-and-just-transition.*.md")
    ):
        text = path.read_text(encoding="utf-8")
        assert re.search(r"\b32\b", text) and re.search(r"\b6\b.{0,12}\b15\b", text), path.name
