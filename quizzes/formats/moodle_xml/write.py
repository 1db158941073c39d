"""Writing Moodle XML that Moodle 4 imports (categories are learning outcome codes)."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from quizzes.formats import ParsedQuestion, properties_to_tags
from quizzes.formats.images import embed_files
from quizzes.formats.ordering import grading_out, select_out
from quizzes.formats.moodle_xml import cloze

FORMATS_OUT = {"html": "html", "markdown": "markdown", "plain": "plain_text"}


def _t(tag: str, text: str, fmt: str | None = None, indent: str = "    ", images: dict | None = None) -> str:
    attr = f" format={quoteattr(fmt)}" if fmt else ""
    text, files = embed_files(text or "", images or {})
    return f"{indent}<{tag}{attr}><text>{xml_escape(text)}</text>{files}</{tag}>"


def _n(x: float) -> str:
    return repr(float(x))  # the shortest text that reads back as the same float


def _mid_half(low: float, high: float) -> tuple[str, str]:
    """A range as Moodle's value ± tolerance, in decimal so that reading it back gives the same bounds."""
    lo, hi = Decimal(repr(float(low))), Decimal(repr(float(high)))
    return _plain((lo + hi) / 2), _plain((hi - lo) / 2)


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text if text not in ("-0", "") else "0"


def dump(questions: list[ParsedQuestion]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<!-- Exported by ALMA Aula. Categories are learning outcome codes. -->",
           "<quiz>"]
    current = None
    for q in questions:
        category = q.outcome_codes[0] if q.outcome_codes else (q.category.rstrip("/").rsplit("/", 1)[-1].strip()
                                                               if q.category else "")
        if category != current:
            out += ['  <question type="category">',
                    f"    <category><text>$course$/top/{xml_escape(category or 'no-outcome')}</text></category>",
                    "  </question>"]
            current = category
        d = q.definition
        fmt = FORMATS_OUT.get(d.get("format", "markdown"), "markdown")
        t = d["type"]
        mtype = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse", "short": "shortanswer",
                 "numeric": "numerical", "matching": "matching", "ordering": "ordering", "cloze": "cloze",
                 "essay": "essay"}[t]
        out.append(f'  <question type="{mtype}">')
        out.append(_t("name", q.title))
        images = q.embedded
        out.append(_t("questiontext", cloze.question_text(d) if t == "cloze" else d["prompt"], fmt, images=images))
        out.append(_t("generalfeedback", d.get("general_feedback", ""), fmt, images=images))
        out.append(f"    <defaultgrade>{_n(d.get('points', 1.0))}</defaultgrade>")
        out.append(f"    <idnumber>{xml_escape(q.external_id)}</idnumber>")

        def answer(fraction, text, feedback="", extra="", images=images):
            text, files = embed_files(text, images)
            feedback, feedback_files = embed_files(feedback or "", images)
            return (f'    <answer fraction="{fraction * 100:.10g}" format={quoteattr(fmt)}><text>{xml_escape(text)}</text>{files}'
                    f"<feedback format={quoteattr(fmt)}><text>{xml_escape(feedback)}</text>{feedback_files}</feedback>"
                    f"{extra}</answer>")

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
                    # Moodle has no range: its midpoint with half the width as tolerance is the same set
                    # (the tag range-N tells ALMA to read answer N back as a range).
                    mid, half = _mid_half(a["min"], a["max"])
                    out.append(answer(a["fraction"], mid, a["feedback"], f"<tolerance>{half}</tolerance>"))
                else:
                    tol = a["tolerance"] * abs(a["value"]) if a.get("relative") else a["tolerance"]
                    out.append(answer(a["fraction"], _n(a["value"]), a["feedback"], f"<tolerance>{_n(tol)}</tolerance>"))
            if d.get("incorrect_feedback"):
                out.append(answer(0, "*", d["incorrect_feedback"], "<tolerance>0</tolerance>"))
            # Moodle: showunits 0 is a text box for the unit, 3 means units are not used; unitgradingtype 1
            # grades the unit (a wrong or missing unit costs unitpenalty: ALMA gives no credit, so 1).
            if d.get("unit"):
                out.append(f"    <units><unit><multiplier>1</multiplier><unit_name>{xml_escape(d['unit'])}</unit_name></unit></units>")
            required = bool(d.get("unit") and d.get("unit_required"))
            out.append(f"    <unitgradingtype>{1 if required else 0}</unitgradingtype>")
            out.append(f"    <unitpenalty>{1 if required else 0}</unitpenalty>")
            out.append(f"    <showunits>{0 if d.get('unit') else 3}</showunits>")
            out.append("    <unitsleft>0</unitsleft>")
        elif t == "matching":
            for p in d["pairs"]:
                left, files = embed_files(p["left"], images)
                out.append(f"    <subquestion format={quoteattr(fmt)}><text>{xml_escape(left)}</text>{files}"
                           f"<answer><text>{xml_escape(p['right'])}</text></answer></subquestion>")
            for extra in d.get("distractors", []):
                out.append(f"    <subquestion format={quoteattr(fmt)}><text></text><answer><text>{xml_escape(extra)}</text>"
                           "</answer></subquestion>")
        elif t == "ordering":
            # Names as Moodle's qtype_ordering writes and reads them; fraction is each item's position.
            out.append("    <layouttype>VERTICAL</layouttype>")
            out.append(f"    <selecttype>{select_out(d.get('select_type', 'all'))}</selecttype>")
            out.append(f"    <selectcount>{d.get('select_count', 0)}</selectcount>")
            out.append(f"    <gradingtype>{grading_out(d.get('grading', 'partial'))}</gradingtype>")
            out.append("    <showgrading>SHOW</showgrading>")
            out += [f'    <answer fraction="{n}" format={quoteattr(fmt)}><text>{xml_escape(it["text"])}</text></answer>'
                    for n, it in enumerate(d["items"], 1)]
        elif t == "essay":  # as Moodle's qtype_essay writes it: an online text, no attachments
            out += ["    <responseformat>editor</responseformat>", "    <responserequired>1</responserequired>",
                    "    <responsefieldlines>15</responsefieldlines>",
                    f"    <minwordlimit>{d.get('min_words') or ''}</minwordlimit>",
                    f"    <maxwordlimit>{d.get('max_words') or ''}</maxwordlimit>",
                    "    <attachments>0</attachments>", "    <attachmentsrequired>0</attachmentsrequired>",
                    _t("graderinfo", d.get("rubric", ""), fmt, images=images),
                    _t("responsetemplate", "", fmt)]
        tags = properties_to_tags(d, q.difficulty, q.outcome_codes[1:])
        if t == "numeric":
            tags += [f"range-{n}" for n, a in enumerate(d["answers"], 1) if a["kind"] == "range"]
        if tags:
            out.append("    <tags>" + "".join(f"<tag><text>{xml_escape(tag)}</text></tag>" for tag in tags) + "</tags>")
        out.append("  </question>")
    out.append("</quiz>")
    return "\n".join(out) + "\n"
