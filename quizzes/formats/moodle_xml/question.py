"""One Moodle XML ``<question>`` read into a definition, as Moodle's ``qformat_xml`` reads it.

Types ALMA's bank does not hold are *skipped* (reported by line, type and reason), never
an error for the whole file. Elements ALMA has no place for (hints, combined feedback,
answer numbering, extra units …) are named in one warning per question. Images in
``<file>`` elements and ``data:`` URIs are collected with the question (``images``) and
referred to as ``@@PLUGINFILE@@/name``; the importer stores them as Wagtail images.
"""

from __future__ import annotations

import html
import math
from decimal import Decimal, InvalidOperation

from quizzes import definition as qdef
from quizzes.formats import (ParsedQuestion, Skipped, apply_numeric_tags, ordering_from_matching, outcome_from_category,
                             tags_to_properties, title_from)
from quizzes.formats.images import collect_files, extract_data_uris
from quizzes.formats.moodle_xml import cloze
from quizzes.formats.ordering import grading_in, select_in
from quizzes.html import html_to_text, sanitize_html

FORMATS_IN = {"html": "html", "markdown": "markdown", "plain_text": "plain", "moodle_auto_format": "markdown"}
SUPPORTED = ("multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering", "cloze", "essay")
SKIP_REASONS = {
    "description": "a description is text shown between questions, not a question; ALMA's bank does not hold it.",
    "multianswer": "Moodle writes cloze questions as type \"cloze\"; \"multianswer\" is its internal name.",
    "calculated": "calculated questions (answers from a formula and random values) are not supported.",
    "calculatedsimple": "calculated questions (answers from a formula and random values) are not supported.",
    "calculatedmulti": "calculated questions (answers from a formula and random values) are not supported.",
    "ddwtos": "drag-and-drop into text is not supported.",
    "ddimageortext": "drag-and-drop onto an image is not supported.",
    "ddmarker": "drag-and-drop markers are not supported.",
    "gapselect": "select missing words (gapselect) is not supported.",
    "randomsamatch": "random short-answer matching draws from other questions; not supported.",
    "random": "a random question draws from a category; not supported.",
    "stack": "STACK questions need a computer algebra system; not supported.",
    "coderunner": "CodeRunner questions run program code; not supported.",
}
# Elements read, or with nothing to lose (Moodle's defaults, penalties for retries ALMA does not offer).
KNOWN = {"name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber", "tags", "answer",
         "single", "shuffleanswers", "usecase", "units", "unitgradingtype", "unitpenalty", "showunits", "unitsleft",
         "subquestion", "layouttype", "selecttype", "selectcount", "gradingtype", "showgrading", "numberingstyle",
         "answernumbering", "showstandardinstruction", "correctfeedback", "partiallycorrectfeedback",
         "incorrectfeedback", "shownumcorrect", "hint", "image", "image_base64", "file",
         # essay: the grader information is read; an online-text response is what ALMA offers anyway
         "graderinfo", "minwordlimit", "maxwordlimit", "responseformat", "responserequired", "responsefieldlines",
         "attachmentsrequired", "maxbytes", "filetypeslist"}


def text_of(node, tag) -> tuple[str, str, object]:
    """``(text, format, element)`` of child ``tag`` (Moodle wraps texts in ``<text>``)."""
    child = node.find(tag)
    if child is None:
        return "", "", None
    inner = child.find("text")
    return (inner.text if inner is not None else child.text), child.attrs.get("format", ""), child


def convert(raw: str, fmt: str, target: str, images: dict, errors: list, line: int, warnings: list | None = None) -> str:
    fmt = FORMATS_IN.get(fmt, target)
    raw = extract_data_uris((raw or "").strip(), images, errors, line, warnings)
    if fmt == target:
        return sanitize_html(raw, local_images_only=False).strip() if fmt == "html" else raw
    if target == "html":
        return html.escape(raw).replace("\n", "<br>")
    return html_to_text(raw) if fmt == "html" else raw


def fraction_of(node, errors, default=0.0) -> float:
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


def number(raw: str, line: int, errors, what: str) -> float | None:
    try:
        value = float(raw.strip())
    except ValueError:
        errors.append((line, f"The {what} '{raw.strip()[:30]}' is not a number."))
        return None
    if not math.isfinite(value):
        errors.append((line, f"The {what} must be a finite number."))
        return None
    return value


def _word_limit(node, tag: str, errors: list) -> int | None:
    raw = node.value(tag).strip()
    if raw in ("", "0"):
        return None
    if not raw.isdigit():
        errors.append((node.find(tag).line, f"<{tag}> must be a whole number of words."))
        return None
    return int(raw)


def _dropped(node, qtype: str) -> list[str]:
    """What the question holds that ALMA has no place for, in words."""
    out = []
    hints = [h for h in node.findall("hint") if (h.value("text") or h.text).strip()]
    if hints:
        out.append(f"{len(hints)} hint(s)")
    combined = [tag for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
                if text_of(node, tag)[0].strip()]
    if combined:
        out.append("combined feedback (" + ", ".join(combined) + ")")
    numbering = node.value("answernumbering")
    if qtype == "multichoice" and numbering and numbering != "none":
        out.append(f"answer numbering '{numbering[:10]}'")
    if qtype == "ordering":
        if node.value("layouttype").upper() in ("1", "HORIZONTAL"):
            out.append("horizontal layout")
        if node.value("numberingstyle") not in ("", "none"):
            out.append(f"numbering style '{node.value('numberingstyle')[:10]}'")
    if qtype == "essay":
        if node.value("attachments") not in ("", "0"):
            out.append("file attachments (ALMA takes the answer as text)")
        if text_of(node, "responsetemplate")[0].strip():
            out.append("the response template")
    unknown = sorted({c.tag for c in node.children} - KNOWN - {"attachments", "responsetemplate"})
    out.extend(f"<{tag[:30]}>" for tag in unknown)
    return out


def _bounds(value: str, tolerance: str) -> tuple[float, float]:
    """value ± tolerance in decimal, so that a range ALMA wrote as its midpoint reads back exactly."""
    try:
        v, t = Decimal(value), abs(Decimal(tolerance))
    except InvalidOperation:
        return float(value) - abs(float(tolerance)), float(value) + abs(float(tolerance))
    return float(v - t), float(v + t)


def _numerical(node, d, answers, conv, local, warnings, ranges=frozenset()):
    d["type"], d["answers"] = "numeric", []
    for a in answers:
        fb, fb_fmt, fb_node = text_of(a, "feedback")
        feedback = conv(fb, fb_fmt, a.line)
        fraction, text = fraction_of(a, local), html_to_text(a.value("text"))
        if text == "*":
            d["incorrect_feedback"] = feedback
            continue
        if ".." in text:
            low, _, high = text.partition("..")
            lo, hi = number(low, a.line, local, "range minimum"), number(high, a.line, local, "range maximum")
            if lo is not None and hi is not None:
                d["answers"].append({"kind": "range", "min": lo, "max": hi, "fraction": fraction, "feedback": feedback})
            continue
        value = number(text, a.line, local, "answer")
        tol_node = a.find("tolerance")
        tol_text = tol_node.text.strip() if tol_node is not None else ""
        tolerance = number(tol_text, tol_node.line, local, "tolerance") if tol_text else 0.0
        if value is not None and tolerance is not None and len(d["answers"]) + 1 in ranges:
            low, high = _bounds(text, tol_text or "0")
            d["answers"].append({"kind": "range", "min": low, "max": high, "fraction": fraction, "feedback": feedback})
        elif value is not None and tolerance is not None:
            d["answers"].append({"kind": "exact", "value": value, "tolerance": abs(tolerance), "fraction": fraction,
                                 "feedback": feedback})
    units = node.find("units")
    unit_nodes = units.findall("unit") if units is not None else []
    base = next((u for u in unit_nodes if u.value("multiplier", "1") in ("1", "1.0", "1.000000")), None)
    base = base if base is not None else (unit_nodes[0] if unit_nodes else None)
    showunits = node.value("showunits", "3" if not unit_nodes else "0")
    if base is not None:
        d["unit"] = base.value("unit_name")
        if len(unit_nodes) > 1:
            others = ", ".join(u.value("unit_name")[:10] for u in unit_nodes if u is not base)
            warnings.append((units.line, f"Only the unit '{d['unit'][:10]}' is kept; ALMA has no conversion for the "
                                         f"other units ({others})."))
        if node.value("unitsleft", "0") == "1":
            warnings.append((node.line, "The unit is shown after the number in ALMA (Moodle: before it)."))
    # Moodle: showunits 3 means units are not used; unitgradingtype 1 or 2 means the unit is graded.
    d["unit_required"] = bool(d.get("unit")) and showunits != "3" and node.value("unitgradingtype", "0") in ("1", "2")


def _ordering(node, d, answers, local, warnings):
    d["type"] = "ordering"
    # Moodle reads the answers in document order (their fractions are only positions it rewrites).
    d["items"] = [{"text": html_to_text(a.value("text")) if "<" in a.value("text") else a.value("text")} for a in answers]
    d["grading"], warning = grading_in(node.value("gradingtype", "RELATIVE"))
    if warning:
        warnings.append((node.line, warning))
    select_type = select_in(node.value("selecttype", "RANDOM"))  # Moodle's defaults: RANDOM, 6
    raw_count = node.value("selectcount", "6")
    count = int(raw_count) if raw_count.lstrip("-").isdigit() else 0
    if select_type != "all" and 0 < count < len(answers):
        d.update(select_type=select_type, select_count=count)
        warnings.append((node.line, f"Moodle shows {count} of the {len(answers)} items ({select_type}); ALMA keeps the "
                                    "setting for export but shows every item."))


def question(node, category: str, errors, warnings, skipped) -> ParsedQuestion | None:
    qtype = node.attrs.get("type", "")
    if qtype not in SUPPORTED:
        reason = SKIP_REASONS.get(qtype, f"the question type '{qtype[:30]}' is not one of ALMA's ({', '.join(SUPPORTED)}).")
        skipped.append(Skipped(node.line, qtype[:30] or "(none)", reason))
        return None
    title, _fmt, _node = text_of(node, "name")
    prompt_raw, fmt_name, prompt_node = text_of(node, "questiontext")
    qfmt = FORMATS_IN.get(fmt_name or "html", "markdown")
    local: list = []
    images: dict[str, bytes] = {}
    for holder in [node] + list(node.children) + [g for c in node.children for g in c.children]:
        collect_files(holder, images, local)

    def conv(raw, fmt, line):
        return convert(raw, fmt or fmt_name, qfmt, images, local, line, warnings)

    d: dict = {"prompt": conv(prompt_raw, fmt_name, node.line), "format": qfmt}
    gf, gf_fmt, _gf = text_of(node, "generalfeedback")
    d["general_feedback"] = conv(gf, gf_fmt, node.line)
    grade = node.value("defaultgrade")
    if grade:
        points = number(grade, node.find("defaultgrade").line, local, "default grade")
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
            fb, fb_fmt, _fb = text_of(a, "feedback")
            d["choices"].append({"text": conv(a.value("text"), a.attrs.get("format", ""), a.line),
                                 "fraction": fraction_of(a, local), "feedback": conv(fb, fb_fmt, a.line)})
    elif qtype == "truefalse":
        d["type"] = "truefalse"
        by_value = {}
        for a in answers:
            value = a.value("text").lower()
            if value not in ("true", "false"):
                local.append((a.line, "A true/false answer must be 'true' or 'false'."))
                continue
            fb, fb_fmt, _fb = text_of(a, "feedback")
            by_value[value] = (fraction_of(a, local), conv(fb, fb_fmt, a.line))
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
            fb, fb_fmt, _fb = text_of(a, "feedback")
            fraction, text = fraction_of(a, local), a.value("text")
            feedback = conv(fb, fb_fmt, a.line)
            if text == "*" and fraction == 0:
                d["incorrect_feedback"] = feedback
            else:
                d["answers"].append({"text": html_to_text(text) if "<" in text else text, "fraction": fraction,
                                     "feedback": feedback})
    elif qtype == "numerical":
        _numerical(node, d, answers, conv, local, warnings, props.get("ranges", set()))
        apply_numeric_tags(d, props)
    elif qtype == "matching":
        d["type"] = "matching"
        d["pairs"], d["distractors"] = [], []
        for sub in node.findall("subquestion"):
            right_node = sub.find("answer")
            right = html_to_text(right_node.value("text")) if right_node is not None else ""
            left = conv(sub.value("text"), sub.attrs.get("format", fmt_name), sub.line)
            if not right:
                local.append((sub.line, "A matching pair needs a match (<answer><text>…</text></answer>)."))
            elif left.strip():
                d["pairs"].append({"left": left, "right": right})
            else:
                d["distractors"].append(right)
        if props.get("ordering"):
            d = ordering_from_matching(d) or d
    elif qtype == "ordering":
        _ordering(node, d, answers, local, warnings)
    elif qtype == "cloze":
        d = cloze.read(d, node, local)
    elif qtype == "essay":
        info, info_fmt, _info = text_of(node, "graderinfo")
        d.update(type="essay", rubric=conv(info, info_fmt, node.line),
                 min_words=_word_limit(node, "minwordlimit", local), max_words=_word_limit(node, "maxwordlimit", local))
    dropped = _dropped(node, qtype)
    if dropped:
        warnings.append((node.line, "ALMA has no place for, and leaves out: " + "; ".join(dropped) + "."))
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
        definition=definition, outcome_codes=([code] if code else []) + [c for c in props.get("outcomes", []) if c != code],
        category=category, external_id=node.value("idnumber"), difficulty=props.get("difficulty", 2), tags=tags,
        images=images,
    )
