"""The rules Moodle's ``qformat_xml`` (question/format/xml/format.php) and its question types apply when they read
a file, as a checker: ``problems(data)`` lists what Moodle would refuse or misread (for instance an ordering
``<gradingtype>-1</gradingtype>``: qtype_ordering reads names only and falls back to its default).
tests/quizzes/test_corpus.py runs it on the third-party corpus and on every ALMA export."""

from __future__ import annotations

import base64
import binascii

from defusedxml import ElementTree

TEXT_FORMATS = {"html", "moodle_auto_format", "plain_text", "markdown"}
GRADING_NAMES = {"ALL_OR_NOTHING", "ABSOLUTE_POSITION", "ABSOLUTE", "ABS", "RELATIVE_NEXT_EXCLUDE_LAST",
                 "RELATIVE_NEXT_INCLUDE_LAST", "RELATIVE_ONE_PREVIOUS_AND_NEXT", "RELATIVE_ALL_PREVIOUS_AND_NEXT",
                 "LONGEST_ORDERED_SUBSET", "LONGEST_CONTIGUOUS_SUBSET", "RELATIVE_TO_CORRECT", "RELATIVE", "REL"}
SELECT_NAMES = {"ALL", "EXACT", "RANDOM", "REL", "CONTIGUOUS", "CONTIG"}


def _text(node, tag):
    child = node.find(tag)
    if child is None:
        return None
    inner = child.find("text")
    return (inner.text or "") if inner is not None else (child.text or "")


def problems(data: bytes | str) -> list[str]:
    out = []
    root = ElementTree.fromstring(data.encode("utf-8") if isinstance(data, str) else data)
    if root.tag != "quiz":
        return ["the root element is not <quiz>"]
    for n, q in enumerate(root, 1):
        where = f"question {n}"
        if q.tag != "question":
            out.append(f"{where}: <{q.tag}> inside <quiz>")
            continue
        qtype = q.get("type")
        if not qtype:
            out.append(f"{where}: no type attribute")
            continue
        if qtype == "category":
            if not (_text(q, "category") or "").strip():
                out.append(f"{where}: a category without a path")
            continue
        if _text(q, "name") is None:
            out.append(f"{where}: no <name><text>")
        if _text(q, "questiontext") is None:
            out.append(f"{where}: no <questiontext><text>")
        for element in q.iter():
            fmt = element.get("format")
            if fmt is not None and element.tag != "answer" and fmt not in TEXT_FORMATS:
                out.append(f"{where}: text format '{fmt}' is not one Moodle knows")
        files = {}
        for element in q.iter("file"):
            try:
                base64.b64decode("".join((element.text or "").split()), validate=True)
            except (binascii.Error, ValueError):
                out.append(f"{where}: <file> is not base64")
            files[element.get("name", "")] = True
        if any(not name for name in files):
            out.append(f"{where}: a <file> without a name")
        grade = q.findtext("defaultgrade")
        if grade is not None and grade.strip():
            try:
                float(grade)
            except ValueError:
                out.append(f"{where}: defaultgrade '{grade}' is not a number")
        for answer in q.findall("answer"):
            try:
                float(answer.get("fraction", "0"))
            except ValueError:
                out.append(f"{where}: answer fraction '{answer.get('fraction')}' is not a number")
            if answer.find("text") is None:
                out.append(f"{where}: an answer without <text>")
        if qtype == "multichoice" and (q.findtext("single") or "true").strip().lower() not in ("true", "false", "1", "0"):
            out.append(f"{where}: <single> must be true or false")
        if qtype == "truefalse":
            values = sorted((a.findtext("text") or "").strip().lower() for a in q.findall("answer"))
            if values != ["false", "true"]:
                out.append(f"{where}: a truefalse question needs the answers true and false")
        if qtype == "numerical":
            for tag, allowed in (("showunits", {"0", "1", "2", "3"}), ("unitgradingtype", {"0", "1", "2"}),
                                 ("unitsleft", {"0", "1"})):
                value = q.findtext(tag)
                if value is not None and value.strip() not in allowed:
                    out.append(f"{where}: <{tag}> {value} is not one of {sorted(allowed)}")
            required = (q.findtext("unitgradingtype") or "0").strip() in ("1", "2")
            if required and (q.findtext("showunits") or "3").strip() == "3":
                out.append(f"{where}: a graded unit with showunits 3 (units not shown)")
            for answer in q.findall("answer"):
                text = (answer.findtext("text") or "").strip()
                if text != "*":
                    try:
                        float(text)
                    except ValueError:
                        out.append(f"{where}: numerical answer '{text}' is not a number")
        if qtype == "matching":
            for sub in q.findall("subquestion"):
                if sub.find("answer") is None or sub.find("answer").find("text") is None:
                    out.append(f"{where}: a subquestion without <answer><text>")
        if qtype == "ordering":
            grading = (q.findtext("gradingtype") or "RELATIVE").strip().upper()
            if grading not in GRADING_NAMES:
                out.append(f"{where}: gradingtype '{grading}' is not a name Moodle reads (it would use its default)")
            select = (q.findtext("selecttype") or "RANDOM").strip().upper()
            if select not in SELECT_NAMES:
                out.append(f"{where}: selecttype '{select}' is not a name Moodle reads (it would use its default)")
            if not (q.findtext("selectcount") or "6").strip().lstrip("-").isdigit():
                out.append(f"{where}: selectcount is not a number")
    return out
