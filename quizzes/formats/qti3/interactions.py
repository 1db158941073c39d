"""Each supported interaction read into an ALMA definition. Pure."""

from __future__ import annotations

from quizzes import definition as qdef
from quizzes.formats.qti3.item import SUPPORTED, ItemReader, Skip, local_name, number, qname


def _mapping(rd) -> list[tuple[str, float, bool]]:
    mapping = rd.find(qname("qti-mapping"))
    if mapping is None:
        return []
    return [(e.get("map-key", ""), number(e.get("mapped-value"), "mapping"), e.get("case-sensitive", "true") == "true")
            for e in mapping.iter(qname("qti-map-entry"))]


def _correct(rd) -> list[str]:
    return [(v.text or "").strip() for v in rd.iterfind(f"{qname('qti-correct-response')}/{qname('qti-value')}")]


def _choice(item: ItemReader, interaction, rd) -> dict:
    choices = list(interaction.iter(qname("qti-simple-choice")))
    ids = [c.get("identifier", "") for c in choices]
    correct, mapping = _correct(rd), {k: v for k, v, _ in _mapping(rd)}
    single = rd.get("cardinality") == "single"
    d = {"prompt": item.prompt(interaction), "general_feedback": item.general()}
    if single and sorted(ids) == ["FALSE", "TRUE"] and len(correct) == 1:
        right = correct[0]
        wrong = "FALSE" if right == "TRUE" else "TRUE"
        return d | {"type": "truefalse", "answer": right == "TRUE", "feedback_right": item.fb(right),
                    "feedback_wrong": item.fb(wrong)}
    if mapping:
        fractions = [mapping.get(i, 0.0) for i in ids]
    elif single:
        fractions = [1.0 if i in correct else 0.0 for i in ids]
    else:
        right = [i for i in ids if i in correct]
        fractions = [1 / len(right) if i in correct else (-1 / len(right) if right else 0.0) for i in ids]
    top = max(fractions or [0.0])
    if item.points() is None and top > 1:
        d["points"], fractions = top, [f / top for f in fractions]
    d["choices"] = [{"id": item.ident(i), "text": item.text(f"choice:{i}", c, skip={"qti-feedback-inline"}),
                     "fraction": f, "feedback": item.fb(i)} for i, c, f in zip(ids, choices, fractions)]
    d["shuffle"] = interaction.get("shuffle", "false") == "true"
    d["type"] = "single" if single else "multiple"
    return d


def _numeric(item: ItemReader, interaction, rd) -> dict:
    d = {"type": "numeric", "prompt": item.prompt(interaction), "general_feedback": item.general(), "answers": []}
    for test, fraction, feedback in item.chain():
        answer = {"fraction": 1.0 if fraction is None else fraction, "feedback": item.fb(feedback) if feedback else ""}
        values = [number(v.text, item.where) for v in test.iter(qname("qti-base-value"))]
        if local_name(test) == "qti-equal" and len(values) == 1:
            mode = test.get("tolerance-mode", "exact")
            tolerance = number((test.get("tolerance") or "0").split()[0], item.where) if mode != "exact" else 0.0
            if mode == "relative":
                tolerance = float(f"{tolerance / 100:.12g}")
            d["answers"].append(answer | {"kind": "exact", "value": values[0], "tolerance": tolerance,
                                          "relative": mode == "relative"})
        elif local_name(test) == "qti-and" and len(values) == 2:
            d["answers"].append(answer | {"kind": "range", "min": min(values), "max": max(values)})
        else:
            raise Skip(f"{item.where}: a numeric condition of the form {local_name(test)} is not supported")
    if d["answers"]:
        d["incorrect_feedback"] = item.fb("INCORRECT")
    else:
        d["answers"] = [{"kind": "exact", "value": number(v, item.where), "tolerance": 0.0, "fraction": 1.0}
                        for v in _correct(rd)[:1]]
    return d


def _short(item: ItemReader, interaction, rd) -> dict:
    d = {"type": "short", "prompt": item.prompt(interaction), "general_feedback": item.general(), "answers": []}
    branches = item.chain()
    if branches and all(local_name(test) == "qti-string-match" for test, _f, _fb in branches):
        for test, fraction, feedback in branches:
            value = test.find(qname("qti-base-value"))
            d["answers"].append({"text": value.text or "" if value is not None else "",
                                 "fraction": 1.0 if fraction is None else fraction,
                                 "feedback": item.fb(feedback) if feedback else ""})
        d["case_sensitive"] = branches[0][0].get("case-sensitive", "true") == "true"
        d["incorrect_feedback"] = item.fb("INCORRECT")
        return d
    entries = _mapping(rd)
    if entries:
        top = max(v for _, v, _ in entries) or 1.0
        d["answers"] = [{"text": k, "fraction": v / top} for k, v, _ in entries if v > 0]
        d["case_sensitive"] = any(case for _, _, case in entries)
    else:
        d["answers"] = [{"text": v, "fraction": 1.0} for v in _correct(rd)]
        d["case_sensitive"] = True
    return d


def _matching(item: ItemReader, interaction, rd) -> dict:
    sets = list(interaction.iter(qname("qti-simple-match-set")))
    if len(sets) != 2:
        raise Skip(f"{item.where}: a match interaction needs two match sets")
    lefts = list(sets[0].iter(qname("qti-simple-associable-choice")))
    rights = {c.get("identifier", ""): c for c in sets[1].iter(qname("qti-simple-associable-choice"))}
    pairs = [tuple(v.split()) for v in _correct(rd)] or [tuple(k.split()) for k, v, _ in _mapping(rd) if v > 0]
    target = {}
    for pair in pairs:
        if len(pair) == 2:
            target.setdefault(pair[0], pair[1])
    right_text = {i: item.text(f"right:{i}", c) for i, c in rights.items()}
    d = {"type": "matching", "prompt": item.prompt(interaction), "general_feedback": item.general(), "pairs": []}
    for left in lefts:
        identifier = left.get("identifier", "")
        if target.get(identifier) not in right_text:
            raise Skip(f"{item.where}: left item {identifier[:40]} has no right answer")
        d["pairs"].append({"id": item.ident(identifier), "left": item.text(f"left:{identifier}", left),
                           "right": right_text[target[identifier]]})
    used = set(target.values())
    d["distractors"] = [text for i, text in right_text.items() if i not in used]
    return d


def _ordering(item: ItemReader, interaction, rd) -> dict:
    choices = {c.get("identifier", ""): c for c in interaction.iter(qname("qti-simple-choice"))}
    order = [i for i in _correct(rd) if i in choices]
    if len(order) != len(choices):
        raise Skip(f"{item.where}: the correct order does not name every item")
    return {"type": "ordering", "prompt": item.prompt(interaction), "general_feedback": item.general(),
            "items": [{"id": item.ident(i), "text": item.text(f"item:{i}", choices[i])} for i in order],
            "grading": "all"}


def _definition(item: ItemReader) -> dict:
    if item.body is None:
        raise Skip(f"{item.where}: the item has no body")
    found = [e for e in item.body.iter() if local_name(e).endswith("-interaction")]
    if len(found) != 1 or local_name(found[0]) not in SUPPORTED:
        kinds = ", ".join(sorted({local_name(e) for e in found})) or "no interaction"
        raise Skip(f"{item.where}: {kinds} — ALMA holds items with one choice, text entry, match or order "
                    "interaction; skipped")
    interaction = found[0]
    rd = item.declaration(interaction)
    kind = local_name(interaction)
    if kind == "qti-choice-interaction":
        d = _choice(item, interaction, rd)
    elif kind == "qti-text-entry-interaction":
        if rd.get("base-type") in ("float", "integer"):
            d = _numeric(item, interaction, rd)
        elif rd.get("base-type") == "string":
            d = _short(item, interaction, rd)
        else:
            raise Skip(f"{item.where}: a text entry of base type {rd.get('base-type', '')[:20]} is not supported")
    elif kind == "qti-match-interaction":
        d = _matching(item, interaction, rd)
    else:
        d = _ordering(item, interaction, rd)
    points = item.points()
    if points is not None:
        d["points"] = points
    return d


def read_item(root, sidecar: dict | None, warnings: list, where: str) -> dict:
    """The definition of one item (QTI 3 names); raises Skip or Bad."""
    if sidecar and sidecar.get("alma") == 1:
        item = ItemReader(root, sidecar, True, warnings, where)
        d = _definition(item)
        if not item.mismatch:
            d["format"] = sidecar.get("format", "markdown")
            extra = sidecar.get("extra") or {}
            d.update({k: v for k, v in extra.items() if k in ("fold_accents", "unit", "unit_required", "grading",
                                                              "data", "data_result")})
            return qdef.normalise(d)
        warnings.append((root.sourceline or 0, f"{where}: the item was edited after ALMA wrote it; its texts are "
                                               "read as HTML."))
    item = ItemReader(root, sidecar, False, warnings, where)
    d = _definition(item)
    d["format"] = "html"
    return qdef.normalise(d)
