"""National curricula (issue #19): the framework's national/ folder read and validated, stored,
shown on module and lesson pages, filtered in the catalogue, in the outcomes API and in the
CASE export; and the shipped content's bar (≥ 40 outcomes, each aligned to the curricula of ≥ 3 countries)."""

import json
import textwrap
from collections import defaultdict
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings

from contributions.loader import load_tree
from contributions.package import PackageInvalid
from contributions.package.framework import read_framework
from curriculum.models import ModulePage, NationalCurriculum, NationalStandard, OutcomeAlignment
from tests.contributions.conftest import FRAMEWORK, lesson, write_tree

SHIPPED_FRAMEWORK = Path(settings.BASE_DIR) / "content" / "framework"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "formats"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/formats")
CASE_SCHEMA = SHARED / "case_v1p0_cfpackage.schema.json"

BNCC = textwrap.dedent('''\
    [curriculum]
    code = "bncc"
    name = "BNCC"
    country = "BR"
    language = "pt"
    issuer = "Ministério da Educação (MEC), Brasil"
    title = "Base Nacional Comum Curricular"
    year = 2018
    url = "https://basenacionalcomum.mec.gov.br/"

    [[standard]]
    code = "EM13CNT309"
    grade = "Ensino Médio"
    subject = "Ciências da Natureza e suas Tecnologias"
    text = "Discutir a dependência de recursos não renováveis."

    [[standard]]
    code = "EF05CI05"
    grade = "5º ano"
    subject = "Ciências"
    text = "Propor consumo consciente e reciclagem."
    ''')

CHILE = textwrap.dedent('''\
    [curriculum]
    code = "cl-bases-3-4-medio"
    name = "Bases Curriculares 3° y 4° medio"
    country = "CL"
    language = "es"
    issuer = "Ministerio de Educación de Chile"
    title = "Bases Curriculares 3° y 4° medio"
    year = 2019
    url = "https://www.bcn.cl/leychile/navegar?idNorma=1136078"

    [[standard]]
    code = "Ambiente y Sostenibilidad OA 2"
    grade = "3° y 4° medio"
    subject = "Ciencias para la Ciudadanía"
    text = "Diseñar proyectos locales para usar de forma sostenible los recursos naturales."
    ''')

ALIGNMENTS = textwrap.dedent('''\
    [related]
    "WAT-SEC-01" = ["bncc:EM13CNT309", "cl-bases-3-4-medio:Ambiente y Sostenibilidad OA 2"]

    [exact]
    "CM-PRI-03" = ["bncc:EF05CI05"]
    ''')

PRIMARY_OUTCOME = textwrap.dedent('''\
    [[outcome]]
    code = "CM-PRI-03"
    level = "primary"
    bloom = "apply"
    themes = ["water"]
    minerals = []
    statement = { es = "Propone acciones para cuidar los minerales.", en = "Propose actions that take care of minerals." }
    ''')

PRIMARY_MODULE = textwrap.dedent('''\
    slug = "cuidar-minerales"
    level = "primary"
    themes = ["water"]
    minerals = []
    outcomes = ["CM-PRI-03"]
    languages = ["es", "en"]
    licence = "CC-BY-4.0"
    version = "1.0"
    estimated_hours = 1
    lessons = ["01-cuidar"]
    title = { es = "Cuidar los minerales", en = "Taking care of minerals" }
    summary = { es = "Reparar y reciclar.", en = "Repair and recycle." }

    [[authors]]
    name = "Ana Pérez"
    ''')


@pytest.fixture
def national_tree(content_tree):
    """The small content tree plus a primary module and national curricula for both modules' outcomes."""
    framework = content_tree / "framework"
    write_tree(framework, {"outcomes.toml": FRAMEWORK["outcomes.toml"] + "\n" + PRIMARY_OUTCOME,
                           "national/bncc.toml": BNCC, "national/cl.toml": CHILE, "national/alignments.toml": ALIGNMENTS})
    write_tree(content_tree / "modules" / "cuidar-minerales", {
        "module.toml": PRIMARY_MODULE,
        "lessons/01-cuidar.es.md": lesson("Cuidar", outcomes='["CM-PRI-03"]'),
        "lessons/01-cuidar.en.md": lesson("Take care", outcomes='["CM-PRI-03"]'),
    })
    return content_tree


def problems_of(framework: Path) -> list[str]:
    with pytest.raises(PackageInvalid) as error:
        read_framework(framework, {"es", "en"})
    return [str(problem) for problem in error.value.problems]


# --- Reading and validating ---------------------------------------------------------


def test_the_framework_reads_its_curricula_and_alignments(national_tree):
    national = read_framework(national_tree / "framework", {"es", "en"}).national
    assert [c["code"] for c in national.curricula] == ["bncc", "cl-bases-3-4-medio"]
    assert sorted(national.alignments) == [
        ("CM-PRI-03", "bncc", "EF05CI05", "exact"),
        ("WAT-SEC-01", "bncc", "EM13CNT309", "related"),
        ("WAT-SEC-01", "cl-bases-3-4-medio", "Ambiente y Sostenibilidad OA 2", "related"),
    ]


@pytest.mark.parametrize("alignments, expected", [
    ('[related]\n"WAT-SEC-01" = ["sep:EM13CNT309"]\n',
     'national/alignments.toml:2: WAT-SEC-01: unknown curriculum \'sep\' in "sep:EM13CNT309" — use one of bncc, cl-bases-3-4-medio'),
    ('[related]\n"WAT-SEC-01" = ["bncc:EM13CNT999"]\n',
     "national/alignments.toml:2: WAT-SEC-01: unknown code 'EM13CNT999' in curriculum 'bncc'"),
    ('[related]\n"ZZZ-SEC-09" = ["bncc:EM13CNT309"]\n',
     "national/alignments.toml:2: unknown learning outcome 'ZZZ-SEC-09'"),
    ('[related]\n"WAT-SEC-01" = "bncc:EM13CNT309"\n',
     'national/alignments.toml:2: WAT-SEC-01: the value must be a list of "curriculum:code" strings'),
    ('[maybe]\n"WAT-SEC-01" = ["bncc:EM13CNT309"]\n',
     "national/alignments.toml:1: unknown table [maybe] — use [related] or [exact]"),
])
def test_a_bad_alignment_is_reported_with_its_file_and_line(national_tree, alignments, expected):
    write_tree(national_tree / "framework", {"national/alignments.toml": alignments})
    assert any(problem.startswith(expected) for problem in problems_of(national_tree / "framework")), expected


def test_a_bad_curriculum_file_names_each_problem(national_tree):
    broken = BNCC.replace('year = 2018', 'year = "recent"').replace('country = "BR"', 'country = "Brasil"')
    broken = broken.replace('text = "Propor consumo consciente e reciclagem."\n', "")
    broken += '\n[[standard]]\ncode = "EM13CNT309"\ngrade = "Ensino Médio"\nsubject = "CNT"\ntext = "De novo."\n'
    write_tree(national_tree / "framework", {"national/bncc.toml": broken})
    problems = problems_of(national_tree / "framework")
    assert "national/bncc.toml:8: [curriculum] year must be the document's year — write year = 2018" in problems
    assert "national/bncc.toml:4: country must be a two-letter ISO code — write country = \"BR\"" in problems
    assert any(p.startswith("national/bncc.toml:18: standard 'EF05CI05': text is missing") for p in problems)
    assert any(p.startswith("national/bncc.toml:12: standard 'EM13CNT309' is listed twice") for p in problems)
    # a broken curriculum is not half-read: its codes are unknown to the alignments too
    assert any("unknown curriculum 'bncc'" in p for p in problems)


def test_nothing_is_imported_when_the_national_folder_is_invalid(site_pages, national_tree):
    write_tree(national_tree / "framework", {"national/alignments.toml": '[related]\n"WAT-SEC-01" = ["bncc:NOPE"]\n'})
    with pytest.raises(PackageInvalid):
        load_tree(national_tree)
    assert not NationalStandard.objects.exists() and not OutcomeAlignment.objects.exists()


# --- Stored, shown, filtered ----------------------------------------------------------


@pytest.fixture
def loaded(site_pages, national_tree):
    load_tree(national_tree)
    return national_tree


def test_loading_stores_exactly_what_the_files_say_and_a_reload_follows_edits(loaded):
    assert set(NationalCurriculum.objects.values_list("code", flat=True)) == {"bncc", "cl-bases-3-4-medio"}
    assert OutcomeAlignment.objects.count() == 3
    write_tree(loaded / "framework", {"national/alignments.toml": '[related]\n"WAT-SEC-01" = ["bncc:EM13CNT309"]\n'})
    (loaded / "framework" / "national" / "cl.toml").unlink()
    load_tree(loaded)
    assert list(OutcomeAlignment.objects.values_list("outcome_code", "standard__code", "relation")) == [
        ("WAT-SEC-01", "EM13CNT309", "related")]
    assert list(NationalCurriculum.objects.values_list("code", flat=True)) == ["bncc"]


def test_the_module_page_shows_the_curricula_its_outcomes_fit(loaded, client):
    module = ModulePage.objects.get(slug="agua-y-mineria", locale__language_code="en")
    html = client.get(module.url).content.decode()
    section = html[html.index('class="section national-fit"'):]
    section = section[:section.index("</section>")]
    assert "Fits these national curricula" in section
    assert '<summary id="national-fit-bncc">BNCC (Brazil): 1 standard</summary>' in section
    assert 'href="https://basenacionalcomum.mec.gov.br/" hreflang="pt"' in section
    assert ('<span class="outcome__code">EM13CNT309</span><span><span lang="pt">Ensino Médio · '
            "Ciências da Natureza e suas Tecnologias: Discutir a dependência de recursos não renováveis.</span>") in section
    assert "Ambiente y Sostenibilidad OA 2" in section and "Bases Curriculares 3° y 4° medio (Chile): 1 standard" in section
    assert "EF05CI05" not in section  # the other module's standard


def test_a_lesson_page_shows_its_own_outcomes_fits(loaded, client):
    from lessons.models import LessonPage

    page = LessonPage.objects.get(locale__language_code="es", title="Cuidar")
    html = client.get(page.url).content.decode()
    assert "EF05CI05" in html and "EM13CNT309" not in html
    plain = LessonPage.objects.get(locale__language_code="es", title="Relaves")  # WAT-SEC-01
    assert "EM13CNT309" in client.get(plain.url).content.decode()


@pytest.mark.parametrize("value, expected", [
    ("bncc:ensino-medio-ciencias-da-natureza-e-suas-tecnologias", ["agua-y-mineria"]),
    ("bncc:5o-ano-ciencias", ["cuidar-minerales"]),
    ("cl-bases-3-4-medio:3-y-4-medio-ciencias-para-la-ciudadania", ["agua-y-mineria"]),
    ("", ["agua-y-mineria", "cuidar-minerales"]),
])
def test_the_catalogue_filters_by_national_curriculum_grade_and_subject(loaded, client, site_pages, value, expected):
    response = client.get(site_pages["catalog"]["en"].url, {"fits": value})
    assert response.status_code == 200
    assert sorted(module.slug for module in response.context["modules"]) == expected


def test_the_catalogue_offers_each_grade_and_subject_and_refuses_an_unknown_one(loaded, client, site_pages):
    url = site_pages["catalog"]["en"].url
    html = client.get(url).content.decode()
    assert '<optgroup label="BNCC (Brazil)">' in html
    assert '<option value="bncc:5o-ano-ciencias" lang="pt">5º ano — Ciências</option>' in html
    html = client.get(url, {"fits": "bncc:5o-ano-ciencias", "level": "primary"}).content.decode()
    assert '<input type="hidden" name="level" value="primary">' in html  # the select keeps the other filters
    assert "Fits:" in html and "BNCC: 5º ano — Ciências" in html
    response = client.get(url, {"fits": "bncc:9o-ano-historia"})
    assert response.status_code == 400
    assert "Unknown national curriculum “bncc:9o-ano-historia”" in response.content.decode()


# --- API and CASE -------------------------------------------------------------------------


def test_the_outcomes_api_lists_each_outcomes_alignments(loaded, client, django_assert_max_num_queries):
    detail = client.get("/api/v1/outcomes/CM-PRI-03/", {"locale": "en"}).json()
    assert detail["national"] == [{"curriculum": "bncc", "code": "EF05CI05", "grade": "5º ano", "subject": "Ciências",
                                   "relation": "exact"}]
    with django_assert_max_num_queries(8):  # the alignments are read once for the whole list
        listing = client.get("/api/v1/outcomes/", {"locale": "en"}).json()
    by_code = {o["code"]: [(a["curriculum"], a["code"]) for a in o["national"]] for o in listing["results"]}
    assert by_code["WAT-SEC-01"] == [("bncc", "EM13CNT309"), ("cl-bases-3-4-medio", "Ambiente y Sostenibilidad OA 2")]


def test_the_case_export_is_a_valid_cfpackage_with_the_national_standards(loaded, client):
    response = client.get("/api/v1/case/", {"locale": "es"})
    assert response.status_code == 200
    package = response.json()
    jsonschema.validate(package, json.loads(CASE_SCHEMA.read_text(encoding="utf-8")),
                        format_checker=jsonschema.FormatChecker())
    items = {item["identifier"]: item for item in package["CFItems"]}
    outcome = next(i for i in items.values() if i.get("humanCodingScheme") == "WAT-SEC-01")
    assert outcome["fullStatement"] == "Describe cómo la minería usa el agua." and outcome["language"] == "es"
    links = defaultdict(list)
    for association in package["CFAssociations"]:
        links[association["originNodeURI"]["identifier"]].append(
            (association["associationType"], items.get(association["destinationNodeURI"]["identifier"], {})))
    related = [(kind, item["humanCodingScheme"], item["CFDocumentURI"]["uri"])
               for kind, item in links[outcome["identifier"]] if kind != "isChildOf"]
    assert sorted(related) == [("isRelatedTo", "Ambiente y Sostenibilidad OA 2", "https://www.bcn.cl/leychile/navegar?idNorma=1136078"),
                               ("isRelatedTo", "EM13CNT309", "https://basenacionalcomum.mec.gov.br/")]
    primary = next(i for i in items.values() if i.get("humanCodingScheme") == "CM-PRI-03")
    assert [(kind, item["humanCodingScheme"]) for kind, item in links[primary["identifier"]] if kind != "isChildOf"] == [
        ("exactMatchOf", "EF05CI05")]
    again = client.get("/api/v1/case/", {"locale": "en"}).json()  # identifiers do not depend on the language
    assert {i["identifier"] for i in again["CFItems"]} == set(items)


# --- The shipped content's bar --------------------------------------------------------------


def test_the_shipped_framework_aligns_at_least_40_outcomes_each_to_at_least_3_countries_curricula():
    framework = read_framework(SHIPPED_FRAMEWORK, {code for code, _name in settings.LANGUAGES})
    country = {curriculum["code"]: curriculum["country"] for curriculum in framework.national.curricula}
    countries_of = defaultdict(set)  # Chile's several Bases Curriculares count once
    for outcome, curriculum, _code, _relation in framework.national.alignments:
        countries_of[outcome].add(country[curriculum])
    strict = sorted(outcome for outcome, countries in countries_of.items() if len(countries) >= 3)
    assert len(strict) >= 40, f"only {len(strict)} outcomes are each aligned to three countries' curricula: {strict}"
    for curriculum in framework.national.curricula:  # every curriculum names its source document
        assert curriculum["url"].startswith("https://") and curriculum["year"] >= 2000 and curriculum["issuer"]
