"""Reading Moodle XML, one question at a time (types and formats in ``__init__``)."""

from __future__ import annotations

import html
import io
import math
import xml.sax
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from quizzes import definition as qdef
from quizzes.formats import (MAX_ERRORS, MAX_QUESTIONS, apply_numeric_tags, FormatError, ParsedQuestion, ParseResult, decode, ordering_from_matching,
                             outcome_from_category, tags_to_properties, title_from)
from quizzes.formats.moodle_xml import cloze
from quizzes.html import html_to_text, sanitize_html

FORMATS_IN = {"html": "html", "markdown": "markdown", "plain_text": "plain", "moodle_auto_format": "markdown"}
MAX_DEPTH = 64
MAX_ELEMENTS = 250_000  # 5 000 questions of ~40 elements fit; a flood of empty elements does not


class Node:
    __slots__ = ("tag", "attrs", "children", "text", "line")

    def __init__(self, tag, attrs, line):
        self.tag, self.attrs, self.line = tag, dict(attrs), line
        self.children: list[Node] = []
        self.text = ""

    def find(self, tag):
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag):
        return [c for c in self.children if c.tag == tag]

    def value(self, tag, default=""):
        node = self.find(tag)
        return node.text.strip() if node is not None else default

    def text_of(self, tag):
        """The ``<text>`` inside child ``tag`` (Moodle's way of wrapping texts), and its format attribute."""
        node = self.find(tag)
        if node is None:
            return "", ""
        inner = node.find("text")
        return (inner.text if inner is not None else node.text), node.attrs.get("format", "")


class _TooMuch(Exception):
    """Stops the parse: the file is refused whatever follows."""


class _Reader(ContentHandler):
    """Reads ``<quiz>`` one ``<question>`` at a time: each question's small tree is
    built, handed to ``on_question`` and dropped, so memory stays flat. Elements are
    counted and nesting is bounded, so a hostile file is refused early."""

    def __init__(self, on_question, errors):
        super().__init__()
        self.on_question, self.errors = on_question, errors
        self.stack: list[Node] = []
        self.depth = 0  # elements open, kept or not
        self.elements = 0
        self.locator = None
        self.saw_quiz = False

    def setDocumentLocator(self, locator):
        self.locator = locator

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 0

    def startElement(self, name, attrs):
        self.elements += 1
        self.depth += 1
        if self.elements > MAX_ELEMENTS:
            raise _TooMuch(f"The file has more than {MAX_ELEMENTS:,} XML elements; split it into smaller files.")
        if self.depth > MAX_DEPTH:
            raise _TooMuch(f"Elements are nested deeper than {MAX_DEPTH} levels.")
        if self.depth == 1:
            if name != "quiz":
                raise _TooMuch("A Moodle XML question file starts with <quiz>.")
            self.saw_quiz = True
        elif self.depth == 2 and name != "question":
            self.errors.append((self.line(), f"Unexpected <{name[:30]}> inside <quiz>: only <question> elements belong here."))
        elif self.depth == 2 or self.stack:
            node = Node(name, attrs.items(), self.line())
            if self.stack:
                self.stack[-1].children.append(node)
            self.stack.append(node)

    def endElement(self, name):
        self.depth -= 1
        if self.stack:
            node = self.stack.pop()
            if not self.stack:
                self.on_question(node)

    def characters(self, content):
        if self.stack:
            self.stack[-1].text += content


class _FirstErrors(list):
    """Keeps the first MAX_ERRORS errors and counts the rest."""

    def __init__(self):
        super().__init__()
        self.more = 0

    def append(self, item):
        if len(self) < MAX_ERRORS:
            super().append(item)
        else:
            self.more += 1

    def extend(self, items):
        for item in items:
            self.append(item)


def _read(text: str, filename: str, on_question, errors: _FirstErrors):
    parser = make_parser()
    reader = _Reader(on_question, errors)
    parser.setContentHandler(reader)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    try:
        parser.parse(io.BytesIO(text.encode("utf-8")))
    except _TooMuch as error:
        raise FormatError([(reader.line() or 1, str(error))], filename) from None
    except xml.sax.SAXParseException as error:
        raise FormatError([(error.getLineNumber() or 0, f"This is not well-formed XML: {error.getMessage()}.")],
                          filename) from None
    except DefusedXmlException as error:
        raise FormatError([(reader.line(), f"The file uses XML features that are refused for safety ({type(error).__name__}): "
                                           "remove the DOCTYPE and entity declarations.")], filename) from None
    if not reader.saw_quiz:
        raise FormatError([(1, "A Moodle XML question file starts with <quiz>.")], filename)


def _text(raw: str, fmt: str, target: str) -> str:
    fmt = FORMATS_IN.get(fmt, target)
    raw = (raw or "").strip()
    if fmt == target:
        return sanitize_html(raw, local_images_only=False) if fmt == "html" else raw
    if target == "html":
        return html.escape(raw).replace("\n", "<br>")
    return html_to_text(raw) if fmt == "html" else raw


def _fraction(node: Node, errors, default=0.0) -> float:
    raw = node.attrs.get("fraction", "")
    if raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        errors.append((node.line, f"The fraction '{raw[:20]}' is not a number."))
        return default
    if not math.isfinite(value) or not -100 <= value <= 100:
        errors.append((node.line, f"The fraction {raw[:20]} is outside -100 … 100."))
        return default
    return value / 100.0


def _float(raw: str, line: int, errors, what: str) -> float | None:
    try:
        value = float(raw.strip())
    except ValueError:
        errors.append((line, f"The {what} '{raw.strip()[:30]}' is not a number."))
        return None
    if not math.isfinite(value):
        errors.append((line, f"The {what} must be a finite number."))
        return None
    return value


def _question(node: Node, category: str, errors, warnings) -> ParsedQuestion | None:
    qtype = node.attrs.get("type", "")
    if qtype in ("description", "essay"):
        warnings.append((node.line, f"Skipped: a '{qtype}' item is not a type of ALMA's question bank."))
        return None
    supported = ("multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering", "cloze")
    if qtype not in supported:
        errors.append((node.line, f"The question type '{qtype[:30]}' is not supported; use one of: {', '.join(supported)}."))
        return None
    title, _fmt = node.text_of("name")
    prompt_raw, fmt_name = node.text_of("questiontext")
    qfmt = FORMATS_IN.get(fmt_name or "html", "markdown")
    local: list = []
    d: dict = {"prompt": _text(prompt_raw, fmt_name, qfmt), "format": qfmt}
    gf, gf_fmt = node.text_of("generalfeedback")
    d["general_feedback"] = _text(gf, gf_fmt or fmt_name, qfmt)
    grade = node.value("defaultgrade")
    if grade:
        points = _float(grade, node.find("defaultgrade").line, local, "default grade")
        if points is not None and points > 0:
            d["points"] = points
    tags = [t.value("text") for t in (node.find("tags").findall("tag") if node.find("tags") else [])]
    props = tags_to_properties(tags)
    answers = node.findall("answer")
    if qtype == "multichoice":
        d["type"] = "single" if node.value("single", "true").lower() in ("true", "1") else "multiple"
        d["shuffle"] = node.value("shuffleanswers", "1").lower() in ("1", "true")
        d["choices"] = []
        for a in answers:
            text, afmt = a.value("text"), a.attrs.get("format", "")
            fb, fb_fmt = a.text_of("feedback")
            d["choices"].append({"text": _text(text, afmt or fmt_name, qfmt), "fraction": _fraction(a, local),
                                 "feedback": _text(fb, fb_fmt or fmt_name, qfmt)})
    elif qtype == "truefalse":
        d["type"] = "truefalse"
        by_value = {}
        for a in answers:
            value = a.value("text").lower()
            if value not in ("true", "false"):
                local.append((a.line, "A true/false answer must be 'true' or 'false'."))
                continue
            fb, fb_fmt = a.text_of("feedback")
            by_value[value] = (_fraction(a, local), _text(fb, fb_fmt or fmt_name, qfmt))
        if set(by_value) != {"true", "false"}:
            local.append((node.line, "A true/false question needs a 'true' and a 'false' answer."))
        else:
            right = "true" if by_value["true"][0] >= by_value["false"][0] else "false"
            wrong = "false" if right == "true" else "true"
            d.update(answer=right == "true", feedback_right=by_value[right][1], feedback_wrong=by_value[wrong][1])
    elif qtype == "shortanswer":
        d["type"] = "short"
        d["case_sensitive"] = node.value("usecase", "0") in ("1", "true") or bool(props.get("case_sensitive"))
        d["fold_accents"] = bool(props.get("fold_accents"))
        d["answers"] = []
        for a in answers:
            fb, fb_fmt = a.text_of("feedback")
            fraction, text = _fraction(a, local), a.value("text")
            feedback = _text(fb, fb_fmt or fmt_name, qfmt)
            if text == "*" and fraction == 0:
                d["incorrect_feedback"] = feedback
            else:
                d["answers"].append({"text": html_to_text(text) if "<" in text else text, "fraction": fraction,
                                     "feedback": feedback})
    elif qtype == "numerical":
        d["type"] = "numeric"
        d["answers"] = []
        for a in answers:
            fb, fb_fmt = a.text_of("feedback")
            feedback = _text(fb, fb_fmt or fmt_name, qfmt)
            fraction, text = _fraction(a, local), html_to_text(a.value("text"))
            if text == "*":
                d["incorrect_feedback"] = feedback
                continue
            if ".." in text:
                low, _, high = text.partition("..")
                lo, hi = _float(low, a.line, local, "range minimum"), _float(high, a.line, local, "range maximum")
                if lo is not None and hi is not None:
                    d["answers"].append({"kind": "range", "min": lo, "max": hi, "fraction": fraction, "feedback": feedback})
                continue
            value = _float(text, a.line, local, "answer")
            tolerance_node = a.find("tolerance")
            tolerance = _float(tolerance_node.text, tolerance_node.line, local, "tolerance") if tolerance_node is not None \
                and tolerance_node.text.strip() else 0.0
            if value is not None and tolerance is not None:
                d["answers"].append({"kind": "exact", "value": value, "tolerance": abs(tolerance), "fraction": fraction,
                                     "feedback": feedback})
        units = node.find("units")
        first_unit = units.findall("unit")[0] if units is not None and units.findall("unit") else None
        if first_unit is not None:
            d["unit"] = first_unit.value("unit_name")
        d["unit_required"] = bool(d.get("unit")) and node.value("unitgradingtype", "0") in ("1", "2")
        apply_numeric_tags(d, props)
    elif qtype == "matching":
        d["type"] = "matching"
        d["pairs"], d["distractors"] = [], []
        for sub in node.findall("subquestion"):
            left, lfmt = sub.value("text"), sub.attrs.get("format", fmt_name)
            right_node = sub.find("answer")
            right = html_to_text(right_node.value("text")) if right_node is not None else ""
            left = _text(left, lfmt, qfmt)
            if not right:
                local.append((sub.line, "A matching pair needs a match (<answer><text>…</text></answer>)."))
            elif left.strip():
                d["pairs"].append({"left": left, "right": right})
            else:
                d["distractors"].append(right)
        if props.get("ordering"):
            d = ordering_from_matching(d) or d
    elif qtype == "cloze":
        d = cloze.read(d, node, local)
    elif qtype == "ordering":
        d["type"] = "ordering"
        d["items"] = [{"text": html_to_text(a.value("text")) if "<" in a.value("text") else a.value("text")} for a in answers]
        d["grading"] = "all" if node.value("gradingtype", "") == "-1" else "partial"
    if local:
        errors.extend(local)
        return None
    definition = qdef.normalise(d)
    problems = qdef.validate(definition)
    if problems:
        errors.extend((node.line, p) for p in problems)
        return None
    code = outcome_from_category(category) if category else ""
    return ParsedQuestion(
        line=node.line, title=(title or "").strip() or title_from(html_to_text(definition["prompt"])),
        definition=definition, outcome_codes=([code] if code else []) + [c for c in props.get("outcomes", []) if c != code], category=category,
        external_id=node.value("idnumber"), difficulty=props.get("difficulty", 2), tags=tags,
    )


def parse(data: bytes | str, filename: str = "") -> ParseResult:
    try:
        text = decode(data)
    except FormatError as error:
        error.filename = filename
        raise
    errors = _FirstErrors()
    warnings: list = []
    questions = []
    category = ""

    def on_question(node: Node):
        nonlocal category
        if node.attrs.get("type") == "category":
            category, _fmt = node.text_of("category")
            category = category.strip()
            if category and not outcome_from_category(category):
                warnings.append((node.line, f"The category '{category[:60]}' does not end with a learning outcome code "
                                            "such as CM-SEC-01; its questions get no outcome."))
            return
        parsed = _question(node, category, errors, warnings)
        if parsed:
            questions.append(parsed)
        if len(questions) > MAX_QUESTIONS:
            raise _TooMuch(f"The file has more than {MAX_QUESTIONS} questions; split it.")

    _read(text, filename, on_question, errors)
    if not questions and not errors:
        errors.append((0, "The file holds no questions."))
    if errors:
        raise FormatError(errors, filename, more=errors.more)
    return ParseResult(questions, warnings)
