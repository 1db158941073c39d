"""Cloze questions (Moodle's multianswer, ``<question type="cloze">``) in Moodle XML. Pure.

Moodle keeps a cloze question as its text with the gaps written in place
(``qformat_xml::import_multianswer`` reads ``<questiontext>`` with
``qtype_multianswer_extract_question``), so reading is parsing that text and writing is
writing the gaps back (``quizzes.definition.cloze``). Where Moodle takes the question's mark
from the sum of the gaps' weights, a ``<defaultgrade>`` in the file is kept as the points (as for
every other type, so a file ALMA wrote reads back unchanged); without one the points are that sum.
In an HTML question, the accepted answers of text and number gaps are read as text (entities
decoded, tags dropped), as Moodle's ``html_entity_decode`` does.
"""

from __future__ import annotations

from quizzes import definition as qdef
from quizzes.html import html_to_text


def read(d: dict, node, errors: list) -> dict:
    """``d`` (prompt already read in its format) made a cloze definition; problems go to ``errors`` by line."""
    d["type"] = "cloze"
    text_node = node.find("questiontext")
    line = text_node.line if text_node is not None else node.line
    try:
        template, gaps = qdef.parse_cloze(d.get("prompt", ""))
    except qdef.ClozeError as error:
        errors.extend((line, f"In the cloze text: {message}") for message in error.errors)
        return d
    if d.get("format") == "html":
        for gap in gaps:
            if gap["kind"] == "short":
                for answer in gap["answers"]:
                    answer["text"] = html_to_text(answer["text"])
    d["prompt"], d["gaps"] = template, gaps
    if not node.value("defaultgrade"):
        d["points"] = sum(g["weight"] for g in gaps) or 1.0
    return d


def question_text(d: dict) -> str:
    """What ``<questiontext>`` holds for a cloze definition: its text with the gaps written in place."""
    return qdef.cloze_text(d)
