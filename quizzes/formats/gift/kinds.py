"""The answer block of one GIFT question, read as Moodle's ``qformat_gift::readquestion`` reads it.

Moodle decides the type from the block alone (after the general feedback
``####…`` is cut off): empty → essay; ``#…`` → numerical; any ``~`` →
multiple choice; ``=`` and ``->`` → matching; ``T``/``TRUE``/``F``/``FALSE``
(upper case) → true/false; anything else → short answer, so a short answer
needs no ``=`` (``{Paris}``). ``->`` inside a choice is text, a ``[format]``
prefix is cut from every answer and feedback, a numerical block's first ``~``
starts the feedback for any other answer and ``=%0%…`` answers are kept. The
ordering plug-in's ``{>n SELECT LAYOUT GRADING SHOW`` block is read too.
Each function returns ``(definition fields, [(offset in block, error)])``.
"""

from __future__ import annotations

import re

from quizzes.formats import ordering_from_matching
from quizzes.formats.gift.text import FORMAT_RE, part, restore, split_format
from quizzes.formats.ordering import grading_in, select_in
from quizzes.html import html_to_text

# Moodle's $giftanswerweightregex, with the number captured whole.
WEIGHT_RE = re.compile(r"^\s*%(-*[0-9]{1,2}\.?[0-9]*)%")
NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
RANGE_RE = re.compile(rf"^({NUMBER})\s*\.\.\s*({NUMBER})$")
TOLERANCE_RE = re.compile(rf"^({NUMBER})\s*(?::\s*({NUMBER}))?$")
TF_RE = re.compile(r"^(T|TRUE|F|FALSE)$")
ORDERING_RE = re.compile(r"^>\s*(\d+)\s*(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*"
                         r"(HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?\s*"
                         r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|"
                         r"RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|"
                         r"RELATIVE_TO_CORRECT|RELATIVE|REL|LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?\s*"
                         r"(SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?\s*(.*?)\s*$", re.DOTALL)


def kind_of(block: str) -> str:
    """Moodle's type for an answer block (general feedback already removed)."""
    text = block.strip()
    if not text:
        return "essay"
    if ORDERING_RE.match(text) and text.startswith(">"):
        return "ordering"
    if text.startswith("#"):
        return "numerical"
    if "~" in text:
        return "multichoice"
    if "=" in text and "->" in text:
        return "match"
    head = text.split("#", 1)[0].strip() if text.find("#") > 0 else text
    return "truefalse" if TF_RE.match(head) else "shortanswer"


def split_on(block: str, markers: str) -> list[tuple[str, str, int]]:
    """``(marker, text, offset)`` for each piece; text before the first marker is a piece too (marker '')."""
    pieces, start, marker = [], 0, ""
    for match in re.finditer(f"[{re.escape(markers)}]", block):
        pieces.append((marker, block[start:match.start()], start))
        marker, start = match.group(), match.start() + 1
    pieces.append((marker, block[start:], start))
    if not pieces[0][1].strip():
        pieces.pop(0)
    return pieces


def weight(text: str, default: float) -> tuple[float, str, str]:
    """``(fraction, rest, error)`` after an optional ``%n%`` (Moodle's pattern; anything else is text)."""
    match = WEIGHT_RE.match(text)
    if not match:
        return default, text, ""
    raw = match.group(1)
    try:
        value = float(raw.replace("--", "-"))
    except ValueError:
        return default, text, ""
    if not -100 <= value <= 100:
        return default, text[match.end():], f"The weight {raw} % is outside -100 … 100."
    return value / 100.0, text[match.end():], ""


def feedback_split(text: str) -> tuple[str, str | None]:
    head, sep, feedback = text.partition("#")
    return head, (feedback if sep else None)


def truefalse(block: str, qfmt: str):
    bits = block.strip().split("#", 2)
    answer = bits[0].strip() in ("T", "TRUE")
    return {"type": "truefalse", "answer": answer,
            "feedback_wrong": part(bits[1], qfmt) if len(bits) > 1 else "",
            "feedback_right": part(bits[2], qfmt) if len(bits) > 2 else ""}, []


def multichoice(block: str, qfmt: str):
    errors, choices = [], []
    for marker, raw, at in split_on(block, "=~"):
        text, feedback = feedback_split(raw)
        fraction, text, error = weight(text, 1.0 if marker == "=" else 0.0)
        if error:
            errors.append((at, error))
        choices.append({"text": part(text, qfmt), "fraction": fraction,
                        "feedback": part(feedback, qfmt) if feedback is not None else ""})
    if len(choices) < 2:
        errors.append((0, "A multiple-choice question needs at least two answers."))
    single = "=" in block
    return {"type": "single" if single else "multiple", "choices": choices, "shuffle": True}, errors


def matching(block: str, qfmt: str, props: dict):
    errors, pairs, distractors = [], [], []
    for _marker, raw, at in split_on(block, "="):
        if "->" not in raw:
            errors.append((at, "Every answer of a matching question is written as =item -> match."))
            continue
        left, right = raw.split("->", 1)
        left = part(left, qfmt)
        rfmt, right = split_format(right, qfmt)
        right = html_to_text(restore(right)) if rfmt == "html" else restore(right).strip()
        if not right:
            errors.append((at, "A matching pair needs a text after '->'."))
        elif left:
            pairs.append({"left": left, "right": right})
        else:
            distractors.append(right)
    d = {"type": "matching", "pairs": pairs, "distractors": distractors}
    if props.get("ordering") and not errors:
        ordering = ordering_from_matching(d)
        if ordering is None:
            errors.append((0, "The tag 'ordering' needs every item matched to a position 1, 2, 3 …"))
        else:
            d = ordering
            if props.get("all_or_nothing"):
                d["grading"] = "all"
            if props.get("select"):
                d["select_type"], d["select_count"] = props["select"]
    return d, errors


def shortanswer(block: str, qfmt: str, props: dict):
    errors, accepted, d = [], [], {"type": "short"}
    for _marker, raw, at in split_on(block, "="):
        text, feedback = feedback_split(raw)
        fraction, text, error = weight(text, 1.0)
        if error:
            errors.append((at, error))
        _fmt, text = split_format(text, qfmt)
        text = restore(text).strip()
        fb = part(feedback, qfmt) if feedback is not None else ""
        if text == "*" and fraction == 0:
            d["incorrect_feedback"] = fb
            continue
        accepted.append({"text": text, "fraction": fraction, "feedback": fb})
    d.update(answers=accepted, fold_accents=bool(props.get("fold_accents")),
             case_sensitive=bool(props.get("case_sensitive")))
    return d, errors


def numerical(block: str, qfmt: str):
    errors, answers, d = [], [], {"type": "numeric"}
    body_at = block.index("#") + 1
    body = block[body_at:]
    wrong_at = body.find("~")
    if wrong_at >= 0:
        _ignored, feedback = feedback_split(body[wrong_at + 1:])
        d["incorrect_feedback"] = part(feedback, qfmt) if feedback is not None else ""
        body = body[:wrong_at]
    pieces = split_on(body, "=")
    if not pieces:
        errors.append((0, "A numerical question needs at least one answer after '#'."))
    for _marker, raw, at in pieces:
        value_text, feedback = feedback_split(raw)
        fraction, value_text, error = weight(value_text, 1.0)
        if error:
            errors.append((body_at + at, error))
        _fmt, value_text = split_format(value_text, qfmt)
        value_text = restore(value_text).strip()
        fb = part(feedback, qfmt) if feedback is not None else ""
        if value_text == "*":
            d["incorrect_feedback"] = fb
            continue
        rng, tol = RANGE_RE.match(value_text), TOLERANCE_RE.match(value_text)
        if rng:
            answers.append({"kind": "range", "min": float(rng.group(1)), "max": float(rng.group(2)),
                            "fraction": fraction, "feedback": fb})
        elif tol:
            answers.append({"kind": "exact", "value": float(tol.group(1)), "tolerance": abs(float(tol.group(2) or 0)),
                            "fraction": fraction, "feedback": fb})
        else:
            errors.append((body_at + at, f"'{value_text[:40]}' is not a number, a range (1..5) or a value with a "
                                         "tolerance (1822:5)."))
    d["answers"] = answers
    return d, errors


def ordering(block: str, qfmt: str, warnings: list):
    """The ordering plug-in's GIFT block: ``{>count SELECT LAYOUT GRADING SHOW`` then one item a line."""
    match = ORDERING_RE.match(block.strip())
    items = [restore(line).strip() for line in match.group(6).split("\n") if line.strip()]
    if qfmt == "html":
        items = [html_to_text(it) for it in items]
    grading, grading_warning = grading_in(match.group(4) or "RELATIVE")
    if grading_warning:
        warnings.append(grading_warning)
    count = int(match.group(1))
    select_type = select_in(match.group(2) or "RANDOM")
    if not 2 < count <= len(items):
        count = min(6, len(items))
    d = {"type": "ordering", "items": [{"text": it} for it in items], "grading": grading}
    if select_type != "all" and count < len(items):
        d.update(select_type=select_type, select_count=count)
    return d, []


__all__ = ["FORMAT_RE", "kind_of", "matching", "multichoice", "numerical", "ordering", "shortanswer", "truefalse"]
