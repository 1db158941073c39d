"""What a learner sees of a definition, and a learner's answers checked against it."""

from __future__ import annotations

import math
import random
import re
from typing import Any

from quizzes.definition.shape import (
    MAX_ABS_NUMBER, MAX_ANSWER_CHARS, MAX_ESSAY_CHARS, AnswerError, fold, gettext_noop,
)

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
    if qtype == "cloze":  # every choice gap's ids, each gap shuffled when it says so
        out = []
        for gap in definition.get("gaps", []):
            ids = [c["id"] for c in gap.get("choices", [])]
            if gap.get("shuffle"):
                rng.shuffle(ids)
            out += ids
        return out
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
    elif qtype == "essay":  # the rubric is the grader's: never in the learner's view
        view["min_words"], view["max_words"] = d.get("min_words"), d.get("max_words")
    elif qtype == "matching":
        view["prompts"] = [{"id": p["id"], "text": p["left"]} for p in d.get("pairs", [])]
        rights = [r for r in order if r in set(right_options(d))] or right_options(d)
        view["options"] = rights
    elif qtype == "ordering":
        by_id = {it["id"]: it for it in d.get("items", [])}
        ids = [i for i in order if i in by_id] or sorted(by_id)
        view["items"] = [{"id": i, "text": by_id[i]["text"]} for i in ids]
    elif qtype == "cloze":
        position = {cid: n for n, cid in enumerate(order)}
        view["gaps"] = []
        for n, gap in enumerate(d.get("gaps", []), 1):
            g = {"n": n, "kind": gap["kind"]}
            if gap["kind"] == "choice":
                choices = sorted(gap["choices"], key=lambda c: position.get(c["id"], len(position)))
                g.update(multiple=gap.get("multiple", False), display=gap.get("display", "dropdown"),
                         choices=[{"id": c["id"], "text": c["text"]} for c in choices])
            view["gaps"].append(g)
    return view


def word_count(text: str) -> int:
    """Words in an essay answer, as Moodle's count_words counts them (runs of non-space)."""
    return len(text.split()) if isinstance(text, str) else 0


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
    if qtype == "cloze":
        return [f"({n}) " + " / ".join(_gap_right(gap)) for n, gap in enumerate(d.get("gaps", []), 1)]
    return []


def _gap_right(gap: dict) -> list[str]:
    if gap["kind"] == "choice":
        return [c["text"] for c in gap["choices"] if c["fraction"] >= (1 if not gap.get("multiple") else 1e-9)]
    if gap["kind"] == "short":
        return [a["text"] for a in gap["answers"] if a["fraction"] >= 1 and a["text"] != "*"]
    return [(_fmt_number(a["value"]) + (f" ± {_fmt_number(a['tolerance'])}" if a["tolerance"] else ""))
            for a in gap["answers"] if a["fraction"] >= 1 and a["value"] is not None]


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
    if qtype in ("short", "essay"):
        if not isinstance(raw, str):
            raise AnswerError(gettext_noop("Write your answer as text."))
        if len(raw) > (MAX_ESSAY_CHARS if qtype == "essay" else MAX_ANSWER_CHARS):
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
    if qtype == "cloze":
        return _clean_cloze(definition, raw)
    raise AnswerError(gettext_noop("This question cannot be answered."))


def _clean_cloze(definition: dict, raw: Any) -> dict | None:
    """A cloze answer: ``{"1": choice id | [choice ids] | text, …}`` by gap number; empty gaps dropped."""
    gaps = definition.get("gaps", [])
    if not isinstance(raw, dict) or not all(isinstance(k, str) and k.isdigit() and 0 < int(k) <= len(gaps) for k in raw):
        raise AnswerError(gettext_noop("Answer the gaps of this question."))
    out = {}
    for key, value in raw.items():
        gap = gaps[int(key) - 1]
        if value is None or value == "" or value == []:
            continue
        if gap["kind"] == "choice":
            ids = {c["id"] for c in gap["choices"]}
            if gap.get("multiple"):
                value = [value] if isinstance(value, str) else value
                if not isinstance(value, (list, tuple)) or not all(isinstance(x, str) and x in ids for x in value):
                    raise AnswerError(gettext_noop("Choose among the options shown."))
                value = sorted(set(value))
            elif not isinstance(value, str) or value not in ids:
                raise AnswerError(gettext_noop("Choose one of the options shown."))
        elif not isinstance(value, str):
            raise AnswerError(gettext_noop("Write your answer as text."))
        elif len(value) > MAX_ANSWER_CHARS:
            raise AnswerError(gettext_noop("Your answer is too long."))
        elif gap["kind"] == "numeric" and parse_number(value)[2] and not any(a["value"] is None for a in gap["answers"]):
            raise AnswerError(gettext_noop("Write a number in each number gap, such as 480 or 0.6."))
        out[key] = value.strip() if isinstance(value, str) else value
    return out or None


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
    if qtype in ("single", "truefalse", "numeric", "short", "essay"):
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
    if qtype == "cloze":  # one field per gap: prefix-g<n>
        out = {}
        for n, gap in enumerate(definition.get("gaps", []), 1):
            values = getlist(f"{prefix}-g{n}")
            multiple = gap["kind"] == "choice" and gap.get("multiple")
            if values and (multiple or values[-1]):
                out[str(n)] = values if multiple else values[-1]
        return out
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
        if qtype in ("numeric", "short", "essay"):
            return [str(answer)]
        if qtype == "matching" and isinstance(answer, dict):
            return [f"{p['left']} → {answer[p['id']]}" for p in definition.get("pairs", []) if answer.get(p["id"])]
        if qtype == "ordering" and isinstance(answer, (list, tuple)):
            by_id = {it["id"]: it["text"] for it in definition.get("items", [])}
            return [by_id[i] for i in answer if i in by_id]
        if qtype == "cloze" and isinstance(answer, dict):
            out = []
            for n, gap in enumerate(definition.get("gaps", []), 1):
                given = answer.get(str(n))
                if given in (None, "", []):
                    continue
                if gap["kind"] == "choice":
                    chosen = [given] if isinstance(given, str) else list(given)
                    given = " / ".join(c["text"] for c in gap["choices"] if c["id"] in chosen)
                out.append(f"({n}) {given}")
            return out
    except (AttributeError, KeyError, TypeError):
        pass
    return []
