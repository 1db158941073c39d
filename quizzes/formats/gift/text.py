"""GIFT text: escapes kept out of the way while parsing, ``[format]`` prefixes, parts converted to the question's format."""

from __future__ import annotations

import html
import re

from quizzes.html import html_to_text, sanitize_html

# Escaped characters become private-use placeholders while parsing, so splitting
# on the control characters never sees them.
ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005", ":": "\ue006",
           "[": "\ue007", "]": "\ue008"}
RESTORE = {v: k for k, v in ESCAPES.items()}
ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)


def protect(text: str) -> str:
    def sub(match):
        ch = match.group(1)
        if ch in ESCAPES:
            return ESCAPES[ch]
        if ch == "n":
            return "\n"
        return "\\" + ch

    return ESCAPE_RE.sub(sub, text)


def restore(text: str) -> str:
    return "".join(RESTORE.get(ch, ch) for ch in text)


def split_format(text: str, default: str) -> tuple[str, str]:
    match = FORMAT_RE.match(text)
    if not match:
        return default, text
    fmt = match.group(1).lower()
    return ("markdown" if fmt == "moodle" else fmt), text[match.end():]


def convert(text: str, fmt: str, target: str) -> str:
    """Text of a part in format ``fmt``, made fit for a question in format ``target``."""
    text = text.strip()
    if fmt == target:
        return sanitize_html(text, local_images_only=False).strip() if fmt == "html" else text
    if target == "html":
        return html.escape(text).replace("\n", "<br>")
    if fmt == "html":
        return html_to_text(text)
    return text


def part(raw: str, qfmt: str) -> str:
    fmt, text = split_format(raw, qfmt)
    return convert(restore(text), fmt, qfmt)
