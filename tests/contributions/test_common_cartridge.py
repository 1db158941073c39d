"""A module as an IMS Common Cartridge 1.3 that validates against the CC 1.3 schemas, read in place."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from accounts.models import Institution
from contributions.common_cartridge import PROFILE
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

    # the quiz inside is a QTI 3.0 package that validates and reads back
    qti_schema = xsd.load(SHARED / "qti3" / "xsd" / "qtiv3p0" / "imsqtiv3p0_imscpv1p2_v1p0.xsd")
    assert xsd.errors(qti_schema, files["quiz/imsmanifest.xml"]) == []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            if name.startswith("quiz/"):
                archive.writestr(name[5:], data)
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
