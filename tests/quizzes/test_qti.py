"""QTI 3.0: packages validate against 1EdTech's schemas, the bank round-trips, QTI 2.1 items are read."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from quizzes import definition as qd
from quizzes.formats import FormatError, ParsedQuestion, qti3, xsd
from quizzes.importing import import_file
from quizzes.models import Question
from quizzes.qti import export_package, import_package
from tests.factories import OutcomeFactory, locale

SHARED = Path(__file__).resolve().parents[3] / "shared" / "formats"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/formats")
QTI_XSD = SHARED / "qti3" / "xsd"
QTI = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"

EVERY_TYPE = [
    ParsedQuestion(0, "Ley de cobre", qd.normalise({
        "type": "single", "prompt": "¿Qué *mineral*?\n\n- uno\n- dos", "general_feedback": "Bien **hecho**",
        "points": 2.0, "shuffle": False, "choices": [
            {"text": "Cobre", "fraction": 1.0, "feedback": "Sí."}, {"text": "Litio `Li`", "fraction": -0.5},
            {"text": "Oro", "fraction": 0.0, "feedback": "No."}]}),
        ["CM-SEC-01", "CM-SEC-02"], external_id="ext-1", difficulty=3),
    ParsedQuestion(0, "Críticos", qd.normalise({
        "type": "multiple", "format": "html", "prompt": "<p>Elige <b>dos</b></p>", "choices": [
            {"text": "A", "fraction": 0.5}, {"text": "B", "fraction": 0.5}, {"text": "C", "fraction": -1.0}]}),
        ["CM-SEC-01"], external_id="ext-2", difficulty=1),
    ParsedQuestion(0, "Plain", qd.normalise({
        "type": "truefalse", "format": "plain", "prompt": "Plain & <simple>\nline 2", "answer": False,
        "feedback_right": "ok", "feedback_wrong": "no"}), [], external_id="ext-3"),
    ParsedQuestion(0, "Toneladas", qd.normalise({
        "type": "numeric", "prompt": "¿Cuántas t?", "unit": "t", "unit_required": True, "incorrect_feedback": "No.",
        "answers": [{"kind": "exact", "value": 480.0, "tolerance": 0.07, "relative": True, "feedback": "Exacto."},
                    {"kind": "exact", "value": 480.0, "tolerance": 5, "fraction": 0.5},
                    {"kind": "exact", "value": 1e-05, "tolerance": 0, "fraction": 0.1},
                    {"kind": "range", "min": 1.5, "max": 2.5, "fraction": 0.25, "feedback": "Rango."}]}),
        [], external_id="ext-4"),
    ParsedQuestion(0, "Símbolo", qd.normalise({
        "type": "short", "prompt": "¿Símbolo del cobre?", "case_sensitive": True, "fold_accents": True,
        "incorrect_feedback": "x", "answers": [{"text": "Cu", "fraction": 1.0, "feedback": "Sí"},
                                               {"text": "cobre", "fraction": 0.5}]}), [], external_id="ext-5"),
    ParsedQuestion(0, "Capitales", qd.normalise({
        "type": "matching", "prompt": "Une", "distractors": ["Quito"], "pairs": [
            {"left": "Chile", "right": "Santiago"}, {"left": "Perú", "right": "Lima"},
            {"left": "*Chile* otra vez", "right": "Santiago"}]}), [], external_id="ext-6"),
    ParsedQuestion(0, "Etapas", qd.normalise({
        "type": "ordering", "prompt": "Ordena", "grading": "partial",
        "items": [{"text": "Extracción"}, {"text": "Chancado"}, {"text": "Flotación"}]}), [], external_id="ext-7"),
]


@pytest.fixture(scope="module")
def package_schema():
    return xsd.load(QTI_XSD / "qtiv3p0" / "imsqtiv3p0_imscpv1p2_v1p0.xsd")


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_supported_type_survives_a_round_trip_through_qti3():
    result = qti3.parse(qti3.dump(EVERY_TYPE, language="es", title="Banco"), "bank.zip")
    assert result.warnings == []
    assert len(result.questions) == len(EVERY_TYPE)
    for before, after in zip(EVERY_TYPE, result.questions):
        assert after.definition == before.definition, before.definition["type"]
        assert (after.title, after.outcome_codes, after.external_id, after.difficulty) == (
            before.title, before.outcome_codes, before.external_id, before.difficulty)


def test_the_package_manifest_validates_against_the_qti3_cp_schema(package_schema):
    files = _files(qti3.dump(EVERY_TYPE, language="es", title="Banco"))
    assert xsd.errors(package_schema, files["imsmanifest.xml"]) == []
    manifest = etree.fromstring(files["imsmanifest.xml"])
    hrefs = [f.get("href") for f in manifest.iter("{*}file")]
    assert all(href in files for href in hrefs) and len(hrefs) == 2 * len(EVERY_TYPE)
    # the metadata is checked too: LOM, QTI metadata and curriculum standards are all in the schema
    assert b"<csm:GUID>CM-SEC-02</csm:GUID>" in files["imsmanifest.xml"]
    assert b"<lom:value>difficult</lom:value>" in files["imsmanifest.xml"]


def test_the_schema_bites(package_schema):
    data = qti3.dump(EVERY_TYPE[:1], language="es")
    manifest = _files(data)["imsmanifest.xml"]
    for broken in (manifest.replace(b"3.0.0", b"2.1"), manifest.replace(b"imsqti:interactionType>choice",
                                                                          b"imsqti:interactionType>chooser"),
                   manifest.replace(b'type="imsqti_item_xmlv3p0"', b'type="item"')):
        assert xsd.errors(package_schema, broken)


def test_items_follow_the_qti3_item_structure():
    """The QTI 3.0 item schema (imsqti_asiv3p0_v1p0.xsd, 4 MiB) is not in ../shared: check its content model
    for the elements written (order of the item's children, required attributes, NCName identifiers)."""
    order = ["qti-response-declaration", "qti-outcome-declaration", "qti-item-body", "qti-response-processing",
             "qti-modal-feedback"]
    files = _files(qti3.dump(EVERY_TYPE, language="es"))
    items = [name for name in files if name.startswith("items/")]
    assert len(items) == len(EVERY_TYPE)
    for name in items:
        root = etree.fromstring(files[name])
        assert root.tag == f"{{{QTI}}}qti-assessment-item"
        assert {"identifier", "title", "time-dependent"} <= set(root.attrib)
        children = [etree.QName(c).localname for c in root]
        assert children == sorted(children, key=order.index), name
        for element in root.iter():
            assert etree.QName(element).namespace == QTI
            if "identifier" in element.attrib and element.tag != f"{{{QTI}}}qti-set-outcome-value":
                assert etree.QName(element).localname and _ncname(element.get("identifier")), element.get("identifier")
        for modal in root.iter(f"{{{QTI}}}qti-modal-feedback"):
            assert [etree.QName(c).localname for c in modal] == ["qti-content-body"]


def test_items_validate_against_the_qti3_item_schema_when_it_is_there():
    """1EdTech's item schema is too large for ../shared (its SOURCES.md); where a copy is dropped in beside
    the package schema, every item written is validated against it."""
    schema_path = QTI_XSD / "qtiv3p0" / "imsqti_asiv3p0_v1p0.xsd"
    if not schema_path.is_file():
        pytest.skip(f"{schema_path} is not in ../shared: items are checked by the structure test above")
    schema = xsd.load(schema_path)
    files = _files(qti3.dump(EVERY_TYPE, language="es"))
    for name in (name for name in files if name.startswith("items/")):
        assert xsd.errors(schema, files[name]) == [], name


def _ncname(value: str) -> bool:
    return bool(value) and (value[0].isalpha() or value[0] == "_") and all(c.isalnum() or c in "._-" for c in value)


def test_qti21_examples_are_read():
    choice = qti3.parse((SHARED / "qti21_qtiworks_ims_choice_unattended_luggage.xml").read_bytes(), "choice.xml")
    question = choice.questions[0]
    assert question.title == "Unattended Luggage" and question.definition["type"] == "single"
    assert [c["fraction"] for c in question.definition["choices"]] == [1.0, 0.0, 0.0]
    assert "What does it say?" in question.definition["prompt"]
    assert "[NEVER LEAVE LUGGAGE UNATTENDED]" in question.definition["prompt"]
    assert any("images/sign.png" in message for _line, message in choice.warnings)

    text = qti3.parse((SHARED / "qti21_qtiworks_ims_text_entry_richard_iii.xml").read_bytes(), "text.xml")
    d = text.questions[0].definition
    assert d["type"] == "short" and d["case_sensitive"] is True
    assert [(a["text"], a["fraction"]) for a in d["answers"]] == [("York", 1.0), ("york", 0.5)]
    assert "_____" in d["prompt"] and "Richard III" in d["prompt"]


def test_unsupported_items_are_skipped_by_name_and_edited_items_read_as_html():
    files = _files(qti3.dump(EVERY_TYPE[:2], language="es"))
    essay = files["items/item-0002.xml"].replace(b"qti-choice-interaction", b"qti-extended-text-interaction")
    files["items/item-0002.xml"] = essay
    files["items/item-0001.xml"] = files["items/item-0001.xml"].replace(b"Cobre", b"Cobre nativo")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    result = qti3.parse(buffer.getvalue(), "edited.zip")
    assert len(result.questions) == 1
    d = result.questions[0].definition
    assert d["format"] == "html" and d["choices"][0]["text"] == "<p>Cobre nativo</p>"
    messages = " ".join(message for _line, message in result.warnings)
    assert "qti-extended-text-interaction" in messages and "items/item-0002.xml" in messages
    assert "edited after ALMA wrote it" in messages


def test_hostile_and_broken_files_are_refused_with_a_reason():
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><qti-assessment-item/>'
    with pytest.raises(FormatError, match="DOCTYPE"):
        qti3.parse(entity, "evil.xml")
    with pytest.raises(FormatError, match="not well-formed"):
        qti3.parse(b"<qti-assessment-item", "cut.xml")
    files = _files(qti3.dump(EVERY_TYPE[:1], language="es"))
    del files["items/item-0001.xml"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    with pytest.raises(FormatError, match="not in the package"):
        qti3.parse(buffer.getvalue(), "missing.zip")


GIFT = """$CATEGORY: $course$/top/CM-SEC-01

::Cobre::[markdown]¿Metal de los *cables*? { =Cobre #Sí ~Oro #No ~%-50%Arena }

::Ley::80 000 t al 0,6 %: ¿t de cobre? {#=480:5 #Exacto =%50%400..500 ~#Revisa}

::Pares::Une { =Cu -> Cobre =Li -> Litio = -> Oro }

$CATEGORY: ET-SEC-01

::Litio::¿Metal del salar? { =litio =%50%li }

::Sal::La sal es un mineral. {T#Sí#No}
"""


@pytest.fixture
def outcomes(db):
    return [OutcomeFactory(code="CM-SEC-01"), OutcomeFactory(code="ET-SEC-01")]


def test_bank_to_qti_to_bank_changes_nothing(site_pages, outcomes):
    import_file(GIFT, fmt="gift", locale="es", namespace="mod")
    before = {q.external_id: (q.latest_version.definition, q.title, q.difficulty, q.outcome_codes())
              for q in Question.objects.all()}
    data, count = export_package(Question.objects.all(), language="es")
    assert count == 5
    summary = import_package(data, locale=locale("es"), filename="bank.zip")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 5)
    after = {q.external_id: (q.latest_version.definition, q.title, q.difficulty, q.outcome_codes())
             for q in Question.objects.all()}
    assert after == before


def test_the_commands_export_and_import_a_package(site_pages, outcomes, tmp_path, capsys):
    import_file(GIFT, fmt="gift", locale="es", namespace="mod")
    call_command("export_qti", str(tmp_path / "bank.zip"), "--locale", "es", "--outcome", "CM-SEC-01")
    assert "3 questions written" in capsys.readouterr().out
    Question.objects.all().delete()
    call_command("import_qti", str(tmp_path / "bank.zip"), "--locale", "es")
    out = capsys.readouterr().out
    assert "imported 3 questions" in out and "new 3, updated 0" in out
    assert set(Question.objects.values_list("title", flat=True)) == {"Cobre", "Ley", "Pares"}
    (tmp_path / "bad.zip").write_bytes(b"PK not really")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_qti", str(tmp_path / "bad.zip"))


def test_a_sidecar_is_only_trusted_for_the_texts_it_names():
    files = _files(qti3.dump(EVERY_TYPE[:1], language="es"))
    sidecar = json.loads(files["alma/item-0001.json"])
    assert set(sidecar["texts"]) >= {"prompt", "fb:GENERAL"}
    assert all(set(v) == {"digest", "source"} for v in sidecar["texts"].values())


def test_the_bank_downloads_from_the_admin_for_those_who_may_import(client, site_pages, outcomes, admin_user):
    import_file(GIFT, fmt="gift", locale="es", namespace="mod")
    client.force_login(admin_user)
    assert 'href="/admin/quizzes/export/es.qti.zip"' in client.get(reverse("quizzes_import")).content.decode()
    response = client.get(reverse("quizzes_export_qti", args=["es"]))
    assert response.status_code == 200
    assert len(qti3.parse(response.content, "bank.zip").questions) == 5
    assert client.get(reverse("quizzes_export_qti", args=["xx"])).status_code == 404
