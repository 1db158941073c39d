"""A module quiz in the Common Cartridge profile of QTI 1.2.1, the one CC 1.3 importers read.

Single choice, multiple response, true/false and short text (fill in the blank)
are written as ``cc.multiple_choice``, ``cc.multiple_response``, ``cc.true_false``
and ``cc.fib`` items; numeric, matching and ordering questions have no CC
profile and are left out with a warning (the cartridge's QTI 3.0 package keeps
them). Scores are percentages (``SCORE`` 0–100) as the profile asks; per-choice
and general feedback go in ``itemfeedback``. Pure.
"""

from __future__ import annotations

from lxml import etree

from quizzes.formats import ParsedQuestion
from quizzes.formats.qti3.write import TRUE_FALSE
from quizzes.formats.qti3.xhtml import html_of

QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_qtiasiv1p2p1_v1p0.xsd"
PROFILES = {"single": "cc.multiple_choice.v0p1", "multiple": "cc.multiple_response.v0p1",
            "truefalse": "cc.true_false.v0p1", "short": "cc.fib.v0p1"}


def _sub(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{QTI12}}}{tag}", {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _metadata(parent, fields: dict) -> None:
    metadata = _sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _sub(metadata, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _material(parent, text: str, fmt: str) -> None:
    _sub(_sub(parent, "material"), "mattext", html_of(text, fmt), texttype="text/html")


def _percent(fraction: float) -> str:
    return f"{max(0.0, min(1.0, fraction)) * 100:g}"


def _condition(processing, test_builder, score: str | None, feedback: str = "", stop: bool = True):
    condition = _sub(processing, "respcondition", **{"continue": "No" if stop else "Yes"})
    test_builder(_sub(condition, "conditionvar"))
    if score is not None:
        _sub(condition, "setvar", score, varname="SCORE", action="Set")
    if feedback:
        _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback)


def _item(section, q: ParsedQuestion, n: int, language: str) -> None:
    d, t = q.definition, q.definition["type"]
    fmt = d.get("format", "markdown")
    item = _sub(section, "item", ident=f"I{n:04d}", title=q.title[:255])
    _metadata(_sub(item, "itemmetadata"), {"cc_profile": PROFILES[t], "cc_weighting": f"{d.get('points', 1.0):g}"})
    presentation = _sub(item, "presentation")
    _material(presentation, d["prompt"], fmt)
    feedback: list[tuple[str, str]] = []
    processing_steps = []
    if t in ("single", "multiple", "truefalse"):
        if t == "truefalse":
            labels = TRUE_FALSE.get(language[:2], TRUE_FALSE["en"])
            choices = [("true", labels[0], 1.0 if d["answer"] else 0.0, d["feedback_right" if d["answer"] else "feedback_wrong"]),
                       ("false", labels[1], 0.0 if d["answer"] else 1.0, d["feedback_wrong" if d["answer"] else "feedback_right"])]
            plain = True
        else:
            choices = [(f"c{k}", c["text"], c["fraction"], c["feedback"]) for k, c in enumerate(d["choices"], 1)]
            plain = False
        response = _sub(presentation, "response_lid", ident="response1", rcardinality="Multiple" if t == "multiple" else "Single")
        render = _sub(response, "render_choice")
        for ident, text, _fraction, _feedback in choices:
            label = _sub(render, "response_label", ident=ident)
            if plain:
                _sub(_sub(label, "material"), "mattext", text, texttype="text/plain")
            else:
                _material(label, text, fmt)
        for ident, _text, _fraction, text in choices:
            if text:
                feedback.append((f"{ident}_fb", text))
                processing_steps.append(lambda p, i=ident: _condition(
                    p, lambda c: _sub(c, "varequal", i, respident="response1"), None, f"{i}_fb", stop=False))
        if t == "multiple":
            def all_right(conditionvar):
                both = _sub(conditionvar, "and")
                for ident, _text, fraction, _fb in choices:
                    target = both if fraction > 0 else _sub(both, "not")
                    _sub(target, "varequal", ident, respident="response1")
            processing_steps.append(lambda p: _condition(p, all_right, "100"))
        else:
            for ident, _text, fraction, _fb in sorted(choices, key=lambda c: -c[2]):
                if fraction > 0:
                    processing_steps.append(lambda p, i=ident, f=fraction: _condition(
                        p, lambda c: _sub(c, "varequal", i, respident="response1"), _percent(f)))
    else:  # short
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(response, "render_fib"), "response_label", ident="answer1")
        case = "Yes" if d.get("case_sensitive") else "No"
        for k, a in enumerate(sorted(d["answers"], key=lambda a: -a["fraction"]), 1):
            if a["fraction"] <= 0:
                continue
            if a["feedback"]:
                feedback.append((f"a{k}_fb", a["feedback"]))
            processing_steps.append(lambda p, a=a, k=k: _condition(
                p, lambda c: _sub(c, "varequal", a["text"], respident="response1", case=case), _percent(a["fraction"]),
                f"a{k}_fb" if a["feedback"] else ""))
    if d.get("general_feedback"):
        feedback.append(("general_fb", d["general_feedback"]))
    processing = _sub(item, "resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
    if d.get("general_feedback"):
        _condition(processing, lambda c: _sub(c, "other"), None, "general_fb", stop=False)
    for step in processing_steps:
        step(processing)
    for ident, text in feedback:
        item_feedback = _sub(item, "itemfeedback", ident=ident)
        _material(_sub(item_feedback, "flow_mat"), text, fmt)


def assessment(questions: list[ParsedQuestion], *, title: str, language: str) -> tuple[bytes, list[str]]:
    """The ``assessment_qti.xml`` of a CC quiz, and a warning per question it cannot hold."""
    root = etree.Element(f"{{{QTI12}}}questestinterop", nsmap={None: QTI12, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI12} {SCHEMA}")
    test = _sub(root, "assessment", ident="A1", title=title[:255])
    _metadata(test, {"cc_profile": "cc.exam.v0p1", "qmd_assessmenttype": "Examination", "qmd_scoretype": "Percentage",
                     "cc_maxattempts": "unlimited"})
    section = _sub(test, "section", ident="root_section")
    warnings = []
    for n, q in enumerate(questions, 1):
        if q.definition["type"] in PROFILES:
            _item(section, q, n, language)
        else:
            warnings.append(f"'{q.title}' ({q.definition['type']}) has no Common Cartridge QTI 1.2 profile: it is only "
                            "in the cartridge's QTI 3.0 package")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True), warnings
