"""Reading GIFT: the file split into questions, each parsed into a definition (decisions in ``__init__``)."""

from __future__ import annotations

import html
import re

from django.utils.translation import gettext

from quizzes import definition as qdef
from quizzes.formats import (MAX_QUESTIONS, apply_numeric_tags, FormatError, ParsedQuestion, ParseResult, decode, ordering_from_matching,
                             outcome_from_category, tags_to_properties, title_from)
from quizzes.html import html_to_text, sanitize_html

# Escaped characters become private-use placeholders while parsing, so splitting
# on the control characters never sees them.
_ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005", ":": "\ue006",
            "[": "\ue007", "]": "\ue008"}
_RESTORE = {v: k for k, v in _ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_META_RE = re.compile(r"\[(id|tag):([^\]]*)\]")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_RANGE_RE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")
_TOLERANCE_RE = re.compile(rf"^({_NUMBER})\s*(?::\s*({_NUMBER}))?$")


def _protect(text: str) -> str:
    def sub(match):
        ch = match.group(1)
        if ch in _ESCAPES:
            return _ESCAPES[ch]
        if ch == "n":
            return "\n"
        return "\\" + ch

    return _ESCAPE_RE.sub(sub, text)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(ch, ch) for ch in text)


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


def _split_format(text: str, default: str) -> tuple[str, str]:
    match = _FORMAT_RE.match(text)
    if not match:
        return default, text
    fmt = match.group(1).lower()
    return ("markdown" if fmt == "moodle" else fmt), text[match.end():]


def _convert(text: str, fmt: str, target: str) -> str:
    """Text of a part in format ``fmt``, made fit for a question in format ``target``."""
    text = text.strip()
    if fmt == target:
        return sanitize_html(text, local_images_only=False) if fmt == "html" else text
    if target == "html":
        return html.escape(text).replace("\n", "<br>")
    if fmt == "html":
        return html_to_text(text)
    return text


def _part(raw: str, qfmt: str) -> str:
    fmt, text = _split_format(raw, qfmt)
    return _convert(_restore(text), fmt, qfmt)


def _split_feedback(text: str) -> tuple[str, str | None]:
    if "#" in text:
        head, feedback = text.split("#", 1)
        return head, feedback
    return text, None


def _answers(block: str) -> list[tuple[str, str, int]]:
    """``(marker, text, offset)`` for each ``=`` / ``~`` answer of a block."""
    out = []
    for match in re.finditer(r"[=~]", block):
        out.append((match.group(), match.start()))
    answers = []
    for i, (marker, offset) in enumerate(out):
        end = out[i + 1][1] if i + 1 < len(out) else len(block)
        answers.append((marker, block[offset + 1:end], offset))
    return answers


def _weight(text: str, default: float) -> tuple[float, str, str]:
    """``(fraction, rest, error)`` after an optional ``%n%``."""
    match = _WEIGHT_RE.match(text)
    if not match:
        if text.lstrip().startswith("%"):
            return default, text, "This weight is not a number between -100 and 100 written as %50%."
        return default, text, ""
    value = float(match.group(1))
    if not -100 <= value <= 100:
        return default, text[match.end():], f"The weight {match.group(1)} % is outside -100 … 100."
    return value / 100.0, text[match.end():], ""


def _parse_one(q: _Question, errors: list, warnings: list) -> ParsedQuestion | None:
    text = q.text
    title = ""
    offset = 0
    if text.lstrip().startswith("::"):
        start = text.index("::") + 2
        end = text.find("::", start)
        if end < 0:
            errors.append((q.line, gettext("The title is not closed: write ::Title:: before the question text.")))
            return None
        title = _restore(text[start:end]).strip()
        offset = end + 2
    rest = text[offset:]
    qfmt, rest_text = _split_format(rest, "markdown")
    offset += len(rest) - len(rest_text)
    open_at = rest_text.find("{")
    if open_at < 0:
        warnings.append((q.line, "Skipped: an item without an answer block is a description, which ALMA's "
                                 "question bank does not hold."))
        return None
    close_at = rest_text.find("}", open_at)
    if close_at < 0:
        errors.append((q.line, gettext("The answer block is not closed: add the missing '}'.")))
        return None
    if rest_text.find("{", close_at) >= 0:
        errors.append((q.line_at(offset + rest_text.find("{", close_at)),
                       "A question has a second answer block: cloze questions are not supported. "
                       "Escape literal braces as \\{ and \\}."))
        return None
    block = rest_text[open_at + 1:close_at]
    block_offset = offset + open_at + 1
    head, tail = rest_text[:open_at], rest_text[close_at + 1:]
    prompt_raw = head.rstrip()
    if tail.strip():
        prompt_raw = f"{head.rstrip()} _____ {tail.strip()}" if head.strip() else f"_____ {tail.strip()}"
    prompt = _convert(_restore(prompt_raw), qfmt, qfmt)
    if not prompt.strip():
        errors.append((q.line, gettext("The question has no text before its answer block.")))
        return None
    props = tags_to_properties(q.meta["tags"])
    d: dict = {"prompt": prompt, "format": qfmt}
    general = ""
    if "####" in block:
        block, general = block.split("####", 1)
        d["general_feedback"] = _part(general, qfmt)
    stripped = block.strip()
    qerrors: list[tuple[int, str]] = []

    def err(at: int, message: str):
        qerrors.append((q.line_at(block_offset + at), message))

    tf = re.match(r"^(T|F|TRUE|FALSE)\s*(#.*)?$", stripped, re.IGNORECASE | re.DOTALL)
    if not stripped:
        warnings.append((q.line, "Skipped: an empty answer block {} is an essay question, which needs a teacher to "
                                 "mark it; ALMA's question bank has no essay type."))
        return None
    if tf:
        d["type"] = "truefalse"
        d["answer"] = tf.group(1).upper().startswith("T")
        feedbacks = (tf.group(2) or "")[1:].split("#") if tf.group(2) else []
        d["feedback_wrong"] = _part(feedbacks[0], qfmt) if feedbacks else ""
        d["feedback_right"] = _part(feedbacks[1], qfmt) if len(feedbacks) > 1 else ""
    elif stripped.startswith("#"):
        d["type"] = "numeric"
        body_at = block.index("#") + 1
        body = block[body_at:]
        answers = []
        parts = _answers(body) if re.match(r"^\s*[=~]", body) else [("=", body, -1)]
        for marker, raw, at in parts:
            value_text, feedback = _split_feedback(raw)
            fraction, value_text, werror = _weight(value_text, 1.0 if marker == "=" else 0.0)
            if werror:
                err(body_at + at + 1, werror)
            value_text = _restore(value_text).strip()
            fb = _part(feedback, qfmt) if feedback is not None else ""
            if marker == "~" and not value_text:
                d["incorrect_feedback"] = fb
                continue
            if value_text == "*" and fraction == 0:
                d["incorrect_feedback"] = fb
                continue
            rng = _RANGE_RE.match(value_text)
            tol = _TOLERANCE_RE.match(value_text)
            if rng:
                answers.append({"kind": "range", "min": float(rng.group(1)), "max": float(rng.group(2)),
                                "fraction": fraction, "feedback": fb})
            elif tol:
                answers.append({"kind": "exact", "value": float(tol.group(1)), "tolerance": float(tol.group(2) or 0),
                                "fraction": fraction, "feedback": fb})
            else:
                err(body_at + max(at, 0), f"'{value_text[:40]}' is not a number, a range (1..5) or a value with a "
                                          "tolerance (1822:5).")
        d["answers"] = answers
        apply_numeric_tags(d, props)
    else:
        answers = _answers(block)
        if not answers:
            err(0, "No answers found: start each answer with = (right) or ~ (wrong).")
        elif block[: answers[0][2]].strip():
            err(0, f"Unexpected text '{_restore(block[: answers[0][2]].strip())[:40]}' before the first answer.")
        if answers and all(m == "=" for m, _t, _o in answers) and all("->" in t for _m, t, _o in answers):
            d["type"] = "matching"
            pairs, distractors = [], []
            for _m, raw, at in answers:
                left, right = raw.split("->", 1)
                left = _part(left, qfmt)
                rfmt, right = _split_format(right, qfmt)
                right = html_to_text(_restore(right)) if rfmt == "html" else _restore(right).strip()
                if not right:
                    err(at, "A matching pair needs a text after '->'.")
                elif left:
                    pairs.append({"left": left, "right": right})
                else:
                    distractors.append(right)
            d["pairs"], d["distractors"] = pairs, distractors
            if props.get("ordering"):
                ordering = ordering_from_matching(d)
                if ordering is None:
                    err(0, "The tag 'ordering' needs every item matched to a position 1, 2, 3 …")
                else:
                    d = ordering
        elif any(m == "~" for m, _t, _o in answers):
            has_right = any(m == "=" for m, _t, _o in answers)
            d["type"] = "single" if has_right else "multiple"
            choices = []
            for marker, raw, at in answers:
                text, feedback = _split_feedback(raw)
                fraction, text, werror = _weight(text, 1.0 if marker == "=" else 0.0)
                if werror:
                    err(at, werror)
                if "->" in text and not _FORMAT_RE.match(text):
                    err(at, "'->' belongs in matching questions, where every answer starts with =.")
                choices.append({"text": _part(text, qfmt), "fraction": fraction,
                                "feedback": _part(feedback, qfmt) if feedback is not None else ""})
            d["choices"] = choices
            d["shuffle"] = True
        else:
            d["type"] = "short"
            accepted = []
            for _m, raw, at in answers:
                text, feedback = _split_feedback(raw)
                fraction, text, werror = _weight(text, 1.0)
                if werror:
                    err(at, werror)
                text = _restore(text).strip()
                fb = _part(feedback, qfmt) if feedback is not None else ""
                if text == "*" and fraction == 0:
                    d["incorrect_feedback"] = fb
                    continue
                accepted.append({"text": text, "fraction": fraction, "feedback": fb})
            d["answers"] = accepted
            d["fold_accents"] = bool(props.get("fold_accents"))
            d["case_sensitive"] = bool(props.get("case_sensitive"))
    if "points" in props:
        d["points"] = props["points"]
    if qerrors:
        errors.extend(qerrors)
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
    questions = []
    for chunk in chunks:
        parsed = _parse_one(chunk, errors, warnings)
        if parsed:
            questions.append(parsed)
    if len(questions) > MAX_QUESTIONS:
        errors.append((0, f"The file has more than {MAX_QUESTIONS} questions; split it."))
    if not questions and not errors:
        errors.append((0, gettext("The file holds no questions.")))
    if errors:
        raise FormatError(errors, filename)
    return ParseResult(questions, warnings)
