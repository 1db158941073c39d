"""Reading Moodle XML, one question at a time (types and formats in ``__init__``)."""

from __future__ import annotations

import io
import xml.sax
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from quizzes.formats import MAX_ERRORS, MAX_QUESTIONS, FormatError, ParseResult, Skipped, decode, outcome_from_category
from quizzes.formats.moodle_xml.question import question as _question

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


def parse(data: bytes | str, filename: str = "") -> ParseResult:
    try:
        text = decode(data)
    except FormatError as error:
        error.filename = filename
        raise
    errors = _FirstErrors()
    warnings: list = []
    questions = []
    skipped: list[Skipped] = []
    category = ""
    saw_category = False

    def on_question(node: Node):
        nonlocal category, saw_category
        if node.attrs.get("type") == "category":
            saw_category = True
            category, _fmt = node.text_of("category")
            category = category.strip()
            if category and not outcome_from_category(category):
                warnings.append((node.line, f"The category '{category[:60]}' does not end with a learning outcome code "
                                            "such as CM-SEC-01; its questions get no outcome."))
            return
        parsed = _question(node, category, errors, warnings, skipped)
        if parsed:
            questions.append(parsed)
        if len(questions) > MAX_QUESTIONS:
            raise _TooMuch(f"The file has more than {MAX_QUESTIONS} questions; split it.")

    _read(text, filename, on_question, errors)
    if not questions and not skipped and not errors:
        if saw_category:
            warnings.append((0, "The file holds only categories: there is nothing to import."))
        else:
            errors.append((0, "The file holds no questions."))
    if errors:
        raise FormatError(errors, filename, more=errors.more)
    return ParseResult(questions, warnings, skipped)
