"""The ordering question type's settings as Moodle's ``qtype_ordering`` names them, both ways.

Moodle writes and reads names (``ALL_OR_NOTHING``, ``ABSOLUTE_POSITION``, ``RANDOM`` …); some
generators write the numbers of its constants (gradingtype -1 … 7, selecttype 0 … 2), read here
too. ALMA scores an order all or nothing (``all``) or by the share of items in their right
position (``partial``, Moodle's ABSOLUTE_POSITION); Moodle's relative grading types are read as
``partial`` with a warning. ``selecttype``/``selectcount`` (a subset of the items shown) are kept.
"""

from __future__ import annotations

GRADING_NUMBERS = {"-1": "ALL_OR_NOTHING", "0": "ABSOLUTE_POSITION", "1": "RELATIVE_NEXT_EXCLUDE_LAST",
                   "2": "RELATIVE_NEXT_INCLUDE_LAST", "3": "RELATIVE_ONE_PREVIOUS_AND_NEXT",
                   "4": "RELATIVE_ALL_PREVIOUS_AND_NEXT", "5": "LONGEST_ORDERED_SUBSET",
                   "6": "LONGEST_CONTIGUOUS_SUBSET", "7": "RELATIVE_TO_CORRECT"}
GRADING_ALIASES = {"ABS": "ABSOLUTE_POSITION", "ABSOLUTE": "ABSOLUTE_POSITION", "REL": "RELATIVE_NEXT_EXCLUDE_LAST",
                   "RELATIVE": "RELATIVE_NEXT_EXCLUDE_LAST"}
SELECT_NUMBERS = {"0": "ALL", "1": "RANDOM", "2": "CONTIGUOUS"}
SELECT_ALIASES = {"EXACT": "ALL", "REL": "RANDOM", "CONTIG": "CONTIGUOUS"}


def grading_in(raw: str) -> tuple[str, str]:
    """ALMA's grading for Moodle's gradingtype (name or number), and a warning when it is not the same."""
    name = (raw or "").strip().upper()
    name = GRADING_NUMBERS.get(name, GRADING_ALIASES.get(name, name))
    if name == "ALL_OR_NOTHING":
        return "all", ""
    if name == "ABSOLUTE_POSITION":
        return "partial", ""
    if name not in GRADING_NUMBERS.values():
        name = "RELATIVE_NEXT_EXCLUDE_LAST"  # Moodle's default for an unknown value
    return "partial", (f"Moodle's ordering grading {name} is not one of ALMA's: the question is scored by the share of "
                       "items in their right position (ABSOLUTE_POSITION).")


def grading_out(grading: str) -> str:
    return "ALL_OR_NOTHING" if grading == "all" else "ABSOLUTE_POSITION"


def select_in(raw: str) -> str:
    name = (raw or "").strip().upper()
    name = SELECT_NUMBERS.get(name, SELECT_ALIASES.get(name, name))
    return {"ALL": "all", "CONTIGUOUS": "contiguous"}.get(name, "random")


def select_out(select_type: str) -> str:
    return {"random": "RANDOM", "contiguous": "CONTIGUOUS"}.get(select_type, "ALL")
