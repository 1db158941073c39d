"""Scoring, pure: a question's definition and an answer in, points and feedback out.

No database, no Django: the same function scores a submitted attempt, an API
call and the property-based tests. ``score`` never raises, whatever the shape
of ``answer`` (a malformed answer scores 0), and always returns
``0 <= points <= max_points``.

Rules per type (``fraction`` is the share of the question's points earned):

* single: the chosen choice's weight, floored at 0.
* multiple: the sum of the chosen choices' weights (wrong choices carry
  negative weights, the penalty), clamped to 0…1.
* truefalse: 1 when the answer equals the key.
* numeric: the best weight among the accepted values / ranges the number falls
  in; a value matches ``value ± tolerance`` (absolute) or
  ``value ± |value| × tolerance`` (relative). When the question says
  ``unit_required``, a number without the unit scores 0.
* short: the best weight among the accepted answers that match after folding
  (case unless ``case_sensitive``; accents when ``fold_accents``); ``*`` is a
  wildcard, so ``*`` alone is a catch-all.
* matching: the share of left-hand items matched with their right-hand text.
* ordering: ``grading = "partial"``: the share of items in their right position;
  ``"all"``: 1 only for the exact order.
* cloze: each gap scored alone as Moodle's multianswer does (a choice gap as single or
  multiple; a short-text or number gap by the *first* accepted answer it matches, ``*`` matching
  anything), the question's share being the gaps' shares weighted by their weights.

``correct`` is true when the full points are earned.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from quizzes.definition import fold, parse_number


@dataclass(frozen=True)
class Result:
    points: float
    max_points: float
    correct: bool
    feedback: tuple[str, ...] = field(default_factory=tuple)  # specific to the answer given
    general_feedback: str = ""
    fraction: float = 0.0

    def as_dict(self) -> dict:
        return {"points": self.points, "max_points": self.max_points, "correct": self.correct,
                "fraction": self.fraction, "feedback": list(self.feedback), "general_feedback": self.general_feedback}


def _max_points(definition) -> float:
    value = definition.get("points", 1.0) if isinstance(definition, dict) else 1.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return 1.0
    return float(min(value, 1000.0))


def _weight(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return 0.0
    return float(value)


def _wildcard(pattern: str) -> re.Pattern:
    return re.compile("^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$", re.DOTALL)


def _fraction_and_feedback(d: dict, answer) -> tuple[float, list[str]]:
    qtype = d.get("type")
    if qtype == "single":
        for c in d.get("choices") or []:
            if isinstance(answer, str) and c.get("id") == answer:
                return _weight(c.get("fraction")), [c.get("feedback") or ""]
        return 0.0, []
    if qtype == "multiple":
        if isinstance(answer, str):
            answer = [answer]
        if not isinstance(answer, (list, tuple)):
            return 0.0, []
        chosen = {a for a in answer if isinstance(a, str)}
        total, feedback = 0.0, []
        for c in d.get("choices") or []:
            if c.get("id") in chosen:
                total += _weight(c.get("fraction"))
                feedback.append(c.get("feedback") or "")
        return total, feedback
    if qtype == "truefalse":
        if isinstance(answer, str) and answer.lower() in ("true", "false"):
            answer = answer.lower() == "true"
        if not isinstance(answer, bool):
            return 0.0, []
        right = answer == bool(d.get("answer"))
        return (1.0 if right else 0.0), [d.get("feedback_right" if right else "feedback_wrong") or ""]
    if qtype == "numeric":
        if isinstance(answer, bool) or not isinstance(answer, (str, int, float)):
            return 0.0, []
        text = answer if isinstance(answer, str) else repr(answer)
        unit = d.get("unit") or ""
        value, unit_given, error = parse_number(text[:200], unit if isinstance(unit, str) else "")
        if error or value is None:
            return 0.0, []
        if d.get("unit_required") and unit and not unit_given:
            return 0.0, [d.get("incorrect_feedback") or ""]
        best, best_feedback = None, None
        for a in d.get("answers") or []:
            if not isinstance(a, dict):
                continue
            if a.get("kind") == "range":
                lo, hi = _weight(a.get("min")), _weight(a.get("max"))
                hit = lo <= value <= hi
            else:
                target, tol = _weight(a.get("value")), abs(_weight(a.get("tolerance")))
                if a.get("relative"):
                    tol = abs(target) * tol
                hit = abs(value - target) <= tol + 1e-9 * max(1.0, abs(target))
            w = _weight(a.get("fraction"))
            if hit and (best is None or w > best):
                best, best_feedback = w, a.get("feedback") or ""
        if best is None:
            return 0.0, [d.get("incorrect_feedback") or ""]
        return best, [best_feedback]
    if qtype == "short":
        if not isinstance(answer, str):
            return 0.0, []
        opts = {"case_sensitive": bool(d.get("case_sensitive")), "fold_accents": bool(d.get("fold_accents"))}
        given = fold(answer[:2000], **opts)
        if not given:
            return 0.0, []
        best, best_feedback = None, None
        for a in d.get("answers") or []:
            if not isinstance(a, dict) or not isinstance(a.get("text"), str):
                continue
            pattern = fold(a["text"], **opts)
            hit = bool(_wildcard(pattern).match(given)) if "*" in pattern else pattern == given
            w = _weight(a.get("fraction"))
            if hit and (best is None or w > best):
                best, best_feedback = w, a.get("feedback") or ""
        if best is None:
            return 0.0, [d.get("incorrect_feedback") or ""]
        return best, [best_feedback]
    if qtype == "matching":
        pairs = [p for p in d.get("pairs") or [] if isinstance(p, dict)]
        if not isinstance(answer, dict) or not pairs:
            return 0.0, []
        right = sum(1 for p in pairs if answer.get(p.get("id")) == p.get("right"))
        return right / len(pairs), []
    if qtype == "cloze":
        return _cloze(d, answer)
    if qtype == "ordering":
        items = [it.get("id") for it in d.get("items") or [] if isinstance(it, dict)]
        if not isinstance(answer, (list, tuple)) or not items:
            return 0.0, []
        if d.get("grading") == "all":
            return (1.0 if list(answer) == items else 0.0), []
        right = sum(1 for i, iid in enumerate(items) if i < len(answer) and answer[i] == iid)
        return right / len(items), []
    return 0.0, []


def _gap(gap: dict, given) -> tuple[float, str]:
    """One cloze gap: its share and the feedback of the answer it matched."""
    if gap.get("kind") == "choice":
        chosen = {given} if isinstance(given, str) else {g for g in given if isinstance(g, str)} \
            if isinstance(given, (list, tuple)) else set()
        picked = [c for c in gap.get("choices") or [] if c.get("id") in chosen]
        if not gap.get("multiple"):
            picked = picked[:1]
        return sum(_weight(c.get("fraction")) for c in picked), " ".join(c.get("feedback") or "" for c in picked).strip()
    if not isinstance(given, str) or not given.strip():
        return 0.0, ""
    for a in gap.get("answers") or []:
        if not isinstance(a, dict):
            continue
        if gap.get("kind") == "numeric":
            if a.get("value") is None:
                hit = True
            else:
                value, _unit, error = parse_number(given[:200])
                target = _weight(a.get("value"))
                hit = not error and abs(value - target) <= abs(_weight(a.get("tolerance"))) + 1e-9 * max(1.0, abs(target))
        else:
            opts = {"case_sensitive": bool(gap.get("case_sensitive")), "fold_accents": False}
            pattern, text = fold(str(a.get("text") or ""), **opts), fold(given[:2000], **opts)
            hit = bool(_wildcard(pattern).match(text)) if "*" in pattern else pattern == text
        if hit:
            return _weight(a.get("fraction")), a.get("feedback") or ""
    return 0.0, ""


def gap_shares(definition, answer) -> list[float]:
    """A cloze question's share earned in each gap (0…1), in order; never raises."""
    try:
        answer = answer if isinstance(answer, dict) else {}
        return [min(1.0, max(0.0, _gap(g, answer.get(str(n)))[0]))
                for n, g in enumerate(definition.get("gaps") or [], 1) if isinstance(g, dict)]
    except Exception:  # noqa: BLE001 — as score: a malformed definition or answer earns nothing
        return []


def _cloze(d: dict, answer) -> tuple[float, list[str]]:
    gaps = [g for g in d.get("gaps") or [] if isinstance(g, dict)]
    answer = answer if isinstance(answer, dict) else {}
    total = sum(max(0.0, _weight(g.get("weight"))) for g in gaps)
    if total <= 0:
        return 0.0, []
    earned, feedback = 0.0, []
    for n, gap in enumerate(gaps, 1):
        share, text = _gap(gap, answer.get(str(n)))
        earned += max(0.0, _weight(gap.get("weight"))) * min(1.0, max(0.0, share))
        if text:
            feedback.append(f"({n}) {text}")
    return earned / total, feedback


def score(definition, answer) -> Result:
    """Score ``answer`` against ``definition``. Never raises; 0 <= points <= max_points."""
    max_points = _max_points(definition)
    if not isinstance(definition, dict):
        return Result(0.0, max_points, False)
    general = definition.get("general_feedback") if isinstance(definition.get("general_feedback"), str) else ""
    try:
        fraction, feedback = _fraction_and_feedback(definition, answer)
    except Exception:  # noqa: BLE001 — a malformed definition or answer scores 0, never a 500
        fraction, feedback = 0.0, []
    if not math.isfinite(fraction):
        fraction = 0.0
    fraction = min(1.0, max(0.0, fraction))
    points = round(fraction * max_points, 6)
    points = min(max_points, max(0.0, points))
    return Result(
        points=points,
        max_points=max_points,
        correct=fraction >= 1.0 - 1e-9,
        feedback=tuple(f for f in feedback if isinstance(f, str) and f),
        general_feedback=general,
        fraction=round(fraction, 6),
    )
