"""Writing Moodle XML that Moodle 4 imports (categories are learning outcome codes)."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from quizzes.formats import ParsedQuestion, properties_to_tags
from quizzes.formats.moodle_xml import cloze

FORMATS_OUT = {"html": "html", "markdown": "markdown", "plain": "plain_text"}


def _t(tag: str, text: str, fmt: str | None = None, indent: str = "    ") -> str:
    attr = f" format={quoteattr(fmt)}" if fmt else ""
    return f"{indent}<{tag}{attr}><text>{xml_escape(text or '')}</text></{tag}>"


def _n(x: float) -> str:
    return f"{x:.15g}"


def dump(questions: list[ParsedQuestion]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<!-- Exported by ALMA Aula. Categories are learning outcome codes. -->",
           "<quiz>"]
    current = None
    for q in questions:
        category = q.outcome_codes[0] if q.outcome_codes else ""
        if category != current:
            out += ['  <question type="category">',
                    f"    <category><text>$course$/top/{xml_escape(category or 'no-outcome')}</text></category>",
                    "  </question>"]
            current = category
        d = q.definition
        fmt = FORMATS_OUT.get(d.get("format", "markdown"), "markdown")
        t = d["type"]
        mtype = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse", "short": "shortanswer",
                 "numeric": "numerical", "matching": "matching", "ordering": "ordering", "cloze": "cloze"}[t]
        out.append(f'  <question type="{mtype}">')
        out.append(_t("name", q.title))
        out.append(_t("questiontext", cloze.question_text(d) if t == "cloze" else d["prompt"], fmt))
        out.append(_t("generalfeedback", d.get("general_feedback", ""), fmt))
        out.append(f"    <defaultgrade>{_n(d.get('points', 1.0))}</defaultgrade>")
        out.append(f"    <idnumber>{xml_escape(q.external_id)}</idnumber>")

        def answer(fraction, text, feedback="", extra=""):
            return (f'    <answer fraction="{fraction * 100:.10g}" format={quoteattr(fmt)}><text>{xml_escape(text)}</text>'
                    f"<feedback format={quoteattr(fmt)}><text>{xml_escape(feedback or '')}</text></feedback>{extra}</answer>")

        if t in ("single", "multiple"):
            out.append(f"    <single>{'true' if t == 'single' else 'false'}</single>")
            out.append(f"    <shuffleanswers>{1 if d.get('shuffle', True) else 0}</shuffleanswers>")
            out += [answer(c["fraction"], c["text"], c["feedback"]) for c in d["choices"]]
        elif t == "truefalse":
            right, wrong = ("true", "false") if d["answer"] else ("false", "true")
            out.append(answer(1, right, d.get("feedback_right", "")))
            out.append(answer(0, wrong, d.get("feedback_wrong", "")))
        elif t == "short":
            out.append(f"    <usecase>{1 if d.get('case_sensitive') else 0}</usecase>")
            out += [answer(a["fraction"], a["text"], a["feedback"]) for a in d["answers"]]
            if d.get("incorrect_feedback"):
                out.append(answer(0, "*", d["incorrect_feedback"]))
        elif t == "numeric":
            for a in d["answers"]:
                if a["kind"] == "range":
                    # Moodle has no range: its midpoint with half the width as tolerance is the same set.
                    mid, half = (a["min"] + a["max"]) / 2, (a["max"] - a["min"]) / 2
                    out.append(answer(a["fraction"], _n(mid), a["feedback"], f"<tolerance>{_n(half)}</tolerance>"))
                else:
                    tol = a["tolerance"] * abs(a["value"]) if a.get("relative") else a["tolerance"]
                    out.append(answer(a["fraction"], _n(a["value"]), a["feedback"], f"<tolerance>{_n(tol)}</tolerance>"))
            if d.get("incorrect_feedback"):
                out.append(answer(0, "*", d["incorrect_feedback"], "<tolerance>0</tolerance>"))
            if d.get("unit"):
                out.append(f"    <units><unit><multiplier>1</multiplier><unit_name>{xml_escape(d['unit'])}</unit_name></unit></units>")
                out.append(f"    <unitgradingtype>{1 if d.get('unit_required') else 0}</unitgradingtype>")
                out.append("    <showunits>3</showunits>")
        elif t == "matching":
            for p in d["pairs"]:
                out.append(f"    <subquestion format={quoteattr(fmt)}><text>{xml_escape(p['left'])}</text>"
                           f"<answer><text>{xml_escape(p['right'])}</text></answer></subquestion>")
            for extra in d.get("distractors", []):
                out.append(f"    <subquestion format={quoteattr(fmt)}><text></text><answer><text>{xml_escape(extra)}</text>"
                           "</answer></subquestion>")
        elif t == "ordering":
            out.append(f"    <gradingtype>{-1 if d.get('grading') == 'all' else 1}</gradingtype>")
            out += [answer(1, it["text"]) for it in d["items"]]
        tags = properties_to_tags(d, q.difficulty, q.outcome_codes[1:])
        if tags:
            out.append("    <tags>" + "".join(f"<tag><text>{xml_escape(tag)}</text></tag>" for tag in tags) + "</tags>")
        out.append("  </question>")
    out.append("</quiz>")
    return "\n".join(out) + "\n"
