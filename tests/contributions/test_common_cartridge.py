"""A module as an IMS Common Cartridge 1.3 that validates against the CC 1.3 schemas, read in place."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from accounts.models import Institution
from contributions.common_cartridge import PROFILE, cartridge_files
from contributions.loader import load_tree
from curriculum.models import ModulePage
from quizzes.formats import qti3, xsd
from tests.factories import InstitutionFactory

from .conftest import write_tree
from .test_admin import member

SHARED = Path(__file__).resolve().parents[3] / "shared" / "formats"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/formats")
CC_XSD = SHARED / "common-cartridge" / "xsd"
QUESTIONS = """$CATEGORY: WAT-SEC-01

::Agua::¿Se recircula el agua en la planta? {T}

::Relave::El relave es… { =un residuo fino ~un mineral puro }
"""


@pytest.fixture(scope="module")
def cc_schema():
    """The CP profile, its imports served from ../shared (no network), and the CPX schema beside it."""
    locations = {PROFILE + name: CC_XSD / name for name in (
        "ccv1p3_imsccauth_v1p3.xsd", "ccv1p3_imscsmd_v1p0.xsd", "LOM/ccv1p3_lommanifest_v1p0.xsd",
        "LOM/ccv1p3_lomresource_v1p0.xsd", "ccv1p3_cpextensionv1p2_v1p0.xsd")}
    locations["http://www.imsglobal.org/xsd/w3/2001/xml.xsd"] = CC_XSD / "xml.xsd"
    return xsd.load(CC_XSD / "ccv1p3_imscp_v1p2_v1p0.xsd", locations)


def test_the_schema_accepts_canvas_and_refuses_a_broken_manifest(cc_schema):
    good = (SHARED / "common-cartridge" / "cc13_canvas_viewer_single_page_imsmanifest.xml").read_bytes()
    assert xsd.errors(cc_schema, good) == []
    assert xsd.errors(cc_schema, good.replace(b"<schemaversion>1.3.0", b"<schemaversion>1.1.0"))


def test_a_module_exports_as_a_valid_cartridge(site_pages, content_tree, tmp_path, cc_schema):
    write_tree(content_tree / "modules" / "agua-y-mineria", {"questions.es.gift": QUESTIONS, "questions.en.gift": QUESTIONS})
    load_tree(content_tree)
    call_command("export_cartridge", "agua-y-mineria", str(tmp_path / "m.imscc"), "--locale", "es")
    with zipfile.ZipFile(tmp_path / "m.imscc") as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert xsd.errors(cc_schema, files["imsmanifest.xml"]) == []

    manifest = etree.fromstring(files["imsmanifest.xml"])
    ns = {"cc": "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
          "csmd": "http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0"}
    titles = manifest.xpath("//cc:organization//cc:item/cc:title/text()", namespaces=ns)
    assert titles == ["Agua y minería", "El agua en la mina", "Relaves", "Cuestionario: Agua y minería"]
    lessons = manifest.xpath("//cc:resource[@type='webcontent']", namespaces=ns)
    assert len(lessons) == 2
    first = files[lessons[0].get("href")].decode()
    assert "<h1>El agua en la mina</h1>" in first and "El agua se usa en la planta." in first
    assert "Idea clave" in first and "Residuo fino." in first and "Llena el vaso." in first  # every block, rendered
    assert all(r.xpath(".//csmd:GUID/text()", namespaces=ns) == ["WAT-SEC-01"]
               for r in manifest.xpath("//cc:resource", namespaces=ns))
    for href in manifest.xpath("//cc:file/@href", namespaces=ns):
        assert href in files

    # the quiz as LMS importers read it: the CC profile of QTI 1.2.1 (its schema is not in ../shared)
    quiz = manifest.xpath("//cc:resource[@identifier='RES-Q1']", namespaces=ns)[0]
    assert quiz.get("type") == "imsqti_xmlv1p2/imscc_xmlv1p3/assessment"
    qti12 = etree.fromstring(files["quiz/assessment_qti.xml"])
    q12 = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    assert qti12.xpath("//q:item//q:fieldlabel[.='cc_profile']/../q:fieldentry/text()", namespaces=q12) == [
        "cc.true_false.v0p1", "cc.multiple_choice.v0p1"]
    assert qti12.xpath("//q:item[2]//q:respcondition/q:conditionvar/q:varequal/text()", namespaces=q12) == ["c1"]
    assert [l.get("ident") for l in qti12.xpath("//q:item[1]//q:response_label", namespaces=q12)] == ["true", "false"]

    # and every question, losslessly, as a QTI 3.0 package that validates and reads back
    qti_schema = xsd.load(SHARED / "qti3" / "xsd" / "qtiv3p0" / "imsqtiv3p0_imscpv1p2_v1p0.xsd")
    assert xsd.errors(qti_schema, files["quiz/qti3/imsmanifest.xml"]) == []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            if name.startswith("quiz/qti3/"):
                archive.writestr(name[len("quiz/qti3/"):], data)
    parsed = qti3.parse(buffer.getvalue(), "quiz.zip")
    assert [q.definition["type"] for q in parsed.questions] == ["truefalse", "single"]
    assert all(q.outcome_codes == ["WAT-SEC-01"] for q in parsed.questions)


def test_curators_and_the_modules_contributors_download_the_cartridge_from_the_admin(client, site_pages, content_tree):
    load_tree(content_tree)
    module = ModulePage.objects.get(locale__language_code="es")
    url = reverse("contributions_cartridge", args=[module.pk])
    client.force_login(member("Curator"))
    explorer = client.get(reverse("wagtailadmin_explore", args=[module.pk])).content.decode()
    assert url in explorer  # in the module's header menu, beside Edit, Move, Copy…
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].endswith('agua-y-mineria-es.imscc"')
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("imsmanifest.xml").startswith(b"<?xml")
    client.force_login(member("Contributor", InstitutionFactory(slug="u-lima")))
    assert client.get(url).status_code in (302, 403)
    client.force_login(member("Contributor", Institution.objects.get(slug="u-chile")))
    assert client.get(url).status_code == 200


def test_the_cc_quiz_holds_the_types_its_profile_has_and_names_the_others():
    from contributions.cc_qti import assessment
    from tests.quizzes.test_qti import EVERY_TYPE

    xml, warnings = assessment(EVERY_TYPE, title="Banco", language="es")
    root = etree.fromstring(xml)
    q = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    assert root.xpath("//q:item/@title", namespaces=q) == ["Ley de cobre", "Críticos", "Plain", "Símbolo"]
    assert [w.split("'")[1] for w in warnings] == ["Toneladas", "Capitales", "Etapas"]
    multiple = root.xpath("//q:item[@title='Críticos']//q:and", namespaces=q)[0]  # all or nothing, as the profile has it
    assert [v.text for v in multiple.xpath("q:varequal", namespaces=q)] == ["c1", "c2"]
    assert [v.text for v in multiple.xpath("q:not/q:varequal", namespaces=q)] == ["c3"]
    short = root.xpath("//q:item[@title='Símbolo']//q:varequal", namespaces=q)
    assert [(v.text, v.get("case")) for v in short] == [("Cu", "Yes"), ("cobre", "Yes")]
    assert root.xpath("//q:item[@title='Símbolo']//q:setvar/text()", namespaces=q) == ["100", "50"]


def test_every_shipped_module_exports_valid_and_its_questions_round_trip(site_pages, cc_schema):
    """The bars on the curriculum the platform ships: every module's cartridge validates, its QTI 3.0 package
    validates, and the whole bank goes through QTI 3.0 and back with nothing changed, in every language."""
    from django.conf import settings

    from quizzes.models import Question
    from quizzes.qti import export_package, import_package
    from tests.factories import locale

    load_tree(settings.ALMA_CONTENT_DIR)
    qti_schema = xsd.load(SHARED / "qti3" / "xsd" / "qtiv3p0" / "imsqtiv3p0_imscpv1p2_v1p0.xsd")
    modules = ModulePage.objects.filter(locale__language_code="es")
    assert modules.count() >= 10
    for module in modules:
        files, _warnings = cartridge_files(module)
        assert xsd.errors(cc_schema, files["imsmanifest.xml"]) == [], module.slug
        assert xsd.errors(qti_schema, files["quiz/qti3/imsmanifest.xml"]) == [], module.slug
        assert b"<item " in files["quiz/assessment_qti.xml"], module.slug
    for code in ("es", "pt", "en", "fr"):
        questions = Question.objects.filter(locale__language_code=code)
        if not questions.exists():
            continue
        before = {q.pk: (q.latest_version_id, q.latest_version.definition) for q in questions}
        data, count = export_package(questions, language=code)
        summary = import_package(data, locale=locale(code), filename=f"bank-{code}.zip")
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, count), code
        assert {q.pk: (q.latest_version_id, q.latest_version.definition) for q in questions} == before
