"""A definition's shape: its types and limits, ``normalise``, ``validate`` and data results."""

from __future__ import annotations

import unicodedata
from typing import Any

from alma.markdown import external_images
from quizzes.definition import cloze
from quizzes.definition.values import num as _num, opaque_id, text as _str


TYPES = ("single", "multiple", "truefalse", "numeric", "short", "matching", "ordering", "cloze", "essay")
MANUAL_TYPES = ("essay",)  # answered in the learner's own words and graded by a teacher, never automatically
FORMATS = ("markdown", "html", "plain")
TYPE_LABELS = {
    "single": "Single choice",
    "multiple": "Multiple choice",
    "truefalse": "True/false",
    "numeric": "Numeric",
    "short": "Short text",
    "matching": "Matching",
    "ordering": "Ordering",
    "cloze": "Cloze (embedded answers)",
    "essay": "Essay (graded by a teacher)",
}
MAX_TEXT = 20_000
MAX_ITEMS = 50
MAX_ANSWER_CHARS = 2_000
MAX_ESSAY_CHARS = 20_000
MAX_WORDS = 10_000
MAX_ABS_NUMBER = 1e15


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds it); translated where it is shown."""
    return message


class AnswerError(ValueError):
    """A learner's answer that cannot be saved; the message says what to fix."""


# --- helpers -------------------------------------------------------------------


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
        # Moodle's selecttype/selectcount (a subset of the items shown), kept for export when set.
        count = d.get("select_count")
        if d.get("select_type") in ("random", "contiguous") and isinstance(count, int) and not isinstance(count, bool) \
                and 0 < count < len(items):
            out["select_type"], out["select_count"] = d["select_type"], count
    elif qtype == "essay":
        out["rubric"] = _str(d.get("rubric"))
        for key in ("min_words", "max_words"):
            value = d.get(key)
            out[key] = value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
    elif qtype == "cloze":
        if "gaps" in d:
            out["gaps"] = cloze.normalise_gaps(d["gaps"])
        else:  # the author's cloze text: read its gaps (left unread when it has errors, for validate to list)
            try:
                template, gaps = cloze.parse(out["prompt"])
                out["prompt"], out["gaps"] = template, cloze.normalise_gaps(gaps)
            except cloze.ClozeError:
                pass
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
    if qtype == "cloze":
        errors += cloze.validate_gaps(d)
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
    elif qtype == "essay":
        if len(d["rubric"]) > MAX_TEXT:
            errors.append(f"The rubric is longer than {MAX_TEXT} characters.")
        for key in ("min_words", "max_words"):
            if d[key] is not None and d[key] > MAX_WORDS:
                errors.append(f"The {key.replace('_', ' ')} must be at most {MAX_WORDS}.")
        if d["min_words"] and d["max_words"] and d["min_words"] > d["max_words"]:
            errors.append("The minimum number of words is larger than the maximum.")
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
