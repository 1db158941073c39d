"""Cloze (Moodle's "embedded answers", qtype multianswer): gaps written inside the question text. Pure.

An author writes the whole text with its gaps in Moodle's syntax (docs.moodle.org, "Embedded Answers
(Cloze) question type"; the grammar is ``qtype_multianswer_extract_question`` in Moodle's
``question/type/multianswer/questiontype.php``)::

    Chile produced {2:SHORTANSWER:=copper#Right~%50%Cu#Write the word} and lithium from
    {1:MULTICHOICE:brine~=salar brine#Yes~rock}; about {1:NUMERICAL:=5.3:0.2} Mt of copper.

``{weight:TYPE:answers}``: the weight (an integer, 1 when left out) is the gap's share of the
question's points; answers are separated by ``~``, each with ``=`` (100 %) or ``%n%`` (n %) before
it and ``#feedback`` after it. Types: MULTICHOICE / MC (drop-down), MULTICHOICE_V / MCV
(vertical radio buttons), MULTICHOICE_H / MCH (horizontal), with ``_S`` / ``S`` appended
(MCS, MCVS, MCHS) for shuffled choices; MULTIRESPONSE / MR, MULTIRESPONSE_H / MRH and their
shuffled MRS / MRHS (check boxes); SHORTANSWER / SA / MW (case ignored), SHORTANSWER_C / SAC / MWC
(case matters); NUMERICAL / NM (``value:tolerance``, absolute; ``*`` accepts anything).
Inside an answer or a feedback, ``\\}`` ``\\#`` ``\\~`` ``\\/`` ``\\"`` stand for the character.

As Moodle stores it, the definition keeps the text with a placeholder ``{#n}`` for gap n and the
gaps apart (``gaps``), so what a learner is sent never holds an answer. ``to_text`` writes the
author's text back; ``parse(to_text(d))`` gives ``d`` again.
"""

from __future__ import annotations

import re

from quizzes.definition.values import num, opaque_id, text

GAP_START = re.compile(r"\{([0-9]*):([A-Za-z_]+):")
PLACEHOLDER = re.compile(r"\{#([0-9]+)\}")
ESCAPABLE = '}#~/"'
NUMBER = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
NUMERIC_ANSWER = re.compile(rf"^({NUMBER})(?::({NUMBER}))?$")
FRACTION = re.compile(r"%(-?[0-9]+(?:[.,][0-9]*)?)%")
MAX_GAPS = 50
DISPLAYS = ("dropdown", "vertical", "horizontal")

# Moodle's type codes: (kind, options).
_CHOICE = {"MULTICHOICE": ("dropdown", False, False), "MC": ("dropdown", False, False),
           "MULTICHOICE_S": ("dropdown", True, False), "MCS": ("dropdown", True, False),
           "MULTICHOICE_V": ("vertical", False, False), "MCV": ("vertical", False, False),
           "MULTICHOICE_VS": ("vertical", True, False), "MCVS": ("vertical", True, False),
           "MULTICHOICE_H": ("horizontal", False, False), "MCH": ("horizontal", False, False),
           "MULTICHOICE_HS": ("horizontal", True, False), "MCHS": ("horizontal", True, False),
           "MULTIRESPONSE": ("vertical", False, True), "MR": ("vertical", False, True),
           "MULTIRESPONSE_S": ("vertical", True, True), "MRS": ("vertical", True, True),
           "MULTIRESPONSE_H": ("horizontal", False, True), "MRH": ("horizontal", False, True),
           "MULTIRESPONSE_HS": ("horizontal", True, True), "MRHS": ("horizontal", True, True)}
_SHORT = {"SHORTANSWER": False, "SA": False, "MW": False, "SHORTANSWER_C": True, "SAC": True, "MWC": True}
_NUMERIC = ("NUMERICAL", "NM")
TYPE_CODES = tuple(_CHOICE) + tuple(_SHORT) + _NUMERIC


class ClozeError(ValueError):
    """The cloze text cannot be read; ``errors`` lists every problem, each saying where."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(" ".join(errors))


def _where(source: str, start: int, n: int) -> str:
    line = source.count("\n", 0, start) + 1
    column = start - (source.rfind("\n", 0, start) + 1) + 1
    return f"Gap {n} (line {line}, column {column})"


def unescape(value: str) -> str:
    return re.sub(r"\\([}#~/\"])", r"\1", value)


def escape(value: str) -> str:
    return value.replace("}", "\\}").replace("#", "\\#").replace("~", "\\~")


def _split(body: str, sep: str) -> list[str]:
    """``body`` split on ``sep`` where it is not escaped (nor, for ``#``, an HTML entity's ``&#``)."""
    parts, current, i = [], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in ESCAPABLE:
            current.append(body[i:i + 2])
            i += 2
            continue
        if ch == sep and not (sep == "#" and current and current[-1].endswith("&")):
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _number(raw: str) -> float:
    return float(raw.replace(",", "."))


def _gap(code: str, weight: str, body: str, where: str, errors: list[str], taken: set[str]) -> dict | None:
    gap: dict
    if code in _CHOICE:
        display, shuffle, multiple = _CHOICE[code]
        gap = {"kind": "choice", "display": display, "shuffle": shuffle, "multiple": multiple, "choices": []}
    elif code in _SHORT:
        gap = {"kind": "short", "case_sensitive": _SHORT[code], "answers": []}
    elif code in _NUMERIC:
        gap = {"kind": "numeric", "answers": []}
    else:
        hint = " (Moodle reads the type in capitals)" if code.upper() in TYPE_CODES else ""
        errors.append(f"{where}: unknown type '{code[:30]}'{hint}. Use MULTICHOICE (MC), MULTICHOICE_V (MCV), "
                      "MULTICHOICE_H (MCH), their shuffled MCS, MCVS, MCHS, MULTIRESPONSE (MR, MRH, MRS, MRHS), "
                      "SHORTANSWER (SA, MW), SHORTANSWER_C (SAC, MWC) or NUMERICAL (NM).")
        return None
    gap["weight"] = float(int(weight)) if weight else 1.0
    specific = False
    entries = []
    for n, alt in enumerate(_split(body, "~"), 1):
        fraction = 0.0
        if alt.startswith("="):
            fraction, alt = 1.0, alt[1:]
        elif m := FRACTION.match(alt):
            fraction, alt, specific = round(_number(m.group(1)) / 100, 7), alt[m.end():], True
        answer, *rest = _split(alt, "#")
        feedback = unescape("#".join(rest)).strip()
        answer = unescape(answer).strip()
        if not answer:
            errors.append(f"{where}: answer {n} is empty (two ~ in a row, or a ~ or # right after the type?).")
            continue
        if gap["kind"] == "numeric":
            if answer == "*":
                entries.append({"value": None, "tolerance": 0.0, "fraction": fraction, "feedback": feedback})
                continue
            m = NUMERIC_ANSWER.match(answer)
            if not m:
                errors.append(f"{where}: answer {n} '{answer[:30]}' is not a number (write 5.3, or 5.3:0.2 for "
                              "5.3 ± 0.2, or * for any other answer).")
                continue
            entries.append({"value": _number(m.group(1)), "tolerance": abs(_number(m.group(2))) if m.group(2) else 0.0,
                            "fraction": fraction, "feedback": feedback})
        elif gap["kind"] == "short":
            entries.append({"text": answer, "fraction": fraction, "feedback": feedback})
        else:
            entries.append({"id": opaque_id(answer, taken), "text": answer, "fraction": fraction, "feedback": feedback})
    if gap["kind"] == "choice" and gap["multiple"]:
        # As Moodle: the right choices share 100 %; without explicit %, each wrong one takes back one right one.
        total = sum(e["fraction"] for e in entries if e["fraction"] > 0)
        if total:
            for e in entries:
                if e["fraction"] > 0:
                    e["fraction"] = round(e["fraction"] / total, 7)
                elif not specific:
                    e["fraction"] = round(-1.0 / total, 7)
    gap["choices" if gap["kind"] == "choice" else "answers"] = entries
    return gap


def parse(source: str) -> tuple[str, list[dict]]:
    """``(text with {#n} placeholders, gaps)`` from a cloze text; ClozeError says where each problem is."""
    errors: list[str] = []
    if PLACEHOLDER.search(source):
        m = PLACEHOLDER.search(source)
        errors.append(f"{_where(source, m.start(), 0).replace('Gap 0', 'The text')}: '{m.group(0)}' is kept for "
                      "the gaps' places; write the gap itself, such as {1:SHORTANSWER:=answer}.")
    out, gaps, taken, pos, n = [], [], set(), 0, 0
    while (m := GAP_START.search(source, pos)) is not None:
        n += 1
        where = _where(source, m.start(), n)
        i = m.end()
        while i < len(source) and source[i] != "}":
            i += 2 if source[i] == "\\" and i + 1 < len(source) and source[i + 1] in ESCAPABLE else 1
        if i >= len(source):
            errors.append(f"{where}: no closing }} (write \\}} for a }} inside an answer).")
            break
        gap = _gap(m.group(2), m.group(1), source[m.end():i], where, errors, taken)
        out.append(source[pos:m.start()])
        if gap is not None:
            gaps.append(gap)
            out.append(f"{{#{len(gaps)}}}")
        pos = i + 1
    out.append(source[pos:])
    if not gaps and not errors:
        errors.append("A cloze question needs at least one gap, such as {1:SHORTANSWER:=answer} or "
                      "{1:MULTICHOICE:=right~wrong}.")
    if errors:
        raise ClozeError(errors)
    return "".join(out), gaps


def _n(x: float) -> str:
    return f"{x:.15g}"


def _prefix(fraction: float, answer: str) -> str:
    if fraction >= 1:
        return "="
    if fraction == 0 and not answer.startswith(("=", "%")):
        return ""
    return f"%{round(fraction * 100, 5):g}%"


def gap_text(gap: dict) -> str:
    """One gap in Moodle's syntax."""
    weight = gap.get("weight", 1.0)
    weight = f"{int(weight)}" if float(weight).is_integer() else _n(weight)
    alts = []
    if gap["kind"] == "choice":
        display, shuffle = gap.get("display", "dropdown"), "S" if gap.get("shuffle") else ""
        if gap.get("multiple"):
            code = "MULTIRESPONSE" + ("_H" if display == "horizontal" else "") + ("_" + shuffle if shuffle and display != "horizontal" else shuffle)
        else:
            code = "MULTICHOICE" + {"dropdown": "", "vertical": "_V", "horizontal": "_H"}[display]
            code += ("_S" if display == "dropdown" else "S") if shuffle else ""
        for c in gap["choices"]:
            alts.append(_prefix(c["fraction"], c["text"]) + escape(c["text"]) + (f"#{escape(c['feedback'])}" if c["feedback"] else ""))
    else:
        code = ("SHORTANSWER_C" if gap.get("case_sensitive") else "SHORTANSWER") if gap["kind"] == "short" else "NUMERICAL"
        for a in gap["answers"]:
            if gap["kind"] == "short":
                answer = escape(a["text"])
            elif a.get("value") is None:
                answer = "*"
            else:
                answer = _n(a["value"]) + (f":{_n(a['tolerance'])}" if a.get("tolerance") else "")
            alts.append(_prefix(a["fraction"], answer) + answer + (f"#{escape(a['feedback'])}" if a["feedback"] else ""))
    return f"{{{weight}:{code}:{'~'.join(alts)}}}"


def to_text(definition: dict) -> str:
    """The author's cloze text: the placeholders of ``definition["prompt"]`` replaced by their gaps."""
    gaps = definition.get("gaps") or []

    def put(m):
        k = int(m.group(1))
        return gap_text(gaps[k - 1]) if 0 < k <= len(gaps) else m.group(0)

    return PLACEHOLDER.sub(put, definition.get("prompt", ""))


def normalise_gaps(gaps) -> list[dict]:
    """Canonical gaps: defaults filled, numbers as floats, ids on choices."""
    out, taken = [], set()
    for g in gaps if isinstance(gaps, list) else []:
        if not isinstance(g, dict):
            continue
        kind = g.get("kind") if g.get("kind") in ("choice", "short", "numeric") else "short"
        gap: dict = {"kind": kind, "weight": num(g.get("weight"), 1.0)}
        if kind == "choice":
            gap.update(display=g.get("display") if g.get("display") in DISPLAYS else "dropdown",
                       shuffle=bool(g.get("shuffle")), multiple=bool(g.get("multiple")))
            if gap["multiple"] and gap["display"] == "dropdown":
                gap["display"] = "vertical"
            choices = []
            for c in g.get("choices") or []:
                if not isinstance(c, dict):
                    continue
                cid = c.get("id") if isinstance(c.get("id"), str) and c.get("id") and c.get("id") not in taken else None
                if cid:
                    taken.add(cid)
                choices.append({"id": cid or opaque_id(text(c.get("text")), taken), "text": text(c.get("text")),
                                "fraction": num(c.get("fraction"), 0.0), "feedback": text(c.get("feedback"))})
            gap["choices"] = choices
        elif kind == "short":
            gap["case_sensitive"] = bool(g.get("case_sensitive"))
            gap["answers"] = [{"text": text(a.get("text")), "fraction": num(a.get("fraction"), 0.0),
                               "feedback": text(a.get("feedback"))} for a in g.get("answers") or [] if isinstance(a, dict)]
        else:
            gap["answers"] = [{"value": num(a.get("value")), "tolerance": abs(num(a.get("tolerance"), 0.0)),
                               "fraction": num(a.get("fraction"), 0.0), "feedback": text(a.get("feedback"))}
                              for a in g.get("answers") or [] if isinstance(a, dict)]
        out.append(gap)
    return out


def validate_gaps(definition: dict) -> list[str]:
    """What is wrong with a cloze definition's gaps (Moodle's rules: ``qtype_multianswer_validate_question``)."""
    if "gaps" not in definition:
        try:
            parse(definition.get("prompt", ""))
        except ClozeError as error:
            return error.errors
        return []
    gaps, errors = definition["gaps"], []
    if not gaps:
        errors.append("A cloze question needs at least one gap, such as {1:SHORTANSWER:=answer}.")
    if len(gaps) > MAX_GAPS:
        errors.append(f"A cloze question may have at most {MAX_GAPS} gaps.")
    places = [int(k) for k in PLACEHOLDER.findall(definition.get("prompt", ""))]
    if sorted(places) != list(range(1, len(gaps) + 1)):
        errors.append("The text must hold each gap's place {#1}, {#2} … once.")
    if gaps and sum(g["weight"] for g in gaps) <= 0:
        errors.append("At least one gap needs a weight above 0.")
    for n, g in enumerate(gaps, 1):
        entries = g["choices"] if g["kind"] == "choice" else g["answers"]
        if not 0 <= g["weight"] <= 1000:
            errors.append(f"Gap {n}: the weight must be between 0 and 1000.")
        if g["kind"] == "choice" and len(entries) < 2:
            errors.append(f"Gap {n}: a choice gap needs at least two choices.")
        elif not entries:
            errors.append(f"Gap {n}: the gap needs at least one answer.")
        if len(entries) > MAX_ITEMS_PER_GAP:
            errors.append(f"Gap {n}: a gap may have at most {MAX_ITEMS_PER_GAP} answers.")
        low = -1 if g["kind"] == "choice" else 0
        if any(not low <= e["fraction"] <= 1 for e in entries):
            errors.append(f"Gap {n}: weights of answers must be between {low * 100:.0f} % and 100 %.")
        if g["kind"] == "choice" and g["multiple"]:
            if entries and not any(e["fraction"] > 0 for e in entries):
                errors.append(f"Gap {n}: at least one choice must be right (above 0 %).")
        elif entries and max(e["fraction"] for e in entries) < 1 - 1e-6:
            errors.append(f"Gap {n}: one answer must be worth 100 % (write = before it).")
        if g["kind"] != "numeric" and any(not e["text"].strip() for e in entries):
            errors.append(f"Gap {n}: answers cannot be empty.")
    return errors


MAX_ITEMS_PER_GAP = 50
