"""What a question *is*, as plain data: the JSON stored on each QuestionVersion.

Pure module: no database, no Django models. ``validate`` lists what is wrong with
a definition (the admin, the importers and QuestionVersion.save all call it),
``normalise`` fills defaults and gives every choice an opaque id,
``public_view`` is what a learner may see *before* the review rules allow the
answer key (it never holds a fraction, a feedback or an accepted answer), and
``clean_answer`` checks a learner's answer before it is saved.

Definition (version 1)::

    {"type": "single" | "multiple" | "truefalse" | "numeric" | "short" | "matching" | "ordering",
     "prompt": "Markdown (or sanitised HTML when format is html)",
     "format": "markdown" | "html" | "plain",      # applies to every text of the question
     "general_feedback": "", "points": 1.0,
     # single / multiple
     "choices": [{"id": "c1a2b3", "text": "…", "fraction": 1.0, "feedback": "…"}], "shuffle": true,
     # truefalse
     "answer": true, "feedback_right": "…", "feedback_wrong": "…",
     # numeric
     "answers": [{"kind": "exact", "value": 480.0, "tolerance": 0.0, "relative": false, "fraction": 1.0, "feedback": ""},
                 {"kind": "range", "min": 1.0, "max": 5.0, "fraction": 1.0, "feedback": ""}],
     "unit": "t", "unit_required": false,
     # short
     "answers": [{"text": "litio", "fraction": 1.0, "feedback": ""}], "case_sensitive": false, "fold_accents": true,
     # matching
     "pairs": [{"id": "…", "left": "Chile", "right": "Santiago"}], "distractors": ["Lima"],
     # ordering
     "items": [{"id": "…", "text": "…"}],            # in the correct order
     "grading": "partial" | "all",
     # numeric / short: feedback for an answer that matches nothing
     "incorrect_feedback": "",
     # single / numeric bound to a dataset (see datasets.queries): the choices or the accepted
     # value are computed from the data when the question is saved and when an attempt starts
     "data": {"dataset": "usgs-mcs2025-minerals", "where": "commodity = lithium; year = 2024",
              "label": "country", "column": "production", "aggregate": "max-row" | "min-row" | "value" | "sum" | "share",
              "part": "country = Chile", "choices": 4, "tolerance": 0.01},
     "data_result": {"value": 88000.0, "label": "Australia"}}   # what the choices / answer were computed from
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import unicodedata
from typing import Any

from alma.markdown import external_images

TYPES = ("single", "multiple", "truefalse", "numeric", "short", "matching", "ordering")
FORMATS = ("markdown", "html", "plain")
TYPE_LABELS = {
    "single": "Single choice",
    "multiple": "Multiple choice",
    "truefalse": "True/false",
    "numeric": "Numeric",
    "short": "Short text",
    "matching": "Matching",
    "ordering": "Ordering",
}
MAX_TEXT = 20_000
MAX_ITEMS = 50
MAX_ANSWER_CHARS = 2_000
MAX_ABS_NUMBER = 1e15


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds it); translated where it is shown."""
    return message


class AnswerError(ValueError):
    """A learner's answer that cannot be saved; the message says what to fix."""


# --- helpers -------------------------------------------------------------------


def opaque_id(text: str, taken: set[str]) -> str:
    """A short id for a choice or item that says nothing about its position or correctness."""
    base = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


def _num(value, default=None):
    if isinstance(value, bool):
        return default
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return default


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def fold(text: str, *, case_sensitive: bool = False, fold_accents: bool = True) -> str:
    """Normalise a short-text answer: spaces collapsed, case and accents folded as asked."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if fold_accents:
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    if not case_sensitive:
        text = text.casefold()
    return text


# --- normalise & validate ------------------------------------------------------


def normalise(definition: dict) -> dict:
    """A canonical copy: defaults filled, numbers as floats, ids on choices, pairs and items."""
    d = dict(definition)
    qtype = d.get("type")
    out: dict[str, Any] = {
        "type": qtype,
        "prompt": _str(d.get("prompt")),
        "format": d.get("format") if d.get("format") in FORMATS else "markdown",
        "general_feedback": _str(d.get("general_feedback")),
        "points": _num(d.get("points"), 1.0),
    }
    if qtype in ("single", "multiple"):
        taken: set[str] = set()
        choices = []
        for c in d.get("choices") or []:
            c = c if isinstance(c, dict) else {"text": str(c)}
            text = _str(c.get("text"))
            cid = c.get("id") if isinstance(c.get("id"), str) and c.get("id") and c.get("id") not in taken else None
            if cid:
                taken.add(cid)
            choices.append({"id": cid or opaque_id(text, taken), "text": text,
                            "fraction": _num(c.get("fraction"), 0.0), "feedback": _str(c.get("feedback"))})
        out["choices"] = choices
        out["shuffle"] = bool(d.get("shuffle", True))
    elif qtype == "truefalse":
        out["answer"] = bool(d.get("answer"))
        out["feedback_right"] = _str(d.get("feedback_right"))
        out["feedback_wrong"] = _str(d.get("feedback_wrong"))
    elif qtype == "numeric":
        answers = []
        for a in d.get("answers") or []:
            if not isinstance(a, dict):
                continue
            if a.get("kind") == "range":
                answers.append({"kind": "range", "min": _num(a.get("min")), "max": _num(a.get("max")),
                                "fraction": _num(a.get("fraction"), 1.0), "feedback": _str(a.get("feedback"))})
            else:
                answers.append({"kind": "exact", "value": _num(a.get("value")), "tolerance": abs(_num(a.get("tolerance"), 0.0)),
                                "relative": bool(a.get("relative")), "fraction": _num(a.get("fraction"), 1.0),
                                "feedback": _str(a.get("feedback"))})
        out["answers"] = answers
        out["unit"] = _str(d.get("unit")).strip()
        out["unit_required"] = bool(d.get("unit_required"))
        out["incorrect_feedback"] = _str(d.get("incorrect_feedback"))
    elif qtype == "short":
        out["answers"] = [
            {"text": _str(a.get("text")), "fraction": _num(a.get("fraction"), 1.0), "feedback": _str(a.get("feedback"))}
            for a in d.get("answers") or [] if isinstance(a, dict)
        ]
        out["case_sensitive"] = bool(d.get("case_sensitive", False))
        out["fold_accents"] = bool(d.get("fold_accents", False))
        out["incorrect_feedback"] = _str(d.get("incorrect_feedback"))
    elif qtype == "matching":
        taken = set()
        pairs = []
        for p in d.get("pairs") or []:
            if not isinstance(p, dict):
                continue
            left = _str(p.get("left"))
            pid = p.get("id") if isinstance(p.get("id"), str) and p.get("id") and p.get("id") not in taken else None
            if pid:
                taken.add(pid)
            pairs.append({"id": pid or opaque_id(left, taken), "left": left, "right": _str(p.get("right"))})
        out["pairs"] = pairs
        out["distractors"] = [_str(x) for x in d.get("distractors") or [] if _str(x)]
    elif qtype == "ordering":
        taken = set()
        items = []
        for it in d.get("items") or []:
            it = it if isinstance(it, dict) else {"text": str(it)}
            text = _str(it.get("text"))
            iid = it.get("id") if isinstance(it.get("id"), str) and it.get("id") and it.get("id") not in taken else None
            if iid:
                taken.add(iid)
            items.append({"id": iid or opaque_id(text, taken), "text": text})
        out["items"] = items
        out["grading"] = d.get("grading") if d.get("grading") in ("partial", "all") else "partial"
    if isinstance(d.get("data"), dict) and d["data"]:
        out["data"] = dict(d["data"])
        if isinstance(d.get("data_result"), dict):
            out["data_result"] = dict(d["data_result"])
    return out


DATA_TYPES = ("single", "numeric")
DATA_ROW_AGGREGATES = ("max-row", "min-row")


def apply_data(definition: dict, result: dict) -> dict:
    """The definition with its choices (single) or accepted value (numeric) computed from ``result``.

    ``result`` is what ``datasets.queries.evaluate`` returns for ``definition["data"]``:
    ``{"value": float, "label": str | None, "rows": [(label, value), …] ranked}``. Pure.
    """
    d = normalise(definition)
    binding = d.get("data") or {}
    if d["type"] == "single":
        count = binding.get("choices", 4) if isinstance(binding.get("choices"), int) else 4
        labels = []
        for label, _value in result.get("rows") or []:
            if label and label not in labels:
                labels.append(label)
        taken: set[str] = set()
        d["choices"] = [{"id": opaque_id(text, taken), "text": text, "fraction": 1.0 if n == 0 else 0.0, "feedback": ""}
                        for n, text in enumerate(labels[:count])]
    elif d["type"] == "numeric":
        tolerance = _num(binding.get("tolerance"), 0.01)
        old = d["answers"][0] if d.get("answers") else {}
        d["answers"] = [{"kind": "exact", "value": round(float(result["value"]), 6), "tolerance": abs(tolerance),
                         "relative": True, "fraction": 1.0, "feedback": old.get("feedback", "") if isinstance(old, dict) else ""}]
    d["data_result"] = {"value": round(float(result["value"]), 6), "label": result.get("label")}
    return d


def validate(definition: Any) -> list[str]:
    """Every problem with ``definition``, as sentences an author can act on. Empty when valid."""
    if not isinstance(definition, dict):
        return ["The question definition must be an object."]
    errors: list[str] = []
    qtype = definition.get("type")
    if qtype not in TYPES:
        return [f"Unknown question type '{str(qtype)[:30]}'. Use one of: {', '.join(TYPES)}."]
    d = normalise(definition)
    if not d["prompt"].strip():
        errors.append("The question has no text.")
    for key in ("prompt", "general_feedback"):
        if len(d[key]) > MAX_TEXT:
            errors.append(f"The {key.replace('_', ' ')} is longer than {MAX_TEXT} characters.")
    if not (0 < d["points"] <= 1000):
        errors.append("Points must be more than 0 and at most 1000.")
    if "data" in d:
        if qtype not in DATA_TYPES:
            errors.append("Only single-choice and numeric questions can be bound to a dataset.")
        elif qtype == "single" and d["data"].get("aggregate") not in DATA_ROW_AGGREGATES:
            errors.append("A single-choice data question needs the aggregate max-row or min-row "
                          "(the row with the highest or lowest value is the right choice).")
    if qtype in ("single", "multiple"):
        choices = d["choices"]
        if len(choices) < 2:
            errors.append("A choice question needs at least two choices.")
        if len(choices) > MAX_ITEMS:
            errors.append(f"A question may have at most {MAX_ITEMS} choices.")
        if any(not c["text"].strip() for c in choices):
            errors.append("Every choice needs a text.")
        if any(not -1 <= c["fraction"] <= 1 for c in choices):
            errors.append("Choice weights must be between -100 % and 100 %.")
        if qtype == "single" and choices and max(c["fraction"] for c in choices) < 1 - 1e-6:
            errors.append("A single-choice question needs one choice worth 100 %.")
        if qtype == "multiple":
            positive = sum(c["fraction"] for c in choices if c["fraction"] > 0)
            if positive < 1 - 1e-3:
                errors.append("The right choices of a multiple-choice question must add up to at least 100 %.")
    elif qtype == "numeric":
        if not d["answers"]:
            errors.append("A numeric question needs at least one accepted value or range.")
        for n, a in enumerate(d["answers"], 1):
            if a["kind"] == "range":
                if a["min"] is None or a["max"] is None:
                    errors.append(f"Numeric answer {n}: a range needs a finite minimum and maximum.")
                elif a["min"] > a["max"]:
                    errors.append(f"Numeric answer {n}: the minimum is larger than the maximum.")
            elif a["value"] is None:
                errors.append(f"Numeric answer {n}: the value must be a finite number.")
            if not 0 <= a["fraction"] <= 1:
                errors.append(f"Numeric answer {n}: the weight must be between 0 % and 100 %.")
        if d["answers"] and max(a["fraction"] for a in d["answers"]) < 1 - 1e-6:
            errors.append("A numeric question needs one answer worth 100 %.")
    elif qtype == "short":
        if not d["answers"]:
            errors.append("A short-text question needs at least one accepted answer.")
        if any(not a["text"].strip() for a in d["answers"]):
            errors.append("Accepted answers cannot be empty.")
        if any(not 0 <= a["fraction"] <= 1 for a in d["answers"]):
            errors.append("Accepted answer weights must be between 0 % and 100 %.")
        if d["answers"] and max(a["fraction"] for a in d["answers"]) < 1 - 1e-6:
            errors.append("A short-text question needs one accepted answer worth 100 %.")
    elif qtype == "matching":
        if len(d["pairs"]) < 2:
            errors.append("A matching question needs at least two pairs.")
        if len(d["pairs"]) > MAX_ITEMS:
            errors.append(f"A matching question may have at most {MAX_ITEMS} pairs.")
        if any(not p["left"].strip() or not p["right"].strip() for p in d["pairs"]):
            errors.append("Every pair needs a text on both sides.")
    elif qtype == "ordering":
        if len(d["items"]) < 2:
            errors.append("An ordering question needs at least two items.")
        if len(d["items"]) > MAX_ITEMS:
            errors.append(f"An ordering question may have at most {MAX_ITEMS} items.")
        if any(not it["text"].strip() for it in d["items"]):
            errors.append("Every item needs a text.")
        texts = [it["text"] for it in d["items"]]
        if len(set(texts)) != len(texts):
            errors.append("Items of an ordering question must all be different.")
    for url in dict.fromkeys(url for text in _texts(d) for url in external_images(text, d["format"])):
        errors.append(f"The image {url[:200]} is on another site: a learner's browser would contact that site. "
                      "Upload the image to ALMA Aula and use it from there, or remove it.")
    return errors


def _texts(value):
    """Every text of a question, wherever it sits (prompt, choices, feedback, pairs, items…)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in ("data", "data_result"):
                yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


# --- what a learner sees ------------------------------------------------------------


def shuffled_order(definition: dict, seed: int) -> list[str]:
    """The display order of choices / right-hand options / items for one attempt."""
    rng = random.Random(seed)
    qtype = definition.get("type")
    if qtype in ("single", "multiple"):
        ids = [c["id"] for c in definition.get("choices", [])]
        if definition.get("shuffle", True):
            rng.shuffle(ids)
        return ids
    if qtype == "matching":
        rights = right_options(definition)
        rng.shuffle(rights)
        return rights
    if qtype == "ordering":
        # Any permutation, the right order included: ruling the right order out gives the key away
        # (two items would always show reversed).
        ids = [it["id"] for it in definition.get("items", [])]
        rng.shuffle(ids)
        return ids
    return []


def right_options(definition: dict) -> list[str]:
    seen: list[str] = []
    for text in [p["right"] for p in definition.get("pairs", [])] + list(definition.get("distractors", [])):
        if text not in seen:
            seen.append(text)
    return sorted(seen, key=lambda t: fold(t))


def public_view(definition: dict, order: list[str] | None = None) -> dict:
    """The question as a learner sees it while answering: no weights, feedback or accepted answers."""
    d = definition
    qtype = d.get("type")
    view: dict[str, Any] = {"type": qtype, "prompt": d.get("prompt", ""), "format": d.get("format", "markdown"),
                            "points": d.get("points", 1.0)}
    order = list(order or [])
    if qtype in ("single", "multiple"):
        by_id = {c["id"]: c for c in d.get("choices", [])}
        ids = [i for i in order if i in by_id] or list(by_id)
        view["choices"] = [{"id": i, "text": by_id[i]["text"]} for i in ids]
    elif qtype == "numeric":
        view["unit"] = d.get("unit", "")
    elif qtype == "matching":
        view["prompts"] = [{"id": p["id"], "text": p["left"]} for p in d.get("pairs", [])]
        rights = [r for r in order if r in set(right_options(d))] or right_options(d)
        view["options"] = rights
    elif qtype == "ordering":
        by_id = {it["id"]: it for it in d.get("items", [])}
        ids = [i for i in order if i in by_id] or sorted(by_id)
        view["items"] = [{"id": i, "text": by_id[i]["text"]} for i in ids]
    return view


def _fmt_number(x: float) -> str:
    return f"{x:.10g}"


def correct_answer_text(definition: dict) -> list[str]:
    """The right answer(s) in words, for the review once the rules allow it."""
    d = definition
    qtype = d.get("type")
    if qtype in ("single", "multiple"):
        return [c["text"] for c in d.get("choices", []) if c.get("fraction", 0) > 0]
    if qtype == "truefalse":
        return ["True" if d.get("answer") else "False"]
    if qtype == "numeric":
        unit = f" {d['unit']}" if d.get("unit") else ""
        out = []
        for a in d.get("answers", []):
            if a.get("fraction", 0) < 1:
                continue
            if a.get("kind") == "range":
                out.append(f"{_fmt_number(a['min'])} – {_fmt_number(a['max'])}{unit}")
            elif a.get("tolerance"):
                tol = f"{_fmt_number(a['tolerance'] * 100)} %" if a.get("relative") else _fmt_number(a["tolerance"])
                out.append(f"{_fmt_number(a['value'])} ± {tol}{unit}")
            else:
                out.append(f"{_fmt_number(a['value'])}{unit}")
        return out
    if qtype == "short":
        return [a["text"] for a in d.get("answers", []) if a.get("fraction", 0) >= 1 and a.get("text") != "*"]
    if qtype == "matching":
        return [f"{p['left']} → {p['right']}" for p in d.get("pairs", [])]
    if qtype == "ordering":
        return [it["text"] for it in d.get("items", [])]
    return []


# --- answers --------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def parse_number(raw: str, unit: str = "") -> tuple[float | None, bool, str]:
    """Read a learner's number: ``(value, unit_given, error)``.

    Accepts ``480``, ``4.8e2``, ``0,6`` (decimal comma), ``80 000`` (spaced
    thousands) and an optional trailing unit equal to ``unit``.
    """
    text = raw.strip()[:MAX_ANSWER_CHARS]
    unit_given = False
    if unit:
        for candidate in (unit, unit.casefold()):
            if text.casefold().endswith(candidate.casefold()) and len(text) > len(candidate):
                text = text[: -len(candidate)].strip()
                unit_given = True
                break
    text = _SPACES.sub("", text)
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        return None, unit_given, "not-a-number"
    try:
        value = float(text)
    except (ValueError, OverflowError):
        return None, unit_given, "not-a-number"
    if not math.isfinite(value) or abs(value) > MAX_ABS_NUMBER:
        return None, unit_given, "too-large"
    return value, unit_given, ""


def clean_answer(definition: dict, raw: Any) -> Any:
    """Check ``raw`` has the shape this question expects; return it canonical or raise AnswerError.

    ``None`` (or an empty value) means "no answer" and is always accepted.
    """
    qtype = definition.get("type")
    if raw is None or raw == "" or raw == [] or raw == {}:
        return None
    if qtype == "single":
        ids = {c["id"] for c in definition.get("choices", [])}
        if not isinstance(raw, str) or raw not in ids:
            raise AnswerError(gettext_noop("Choose one of the options shown."))
        return raw
    if qtype == "multiple":
        ids = {c["id"] for c in definition.get("choices", [])}
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, (list, tuple)) or not all(isinstance(x, str) and x in ids for x in raw):
            raise AnswerError(gettext_noop("Choose among the options shown."))
        return sorted(set(raw))
    if qtype == "truefalse":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise AnswerError(gettext_noop("Answer true or false."))
    if qtype == "numeric":
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            raise AnswerError(gettext_noop("Write a number."))
        text = raw if isinstance(raw, str) else repr(raw)
        if len(text) > 100:
            raise AnswerError(gettext_noop("This answer is too long to be a number."))
        value, _unit, error = parse_number(text, definition.get("unit", ""))
        if error == "too-large":
            raise AnswerError(gettext_noop("This number is too large: write a number smaller than 10^15."))
        if error:
            raise AnswerError(gettext_noop("Write a number, such as 480 or 0.6 (a unit may follow)."))
        return text.strip()
    if qtype == "short":
        if not isinstance(raw, str):
            raise AnswerError(gettext_noop("Write your answer as text."))
        if len(raw) > MAX_ANSWER_CHARS:
            raise AnswerError(gettext_noop("Your answer is too long."))
        return raw.strip()
    if qtype == "matching":
        lefts = {p["id"] for p in definition.get("pairs", [])}
        rights = set(right_options(definition))
        if not isinstance(raw, dict) or not all(k in lefts and (v in rights or v in ("", None)) for k, v in raw.items()):
            raise AnswerError(gettext_noop("Match each item with one of the options shown."))
        return {k: v for k, v in raw.items() if v}
    if qtype == "ordering":
        ids = [it["id"] for it in definition.get("items", [])]
        if not isinstance(raw, (list, tuple)) or sorted(map(str, raw)) != sorted(ids):
            raise AnswerError(gettext_noop("Put every item in a position, each position once."))
        return list(raw)
    raise AnswerError(gettext_noop("This question cannot be answered."))


def answer_from_form(definition: dict, getlist, prefix: str) -> Any:
    """Read this question's answer from a submitted HTML form (works without JavaScript).

    ``getlist(name)`` returns the list of values posted under ``name`` (QueryDict.getlist).
    Field names: ``prefix`` for single/multiple/truefalse/numeric/short,
    ``prefix-<pair id>`` for matching, ``prefix-<item id>`` = position (1…n) for ordering.
    Raises AnswerError for a malformed post.
    """
    qtype = definition.get("type")
    if qtype == "multiple":
        return getlist(prefix)
    if qtype in ("single", "truefalse", "numeric", "short"):
        values = getlist(prefix)
        return values[-1] if values else None
    if qtype == "matching":
        out = {}
        for p in definition.get("pairs", []):
            values = getlist(f"{prefix}-{p['id']}")
            if values and values[-1]:
                out[p["id"]] = values[-1]
        return out
    if qtype == "ordering":
        positions = {}
        for it in definition.get("items", []):
            values = getlist(f"{prefix}-{it['id']}")
            if values and values[-1]:
                try:
                    positions[it["id"]] = int(values[-1])
                except ValueError:
                    raise AnswerError(gettext_noop("Give each item a position number.")) from None
        if not positions:
            return None
        n = len(definition.get("items", []))
        if len(positions) != n or sorted(positions.values()) != list(range(1, n + 1)):
            raise AnswerError(gettext_noop("Give every item a different position, from 1 to the number of items."))
        return [iid for iid, _pos in sorted(positions.items(), key=lambda kv: kv[1])]
    return None


def answer_text(definition: dict, answer: Any) -> list[str]:
    """A learner's own answer in words (for their review), whatever its shape; never raises."""
    try:
        qtype = definition.get("type")
        if answer is None:
            return []
        if qtype in ("single", "multiple"):
            chosen = [answer] if isinstance(answer, str) else list(answer) if isinstance(answer, (list, tuple)) else []
            return [c["text"] for c in definition.get("choices", []) if c["id"] in chosen]
        if qtype == "truefalse":
            return ["True" if answer in (True, "true") else "False"]
        if qtype in ("numeric", "short"):
            return [str(answer)]
        if qtype == "matching" and isinstance(answer, dict):
            return [f"{p['left']} → {answer[p['id']]}" for p in definition.get("pairs", []) if answer.get(p["id"])]
        if qtype == "ordering" and isinstance(answer, (list, tuple)):
            by_id = {it["id"]: it["text"] for it in definition.get("items", [])}
            return [by_id[i] for i in answer if i in by_id]
    except (AttributeError, KeyError, TypeError):
        pass
    return []
