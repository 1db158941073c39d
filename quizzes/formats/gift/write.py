"""Writing GIFT: ``parse(dump(questions))`` gives the same definitions."""

from __future__ import annotations

import re

from quizzes.formats import ParsedQuestion, properties_to_tags

_SPECIAL = re.compile(r"([\\~=#{}:])")


def escape(text: str) -> str:
    """GIFT-escape a text: control characters get a backslash; newlines become \\n."""
    return _SPECIAL.sub(r"\\\1", text or "").replace("\n", "\\n")


def _num(x: float) -> str:
    return repr(float(x))  # the shortest text that reads back as the same float


def _w(fraction: float) -> str:
    return f"%{fraction * 100:.10g}%"


def _fb(text: str) -> str:
    return f" #{escape(text)}" if text else ""


def dump_question(q: ParsedQuestion) -> str:
    d = q.definition
    fmt = d.get("format", "markdown")
    lines = []
    meta = []
    if q.external_id:
        meta.append(f"[id:{q.external_id}]")
    meta.extend(f"[tag:{tag}]" for tag in properties_to_tags(d, q.difficulty, q.outcome_codes[1:]))
    if meta:
        lines.append("// " + " ".join(meta))
    head = f"::{escape(q.title)}::[{fmt}]{escape(d['prompt'])} {{"
    t = d["type"]
    body: list[str] = []
    if t == "truefalse":
        fbs = ""
        if d.get("feedback_wrong") or d.get("feedback_right"):
            fbs = f"#{escape(d.get('feedback_wrong', ''))}#{escape(d.get('feedback_right', ''))}"
        body.append(("TRUE" if d["answer"] else "FALSE") + fbs)
    elif t in ("single", "multiple"):
        first_right = next((c for c in d["choices"] if c["fraction"] >= 1), None)
        for c in d["choices"]:
            # One '=' makes it single choice for Moodle; other full-credit choices are written ~%100%.
            if t == "single" and c is first_right:
                body.append(f"={escape(c['text'])}{_fb(c['feedback'])}")
            elif t == "single" and c["fraction"] == 0:
                body.append(f"~{escape(c['text'])}{_fb(c['feedback'])}")
            else:
                body.append(f"~{_w(c['fraction'])}{escape(c['text'])}{_fb(c['feedback'])}")
    elif t == "numeric":
        body.append("#")
        for a in d["answers"]:
            if a["kind"] == "range":
                value = f"{_num(a['min'])}..{_num(a['max'])}"
            else:
                tol = a["tolerance"] * abs(a["value"]) if a.get("relative") else a["tolerance"]
                value = f"{_num(a['value'])}:{_num(tol)}"
            body.append(f"={_w(a['fraction'])}{value}{_fb(a['feedback'])}")
        if d.get("incorrect_feedback"):
            body.append(f"~{_fb(d['incorrect_feedback']).strip()}")
    elif t == "short":
        for a in d["answers"]:
            body.append(f"={_w(a['fraction'])}{escape(a['text'])}{_fb(a['feedback'])}")
        if d.get("incorrect_feedback"):
            body.append(f"=%0%*{_fb(d['incorrect_feedback'])}")
    elif t == "matching":
        for p in d["pairs"]:
            body.append(f"={escape(p['left'])} -> {escape(p['right'])}")
        for extra in d.get("distractors", []):
            body.append(f"= -> {escape(extra)}")
    elif t == "ordering":
        for n, it in enumerate(d["items"], 1):
            body.append(f"={escape(it['text'])} -> {n}")
    # An essay's answer block is empty; its general feedback slot carries the rubric (read back as the rubric).
    general = d.get("rubric") if t == "essay" else d.get("general_feedback")
    if general:
        body.append(f"####{escape(general)}")
    lines.append(head)
    lines.extend("    " + b for b in body)
    lines.append("}")
    return "\n".join(lines)


def dump(questions: list[ParsedQuestion]) -> str:
    out = ["// Exported by ALMA Aula. Categories are learning outcome codes.", ""]
    current = None
    for q in questions:
        category = q.outcome_codes[0] if q.outcome_codes else (q.category.rstrip("/").rsplit("/", 1)[-1].strip()
                                                               if q.category else "")
        if category != current:
            out.append(f"$CATEGORY: $course$/top/{category or 'no-outcome'}")
            out.append("")
            current = category
        out.append(dump_question(q))
        out.append("")
    return "\n".join(out)
