"""Question-bank file formats (GIFT, Moodle XML): pure parsers and writers.

A parser takes the file's bytes and returns ``ParsedQuestion`` objects, or
raises ``FormatError`` listing *every* problem with its line number; nothing
is imported from a file with errors. Categories name learning outcomes: the
last segment of the category path is the outcome code (``$CATEGORY:
$course$/top/CM-SEC-01`` or ``$CATEGORY: CM-SEC-01``).

ALMA keeps a few properties that the formats have no field for as Moodle tags,
which Moodle keeps and ignores: ``difficulty-1`` … ``difficulty-3``,
``points-2``, ``unit-t``, ``all-or-nothing`` and ``select-random-3`` (ordering settings GIFT has no place for),
``range-2`` (Moodle XML: answer 2 was a range, written as its midpoint ± half its width), ``unit-required``, ``relative-tolerance``, ``fold-accents``, ``case-sensitive`` and ``outcome-CODE`` (a second outcome), ``ordering`` (an
ordering question written as a matching of items to positions 1, 2, 3 …, which
Moodle imports as an equivalent matching question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_BYTES = 10 * 1024 * 1024
MAX_QUESTIONS = 5_000
MAX_ERRORS = 500
OUTCOME_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}(-[A-Z0-9]{1,10}){1,4}$")


@dataclass
class ParsedQuestion:
    line: int
    title: str
    definition: dict
    outcome_codes: list[str] = field(default_factory=list)
    category: str = ""
    external_id: str = ""
    difficulty: int = 2
    tags: list[str] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # read: name → bytes, referred to as @@PLUGINFILE@@/name
    embedded: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # export: image address → (name, bytes)


@dataclass
class Skipped:
    """A question of the file that is not imported: a type ALMA's bank does not hold (essay, cloze …)."""

    line: int
    qtype: str
    reason: str

    def report(self) -> str:
        return f"skipped {self.qtype} question: {self.reason}"


@dataclass
class ParseResult:
    questions: list[ParsedQuestion]
    warnings: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for q in self.questions:
            out[q.definition["type"]] = out.get(q.definition["type"], 0) + 1
        return out


class FormatError(ValueError):
    """A file that cannot be imported; ``errors`` is every ``(line, message)`` found."""

    def __init__(self, errors: list[tuple[int, str]], filename: str = "", more: int = 0):
        """``more``: errors found beyond those in ``errors`` that were only counted."""
        self.errors = sorted(errors)[:MAX_ERRORS]
        self.more = max(0, len(errors) - MAX_ERRORS) + more
        self.filename = filename
        super().__init__(self.report())

    def report(self) -> str:
        where = self.filename or "file"
        lines = [f"{where}:{line}: {message}" if line else f"{where}: {message}" for line, message in self.errors]
        if self.more:
            lines.append(f"… and {self.more} more errors")
        return "\n".join(lines)


def decode(data: bytes | str) -> str:
    """UTF-8 text without BOM, with LF line endings; FormatError when too large or not UTF-8."""
    if isinstance(data, str):
        size = len(data.encode("utf-8", "surrogatepass"))
        text = data
    else:
        size = len(data)
        text = None
    if size > MAX_BYTES:
        raise FormatError([(0, f"The file is {size / 1024 / 1024:.1f} MB; the limit is 10 MB. Split it into smaller files.")])
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise FormatError([(line, "This line is not valid UTF-8. Save the file as UTF-8 and try again.")]) from None
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def outcome_from_category(path: str) -> str:
    """The outcome code named by a category path (its last segment), or '' when it names none."""
    segments = [s.strip() for s in path.replace("//", "\x00").split("/") if s.strip()]
    last = segments[-1].replace("\x00", "/") if segments else ""
    return last if OUTCOME_CODE.match(last) else ""


def tags_to_properties(tags: list[str]) -> dict:
    props: dict = {}
    for tag in tags:
        t = tag.strip().lower()
        if t.startswith("difficulty-") and t[11:] in ("1", "2", "3"):
            props["difficulty"] = int(t[11:])
        elif t in ("easy", "medium", "hard"):
            props["difficulty"] = {"easy": 1, "medium": 2, "hard": 3}[t]
        elif t.startswith("points-"):
            try:
                value = float(t[7:])
            except ValueError:
                continue
            if 0 < value <= 1000:
                props["points"] = value
        elif t == "fold-accents":
            props["fold_accents"] = True
        elif t == "case-sensitive":
            props["case_sensitive"] = True
        elif t == "ordering":
            props["ordering"] = True
        elif t == "unit-required":
            props["unit_required"] = True
        elif t.startswith("unit-"):
            props["unit"] = tag.strip()[5:]
        elif t == "relative-tolerance":
            props["relative_tolerance"] = True
        elif t == "all-or-nothing":
            props["all_or_nothing"] = True
        elif re.fullmatch(r"select-(random|contiguous)-\d{1,2}", t):
            props["select"] = (t.split("-")[1], int(t.split("-")[2]))
        elif re.fullmatch(r"range-\d{1,3}", t):
            props.setdefault("ranges", set()).add(int(t[6:]))
        elif t.startswith("outcome-") and OUTCOME_CODE.match(tag.strip()[8:]):
            props.setdefault("outcomes", []).append(tag.strip()[8:])
    return props


def properties_to_tags(definition: dict, difficulty: int, extra_outcomes=()) -> list[str]:
    tags = [f"outcome-{code}" for code in extra_outcomes]
    if difficulty and difficulty != 2:
        tags.append(f"difficulty-{difficulty}")
    if definition.get("points", 1.0) != 1.0:
        tags.append(f"points-{definition['points']:g}")
    if definition.get("type") == "short":
        if definition.get("fold_accents"):
            tags.append("fold-accents")
        if definition.get("case_sensitive"):
            tags.append("case-sensitive")
    if definition.get("type") == "ordering":
        tags.append("ordering")
        if definition.get("grading") == "all":
            tags.append("all-or-nothing")
        if definition.get("select_type"):
            tags.append(f"select-{definition['select_type']}-{definition['select_count']}")
    if definition.get("type") == "numeric":
        if definition.get("unit"):
            tags.append(f"unit-{definition['unit']}")
        if definition.get("unit_required"):
            tags.append("unit-required")
        exact = [a for a in definition.get("answers", []) if a.get("kind") != "range"]
        if exact and all(a.get("relative") for a in exact):
            tags.append("relative-tolerance")
    return tags


def apply_numeric_tags(d: dict, props: dict) -> None:
    """Unit and relative tolerance kept in tags (GIFT has no field for them; Moodle XML none for the latter)."""
    if props.get("unit") and not d.get("unit"):
        d["unit"] = props["unit"]
    if props.get("unit_required"):
        d["unit_required"] = True
    if props.get("relative_tolerance"):
        for a in d.get("answers", []):
            if a.get("kind", "exact") == "exact" and a.get("value"):
                a["tolerance"] = float(f"{abs(a.get('tolerance') or 0) / abs(a['value']):.12g}")
                a["relative"] = True


def ordering_from_matching(definition: dict) -> dict | None:
    """An ordering definition from a matching of items to positions 1…n (None when it is not one)."""
    pairs = definition.get("pairs") or []
    try:
        positions = [int(p["right"]) for p in pairs]
    except (KeyError, TypeError, ValueError):
        return None
    if sorted(positions) != list(range(1, len(pairs) + 1)):
        return None
    items = [p["left"] for p, _pos in sorted(zip(pairs, positions), key=lambda x: x[1])]
    return {k: v for k, v in definition.items() if k not in ("pairs", "distractors")} | {
        "type": "ordering", "items": [{"text": t} for t in items], "grading": "partial"}


def title_from(text: str) -> str:
    words = " ".join(re.sub(r"<[^>]*>|[*_#`>\[\]]", " ", text).split())
    return (words[:77] + "…") if len(words) > 80 else words or "Question"
