"""Moodle XML question files: read in ``read``, written in ``write``. Pure.

Read with defusedxml's SAX parser (no DTDs, entities or external references),
so every element keeps its line number for error messages, one question at a
time, with a cap on elements, nesting and the errors kept.

Types: ``multichoice`` (``<single>`` true → single choice, false → multiple),
``truefalse``, ``shortanswer`` (``<usecase>``), ``numerical`` (tolerance,
units: ``unitgradingtype`` 1 or 2 means the unit must be written),
``matching`` (a subquestion without text is an extra wrong match),
``ordering`` (answers in the right order) and ``category`` (its last path
segment is the outcome code), ``cloze`` (embedded answers: the gaps are read from
the question text, see ``cloze``). Every other type (description, essay,
calculated, drag-and-drop, STACK …) is skipped and reported by line, type and
reason (``question.SKIP_REASONS``); elements ALMA has no place for are named in
a warning; images (``<file>``, ``data:``) are collected (``quizzes.formats.images``).

Text formats: ``html`` (sanitised), ``markdown``, ``plain_text`` (plain),
``moodle_auto_format`` (read as Markdown).
"""

from quizzes.formats.moodle_xml.read import MAX_ELEMENTS, Node, parse
from quizzes.formats.moodle_xml.write import dump

__all__ = ["MAX_ELEMENTS", "Node", "dump", "parse"]
