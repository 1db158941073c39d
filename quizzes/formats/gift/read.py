"""Reading GIFT: the file split into questions, each parsed into a definition (decisions in ``__init__``)."""

from __future__ import annotations

import re

from django.utils.translation import gettext

from quizzes import definition as qdef
from quizzes.formats import (MAX_QUESTIONS, apply_numeric_tags, FormatError, ParsedQuestion, ParseResult, Skipped, decode,
                             outcome_from_category, tags_to_properties, title_from)
from quizzes.formats.gift import kinds
from quizzes.formats.gift.text import convert, part, protect as _protect, restore as _restore, split_format
from quizzes.html import html_to_text

_META_RE = re.compile(r"\[(id|tag):([^\]]*)\]")


class _Question:
    """One chunk of the file, with a line number for every offset."""

    def __init__(self, text: str, line: int, meta: dict, category: str, category_line: int):
        self.text = text
        self.line = line
        self.meta = meta
        self.category = category
        self.category_line = category_line

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, max(0, offset))


def _chunks(text: str, errors: list) -> list[_Question]:
    chunks: list[_Question] = []
    buffer: list[str] = []
    start = 0
    depth = 0
    meta: dict = {"id": "", "tags": []}
    pending_meta: dict = {"id": "", "tags": []}
    category, category_line = "", 0

    def flush():
        nonlocal buffer, meta
        body = "\n".join(buffer).strip("\n")
        if body.strip():
            chunks.append(_Question(body, start, meta, category, category_line))
        buffer = []
        meta = {"id": "", "tags": []}

    previous_blank = False
    for number, raw in enumerate(text.split("\n"), 1):
        line = _protect(raw)
        stripped = line.strip()
        if depth > 0 and previous_blank and (stripped.startswith("::") or stripped.upper().startswith("$CATEGORY:")):
            # A new question starts while a block is still open: report it here rather than swallow the file.
            errors.append((start, gettext("This question's answer block is not closed: add the missing '}'.")))
            buffer, depth = [], 0
        previous_blank = not stripped
        if stripped.startswith("//") and depth == 0 or stripped.startswith("//") and not buffer:
            for kind, value in _META_RE.findall(raw):
                if kind == "id":
                    pending_meta["id"] = value.strip()
                else:
                    pending_meta["tags"].append(value.strip())
            continue
        if stripped.startswith("//"):
            continue  # a comment line inside an answer block
        if depth == 0 and stripped.upper().startswith("$CATEGORY:"):
            flush()
            category = _restore(stripped.split(":", 1)[1]).strip()
            category_line = number
            continue
        if not stripped:
            if depth == 0:
                flush()
            else:
                buffer.append(line)
            continue
        if not buffer:
            start = number
            meta, pending_meta = pending_meta, {"id": "", "tags": []}
        buffer.append(line)
        depth += line.count("{") - line.count("}")
        if depth < 0:
            errors.append((number, gettext("A closing brace '}' has no opening '{'. Escape it as \\} if it is text.")))
            depth = 0
    if depth > 0:
        errors.append((start, gettext("This question's answer block is not closed: add the missing '}'.")))
        buffer = []  # reported once here, not again by the question parser
    flush()
    return chunks


def _parse_one(q: _Question, errors: list, warnings: list, skipped: list) -> ParsedQuestion | None:
    text = q.text
    title = ""
    offset = 0
    if text.lstrip().startswith("::"):
        start = text.index("::") + 2
        end = text.find("::", start)
        if end < 0:
            offset = start  # Moodle: no name; the text goes on after '::'
        else:
            title = _restore(text[start:end]).strip()
            offset = end + 2
    rest = text[offset:]
    qfmt, rest_text = split_format(rest, "markdown")
    offset += len(rest) - len(rest_text)
    open_at, close_at = rest_text.find("{"), rest_text.find("}")
    if open_at < 0 and close_at < 0:
        skipped.append(Skipped(q.line, "description", "an item without an answer block is a description (text "
                                                      "shown between questions), which ALMA's question bank does not hold."))
        return None
    if open_at < 0 or close_at < open_at:
        errors.append((q.line, gettext("The answer block is not closed: add the missing '}'.")))
        return None
    if rest_text.find("{", close_at) >= 0:
        skipped.append(Skipped(q.line_at(offset + rest_text.find("{", close_at)), "cloze",
                               "a question with several answer blocks is a cloze; GIFT has no cloze type (Moodle "
                               "would show the later blocks as text). Import it as Moodle XML, or escape literal "
                               "braces as \\{ and \\}."))
        return None
    block = rest_text[open_at + 1:close_at]
    block_offset = offset + open_at + 1
    head, tail = rest_text[:open_at], rest_text[close_at + 1:]
    prompt_raw = head.rstrip()
    if tail.strip():
        prompt_raw = f"{head.rstrip()} _____ {tail.strip()}" if head.strip() else f"_____ {tail.strip()}"
    prompt = convert(_restore(prompt_raw), qfmt, qfmt)
    props = tags_to_properties(q.meta["tags"])
    general = None
    if "####" in block:
        cut = block.rindex("####")
        block, general = block[:cut], block[cut + 4:]
    kind = kinds.kind_of(block)
    if not prompt.strip():
        errors.append((q.line, gettext("The question has no text before its answer block.")))
        return None
    type_warnings: list[str] = []
    if kind == "truefalse":
        fields, problems = kinds.truefalse(block, qfmt)
    elif kind == "multichoice":
        fields, problems = kinds.multichoice(block, qfmt)
    elif kind == "match":
        fields, problems = kinds.matching(block, qfmt, props)
    elif kind == "numerical":
        fields, problems = kinds.numerical(block, qfmt)
    elif kind == "ordering":
        fields, problems = kinds.ordering(block, qfmt, type_warnings)
    elif kind == "essay":  # graded by a teacher: the general feedback ####… is the rubric
        fields, problems = {"type": "essay", "rubric": part(general or "", qfmt)}, []
        general = None
    else:
        fields, problems = kinds.shortanswer(block, qfmt, props)
    warnings.extend((q.line, w) for w in type_warnings)
    d: dict = {"prompt": prompt, "format": qfmt, **fields}
    if general is not None:
        d["general_feedback"] = part(general, qfmt)
    if d["type"] == "numeric":
        apply_numeric_tags(d, props)
    if "points" in props:
        d["points"] = props["points"]
    if problems:
        errors.extend((q.line_at(block_offset + at), message) for at, message in problems)
        return None
    definition = qdef.normalise(d)
    problems = qdef.validate(definition)
    if problems:
        errors.extend((q.line, message) for message in problems)
        return None
    code = outcome_from_category(q.category) if q.category else ""
    if q.category and not code:
        warnings.append((q.category_line, f"The category '{q.category[:60]}' does not end with a learning outcome code "
                                          "such as CM-SEC-01; its questions get no outcome."))
    return ParsedQuestion(
        line=q.line, title=title or title_from(html_to_text(prompt) if qfmt == "html" else prompt),
        definition=definition, outcome_codes=([code] if code else []) + [c for c in props.get("outcomes", []) if c != code], category=q.category,
        external_id=q.meta["id"], difficulty=props.get("difficulty", 2), tags=list(q.meta["tags"]),
    )


def parse(data: bytes | str, filename: str = "") -> ParseResult:
    """Parse a GIFT file. Raises FormatError listing every error with its line."""
    try:
        text = decode(data)
    except FormatError as error:
        error.filename = filename
        raise
    errors: list[tuple[int, str]] = []
    warnings: list[tuple[int, str]] = []
    chunks = _chunks(text, errors)
    if len(chunks) > 5 * MAX_QUESTIONS:
        raise FormatError([(0, f"The file has more than {MAX_QUESTIONS} questions; split it.")], filename)
    questions: list[ParsedQuestion] = []
    skipped: list[Skipped] = []
    for chunk in chunks:
        parsed = _parse_one(chunk, errors, warnings, skipped)
        if parsed:
            questions.append(parsed)
    if len(questions) > MAX_QUESTIONS:
        errors.append((0, f"The file has more than {MAX_QUESTIONS} questions; split it."))
    if not questions and not skipped and not errors:
        if re.search(r"^\s*\$CATEGORY:", text, re.MULTILINE | re.IGNORECASE):
            warnings.append((0, "The file holds only categories: there is nothing to import."))
        else:
            errors.append((0, gettext("The file holds no questions.")))
    if errors:
        raise FormatError(errors, filename)
    return ParseResult(questions, warnings, skipped)
