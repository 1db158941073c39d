"""Writing a QTI 3.0 content package: one ``qti-assessment-item`` per question and a manifest.

Each item says what QTI can say (interaction, correct response, mapping, feedback,
response processing scaled by ``MAXSCORE`` = the question's points); the manifest
says the outcome codes (curriculum standards metadata), the difficulty, the
external id and the title (LOM). What QTI has no place for (the Markdown or
plain source of each text, the unit, accent folding, ordering grading, a data
binding, the original choice ids) goes in ``alma/<item>.json`` beside the item.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from lxml import etree

from quizzes.formats import ParsedQuestion
from quizzes.formats.qti3.xhtml import digest, fill, html_of, inner

QTI = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/LOM"
QMD = "http://www.imsglobal.org/xsd/imsqti_metadata_v3p0"
CSM = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscsmd_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
ITEM_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
CATALOG = "ALMA Aula"
TRUE_FALSE = {"es": ("Verdadero", "Falso"), "pt": ("Verdadeiro", "Falso"), "en": ("True", "False"), "fr": ("Vrai", "Faux")}
DIFFICULTY = {1: "easy", 2: "medium", 3: "difficult"}
INTERACTION = {"single": "choiceInteraction", "multiple": "choiceInteraction", "truefalse": "choiceInteraction",
               "short": "textEntryInteraction", "numeric": "textEntryInteraction", "matching": "matchInteraction",
               "ordering": "orderInteraction"}
SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")


def _sub(parent, tag: str, text: str | None = None, ns: str = QTI, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _n(x: float) -> str:
    return repr(float(x))


def _set(parent, identifier: str, expression):
    node = _sub(parent, "qti-set-outcome-value", identifier=identifier)
    node.append(expression)


def _value(base_type: str, text: str):
    node = etree.Element(f"{{{QTI}}}qti-base-value", {"base-type": base_type})
    node.text = text
    return node


def _scaled(fraction_expression):
    node = etree.Element(f"{{{QTI}}}qti-product")
    node.append(fraction_expression)
    _sub(node, "qti-variable", identifier="MAXSCORE")
    return node


def _variable(identifier="RESPONSE"):
    return etree.Element(f"{{{QTI}}}qti-variable", {"identifier": identifier})


class _Item:
    def __init__(self, q: ParsedQuestion, identifier: str, language: str):
        self.q, self.d, self.language = q, q.definition, language
        self.fmt = self.d.get("format", "markdown")
        self.root = etree.Element(f"{{{QTI}}}qti-assessment-item", nsmap={None: QTI, "xsi": XSI})
        self.root.set(f"{{{XSI}}}schemaLocation", f"{QTI} {ITEM_XSD}")
        for key, value in (("identifier", identifier), ("title", " ".join(q.title.split()) or identifier),
                           ("adaptive", "false"), ("time-dependent", "false"), ("tool-name", CATALOG)):
            self.root.set(key, value)
        self.root.set(f"{{{XML}}}lang", language)
        self.texts: dict[str, dict] = {}
        self.ids: dict[str, str] = {}
        self.feedback: list[tuple[str, str, str]] = []  # (outcome, identifier, source)

    def text(self, slot: str, container, source: str) -> None:
        fill(container, html_of(source, self.fmt), QTI)
        self.texts[slot] = {"digest": digest(inner(container)), "source": source}

    def ident(self, prefix: str, original: str, n: int) -> str:
        identifier = f"{prefix}-{original}" if SAFE_ID.match(original or "") else f"{prefix}{n}"
        self.ids[identifier] = original
        return identifier

    def declare(self, cardinality: str, base_type: str, correct: list[str], mapping=None, **bounds):
        rd = _sub(self.root, "qti-response-declaration", identifier="RESPONSE", cardinality=cardinality,
                  base_type=base_type)
        if correct:
            cr = _sub(rd, "qti-correct-response")
            for value in correct:
                _sub(cr, "qti-value", value)
        if mapping:
            mp = _sub(rd, "qti-mapping", default_value="0", **bounds)
            seen = set()
            for key, value, extra in mapping:
                if key not in seen:
                    seen.add(key)
                    _sub(mp, "qti-map-entry", map_key=key, mapped_value=_n(value), **extra)
        return rd

    def outcomes(self, feedback_cardinality="single"):
        _sub(self.root, "qti-outcome-declaration", identifier="SCORE", cardinality="single", base_type="float")
        maxscore = _sub(self.root, "qti-outcome-declaration", identifier="MAXSCORE", cardinality="single",
                        base_type="float")
        _sub(_sub(maxscore, "qti-default-value"), "qti-value", _n(self.d.get("points", 1.0)))
        _sub(self.root, "qti-outcome-declaration", identifier="FEEDBACK", cardinality=feedback_cardinality,
             base_type="identifier")
        if self.d.get("general_feedback"):
            general = _sub(self.root, "qti-outcome-declaration", identifier="FEEDBACK_GENERAL", cardinality="single",
                           base_type="identifier")
            _sub(_sub(general, "qti-default-value"), "qti-value", "GENERAL")
            self.feedback.append(("FEEDBACK_GENERAL", "GENERAL", self.d["general_feedback"]))

    def body(self):
        body = _sub(self.root, "qti-item-body")
        self.text("prompt", _sub(body, "div", class_="alma-prompt"), self.d.get("prompt", ""))
        return body

    def chain(self, branches: list[tuple[object, float, str]]):
        """Response processing: the first branch whose condition holds sets SCORE and FEEDBACK."""
        rp = _sub(self.root, "qti-response-processing")
        if not branches:
            _set(rp, "SCORE", _value("float", "0.0"))
            return
        condition = _sub(rp, "qti-response-condition")
        for n, (test, fraction, feedback_id) in enumerate(branches):
            branch = _sub(condition, "qti-response-if" if n == 0 else "qti-response-else-if")
            branch.append(test)
            _set(branch, "SCORE", _scaled(_value("float", _n(fraction))))
            _set(branch, "FEEDBACK", _value("identifier", feedback_id))
        otherwise = _sub(condition, "qti-response-else")
        _set(otherwise, "SCORE", _value("float", "0.0"))
        _set(otherwise, "FEEDBACK", _value("identifier", "INCORRECT"))

    def finish(self) -> bytes:
        for outcome, identifier, source in self.feedback:
            if not source:
                continue
            modal = _sub(self.root, "qti-modal-feedback", outcome_identifier=outcome, identifier=identifier,
                         show_hide="show")
            self.text(f"fb:{identifier}", _sub(modal, "qti-content-body"), source)
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8")


def _choice(item: _Item) -> None:
    d, t = item.d, item.d["type"]
    if t == "truefalse":
        labels = TRUE_FALSE.get(item.language[:2], TRUE_FALSE["en"])
        right, wrong = ("TRUE", "FALSE") if d["answer"] else ("FALSE", "TRUE")
        choices = [("TRUE", labels[0], 1.0 if d["answer"] else 0.0), ("FALSE", labels[1], 0.0 if d["answer"] else 1.0)]
        item.declare("single", "identifier", [right], [(i, f, {}) for i, _, f in choices])
        item.feedback += [("FEEDBACK", right, d.get("feedback_right", "")), ("FEEDBACK", wrong, d.get("feedback_wrong", ""))]
    else:
        choices = [(item.ident("c", c["id"], n), c["text"], c["fraction"]) for n, c in enumerate(d["choices"], 1)]
        if t == "single":
            best = max(f for _, _, f in choices)
            correct = [next(i for i, _, f in choices if f == best)]
            item.declare("single", "identifier", correct, [(i, f, {}) for i, _, f in choices])
        else:
            item.declare("multiple", "identifier", [i for i, _, f in choices if f > 0], [(i, f, {}) for i, _, f in choices],
                         lower_bound="0.0", upper_bound="1.0")
        item.feedback += [("FEEDBACK", i, c["feedback"]) for (i, _, _), c in zip(choices, d["choices"])]
    item.outcomes("multiple" if t == "multiple" else "single")
    body = item.body()
    interaction = _sub(body, "qti-choice-interaction", response_identifier="RESPONSE",
                       shuffle="false" if t == "truefalse" or not d.get("shuffle", True) else "true",
                       max_choices="0" if t == "multiple" else "1")
    for identifier, text, _fraction in choices:
        choice = _sub(interaction, "qti-simple-choice", identifier=identifier)
        if t == "truefalse":
            choice.text = text
        else:
            item.text(f"choice:{identifier}", choice, text)
    rp = _sub(item.root, "qti-response-processing")
    mapped = etree.Element(f"{{{QTI}}}qti-map-response", {"identifier": "RESPONSE"})
    _set(rp, "SCORE", _scaled(mapped))
    _set(rp, "FEEDBACK", _variable())


def _short(item: _Item) -> None:
    d = item.d
    case = "true" if d.get("case_sensitive") else "false"
    answers = d["answers"]
    best = next((a["text"] for a in answers if a["fraction"] >= 1), answers[0]["text"] if answers else "")
    item.declare("single", "string", [best] if best else [],
                 [(a["text"], a["fraction"], {"case_sensitive": case}) for a in answers])
    item.outcomes()
    body = item.body()
    _sub(_sub(body, "p"), "qti-text-entry-interaction", response_identifier="RESPONSE", expected_length="20")
    branches = []
    for n, a in enumerate(answers, 1):
        test = etree.Element(f"{{{QTI}}}qti-string-match", {"case-sensitive": case})
        test.append(_variable())
        test.append(_value("string", a["text"]))
        branches.append((test, a["fraction"], f"A{n}"))
        item.feedback.append(("FEEDBACK", f"A{n}", a["feedback"]))
    item.chain(branches)
    item.feedback.append(("FEEDBACK", "INCORRECT", d.get("incorrect_feedback", "")))


def _numeric(item: _Item) -> None:
    d = item.d
    answers = d["answers"]
    best = next((a for a in answers if a["fraction"] >= 1), answers[0] if answers else None)
    correct = []
    if best is not None:
        correct = [_n(best["value"]) if best["kind"] == "exact" else _n((best["min"] + best["max"]) / 2)]
    item.declare("single", "float", correct)
    item.outcomes()
    body = item.body()
    line = _sub(body, "p")
    entry = _sub(line, "qti-text-entry-interaction", response_identifier="RESPONSE", expected_length="15")
    if d.get("unit"):
        entry.tail = f" {d['unit']}"
    branches = []
    for n, a in enumerate(answers, 1):
        if a["kind"] == "range":
            test = etree.Element(f"{{{QTI}}}qti-and")
            for op, bound in (("qti-gte", a["min"]), ("qti-lte", a["max"])):
                node = _sub(test, op)
                node.append(_variable())
                node.append(_value("float", _n(bound)))
        else:
            if a.get("relative"):
                attrs = {"tolerance-mode": "relative", "tolerance": f"{a['tolerance'] * 100:.12g}"}
            elif a.get("tolerance"):
                attrs = {"tolerance-mode": "absolute", "tolerance": _n(a["tolerance"])}
            else:
                attrs = {"tolerance-mode": "exact"}
            test = etree.Element(f"{{{QTI}}}qti-equal", attrs)
            test.append(_variable())
            test.append(_value("float", _n(a["value"])))
        branches.append((test, a["fraction"], f"A{n}"))
        item.feedback.append(("FEEDBACK", f"A{n}", a["feedback"]))
    item.chain(branches)
    item.feedback.append(("FEEDBACK", "INCORRECT", d.get("incorrect_feedback", "")))


def _matching(item: _Item) -> None:
    d = item.d
    lefts = [(item.ident("l", p["id"], n), p) for n, p in enumerate(d["pairs"], 1)]
    rights: dict[str, str] = {}
    for p in d["pairs"]:
        rights.setdefault(p["right"], f"r{len(rights) + 1}")
    uses = {text: sum(1 for p in d["pairs"] if p["right"] == text) for text in rights}
    for extra in d.get("distractors", []):
        rights.setdefault(extra, f"r{len(rights) + 1}")
    pairs = [f"{identifier} {rights[p['right']]}" for identifier, p in lefts]
    share = 1 / len(pairs) if pairs else 0
    item.declare("multiple", "directedPair", pairs, [(pair, share, {}) for pair in pairs],
                 lower_bound="0.0", upper_bound="1.0")
    item.outcomes()
    body = item.body()
    interaction = _sub(body, "qti-match-interaction", response_identifier="RESPONSE", shuffle="true",
                       max_associations=str(len(pairs)))
    left_set, right_set = _sub(interaction, "qti-simple-match-set"), _sub(interaction, "qti-simple-match-set")
    for identifier, p in lefts:
        item.text(f"left:{identifier}", _sub(left_set, "qti-simple-associable-choice", identifier=identifier,
                                             match_max="1"), p["left"])
    for text, identifier in rights.items():
        item.text(f"right:{identifier}", _sub(right_set, "qti-simple-associable-choice", identifier=identifier,
                                              match_max=str(uses.get(text, 1))), text)
    rp = _sub(item.root, "qti-response-processing")
    _set(rp, "SCORE", _scaled(etree.Element(f"{{{QTI}}}qti-map-response", {"identifier": "RESPONSE"})))


def _ordering(item: _Item) -> None:
    d = item.d
    items = [(item.ident("i", it["id"], n), it["text"]) for n, it in enumerate(d["items"], 1)]
    item.declare("ordered", "identifier", [i for i, _ in items])
    item.outcomes()
    body = item.body()
    interaction = _sub(body, "qti-order-interaction", response_identifier="RESPONSE", shuffle="true")
    for identifier, text in items:
        item.text(f"item:{identifier}", _sub(interaction, "qti-simple-choice", identifier=identifier), text)
    test = etree.Element(f"{{{QTI}}}qti-match")
    test.append(_variable())
    test.append(etree.Element(f"{{{QTI}}}qti-correct", {"identifier": "RESPONSE"}))
    item.chain([(test, 1.0, "CORRECT")])


WRITERS = {"single": _choice, "multiple": _choice, "truefalse": _choice, "short": _short, "numeric": _numeric,
           "matching": _matching, "ordering": _ordering}
EXTRAS = {"short": ("fold_accents",), "numeric": ("unit", "unit_required"), "ordering": ("grading",)}


def item(q: ParsedQuestion, identifier: str, language: str) -> tuple[bytes, dict]:
    """One question as QTI 3.0 item XML, and what only ALMA reads back (the sidecar)."""
    built = _Item(q, identifier, language)
    WRITERS[q.definition["type"]](built)
    xml = built.finish()
    d = q.definition
    extra = {key: d[key] for key in EXTRAS.get(d["type"], ()) if key in d}
    for key in ("data", "data_result"):
        if key in d:
            extra[key] = d[key]
    sidecar = {"alma": 1, "type": d["type"], "format": built.fmt, "texts": built.texts, "ids": built.ids,
               "extra": extra}
    return xml, sidecar


def _langstring(parent, tag: str, text: str, language: str):
    node = _sub(parent, tag, ns=LOM)
    _sub(node, "string", text, ns=LOM, language=language)


def _resource_metadata(resource, q: ParsedQuestion, language: str) -> None:
    metadata = _sub(resource, "metadata", ns=CP)
    qmd = _sub(metadata, "qtiMetadata", ns=QMD)
    _sub(qmd, "timeDependent", "false", ns=QMD)
    _sub(qmd, "interactionType", INTERACTION[q.definition["type"]], ns=QMD)
    _sub(qmd, "feedbackType", "nonadaptive", ns=QMD)
    _sub(qmd, "solutionAvailable", "true", ns=QMD)
    _sub(qmd, "scoringMode", "responseprocessing", ns=QMD)
    _sub(qmd, "toolName", CATALOG, ns=QMD)
    if q.outcome_codes:
        csm = _sub(_sub(metadata, "curriculumStandardsMetadataSet", ns=CSM), "curriculumStandardsMetadata", ns=CSM,
                   providerId=CATALOG)
        guids = _sub(csm, "setOfGUIDs", ns=CSM)
        for code in q.outcome_codes:
            labelled = _sub(guids, "labelledGUID", ns=CSM)
            _sub(labelled, "label", code, ns=CSM)
            _sub(labelled, "GUID", code, ns=CSM)
    lom = _sub(metadata, "lom", ns=LOM)
    general = _sub(lom, "general", ns=LOM)
    if q.external_id:
        identifier = _sub(general, "identifier", ns=LOM)
        _sub(identifier, "catalog", CATALOG, ns=LOM)
        _sub(identifier, "entry", q.external_id, ns=LOM)
    _langstring(general, "title", q.title, language)
    _sub(general, "language", language, ns=LOM)
    difficulty = _sub(_sub(lom, "educational", ns=LOM), "difficulty", ns=LOM)
    _sub(difficulty, "source", "LOMv1.0", ns=LOM)
    _sub(difficulty, "value", DIFFICULTY.get(q.difficulty, "medium"), ns=LOM)


def left_out(questions: list[ParsedQuestion]) -> list[ParsedQuestion]:
    """The questions this writer has no QTI 3.0 item for (cloze, essay), which ``package_files`` leaves out."""
    return [q for q in questions if q.definition["type"] not in INTERACTION]


def package_files(questions: list[ParsedQuestion], *, language: str = "es", title: str = "") -> dict[str, bytes]:
    """Every file of the package: ``imsmanifest.xml``, ``items/*.xml`` and ``alma/*.json``
    (questions of a type without a QTI 3.0 item here are left out: see ``left_out``)."""
    questions = [q for q in questions if q.definition["type"] in INTERACTION]
    files: dict[str, bytes] = {}
    manifest = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "lom": LOM, "imsqti": QMD, "csm": CSM, "xsi": XSI},
                             identifier="ALMA-QTI-PACKAGE")
    manifest.set(f"{{{XSI}}}schemaLocation", f"{CP} {CP_XSD}")
    metadata = _sub(manifest, "metadata", ns=CP)
    _sub(metadata, "schema", "QTI Item Bank", ns=CP)
    _sub(metadata, "schemaversion", "3.0.0", ns=CP)
    if title:
        _langstring(_sub(_sub(metadata, "lom", ns=LOM), "general", ns=LOM), "title", title, language)
    _sub(manifest, "organizations", ns=CP)
    resources = _sub(manifest, "resources", ns=CP)
    for n, q in enumerate(questions, 1):
        identifier = f"item-{n:04d}"
        xml, sidecar = item(q, identifier, language)
        href, side = f"items/{identifier}.xml", f"alma/{identifier}.json"
        files[href] = xml
        files[side] = json.dumps(sidecar, ensure_ascii=False, indent=1, sort_keys=True).encode()
        resource = _sub(resources, "resource", ns=CP, identifier=identifier, type="imsqti_item_xmlv3p0", href=href)
        _resource_metadata(resource, q, language)
        _sub(resource, "file", ns=CP, href=href)
        _sub(resource, "file", ns=CP, href=side)
    files["imsmanifest.xml"] = etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return files


def dump(questions: list[ParsedQuestion], *, language: str = "es", title: str = "") -> bytes:
    """The QTI 3.0 content package as zip bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(package_files(questions, language=language, title=title).items()):
            archive.writestr(name, data)
    return buffer.getvalue()
