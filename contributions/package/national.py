"""Reading a framework package's national curricula (``national/``): one TOML file per
curriculum (its document and its standards) and ``alignments.toml``, which says which
standards each learning outcome fits. Pure, like the other readers: every problem is
collected with its file, line and a fix. Changes when the national-curricula format does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext

from contributions.package import SLUG, Collector, line_of

ALIGNMENTS_FILE = "alignments.toml"
RELATIONS = ("related", "exact")  # CASE isRelatedTo, exactMatchOf
CURRICULUM_FIELDS = ("name", "country", "language", "issuer", "title", "year", "url")
STANDARD_FIELDS = ("code", "grade", "subject", "text")
COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass
class NationalCurricula:
    curricula: list[dict] = field(default_factory=list)  # each with its "standards"
    alignments: list[tuple[str, str, str, str]] = field(default_factory=list)  # (outcome, curriculum, code, relation)


def read_national(folder: Path, c: Collector, outcome_codes: set[str]) -> NationalCurricula:
    """Read ``folder`` (a framework's ``national/``) into ``c``'s problems or the result."""
    found = NationalCurricula()
    standards: dict[str, set[str]] = {}
    for path in sorted(p for p in folder.glob("*.toml") if p.name != ALIGNMENTS_FILE):
        curriculum = _curriculum(path, c)
        if curriculum is None:
            continue
        if curriculum["code"] in standards:
            c.add(path, gettext("curriculum code '%(code)s' is used by two files") % {"code": curriculum["code"]},
                  gettext("give each curriculum file its own [curriculum] code"))
            continue
        standards[curriculum["code"]] = {s["code"] for s in curriculum["standards"]}
        found.curricula.append(curriculum)
    path = folder / ALIGNMENTS_FILE
    if path.is_file():
        found.alignments = _alignments(path, c, standards, outcome_codes)
    return found


def _curriculum(path: Path, c: Collector) -> dict | None:
    data = c.load_toml(path)
    if not data:
        return None
    text = path.read_text(encoding="utf-8")
    head = data.get("curriculum")
    if not isinstance(head, dict):
        c.add(path, gettext("the [curriculum] table is missing"),
              gettext("add [curriculum] with code, %(fields)s") % {"fields": ", ".join(CURRICULUM_FIELDS)})
        return None
    problems = len(c.problems)
    code = head.get("code")
    if not isinstance(code, str) or not SLUG.match(code):
        c.add(path, gettext("curriculum code %(code)r is not a lowercase slug") % {"code": code},
              gettext('write code = "bncc"'), line_of(text, "code ="))
    for name in CURRICULUM_FIELDS:
        value = head.get(name)
        if name == "year" and not (isinstance(value, int) and 1900 <= value <= 2100):
            c.add(path, gettext("[curriculum] year must be the document's year"), gettext("write year = 2018"),
                  line_of(text, "year ="))
        elif name != "year" and (not isinstance(value, str) or not value.strip()):
            c.add(path, gettext("[curriculum] %(field)s is missing") % {"field": name},
                  gettext("add %(field)s = \"…\"") % {"field": name})
    if isinstance(head.get("country"), str) and not COUNTRY.match(head["country"]):
        c.add(path, gettext("country must be a two-letter ISO code"), gettext('write country = "BR"'), line_of(text, "country ="))
    if isinstance(head.get("url"), str) and not head["url"].startswith("https://"):
        c.add(path, gettext("url must be the document's https address"), "", line_of(text, "url ="))
    entries = data.get("standard", [])
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        c.add(path, gettext("the curriculum has no [[standard]] entries"), gettext("add one [[standard]] per code you align to"))
        return None
    seen = set()
    for entry in entries:
        label = entry.get("code")
        line = line_of(text, f'"{label}"')
        for name in STANDARD_FIELDS:
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                c.add(path, gettext("standard %(code)r: %(field)s is missing") % {"code": label, "field": name},
                      gettext("add %(field)s = \"…\"") % {"field": name}, line)
        if label in seen:
            c.add(path, gettext("standard '%(code)s' is listed twice") % {"code": label}, gettext("keep one entry per code"), line)
        seen.add(label)
    if len(c.problems) > problems:
        return None
    return {**{name: head[name] for name in ("code", *CURRICULUM_FIELDS)}, "standards": entries}


def _alignments(path: Path, c: Collector, standards: dict[str, set[str]], outcome_codes: set[str]) -> list:
    data = c.load_toml(path)
    text = path.read_text(encoding="utf-8") if data else ""
    found = []
    for relation, table in data.items():
        if relation not in RELATIONS or not isinstance(table, dict):
            c.add(path, gettext("unknown table [%(name)s]") % {"name": relation},
                  gettext("use [related] or [exact]"), line_of(text, f"[{relation}]"))
            continue
        for outcome, refs in table.items():
            line = line_of(text, f'"{outcome}"')
            if outcome not in outcome_codes:
                c.add(path, gettext("unknown learning outcome '%(code)s'") % {"code": outcome},
                      gettext("use an outcome code defined in outcomes/"), line)
                continue
            if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
                c.add(path, gettext("%(code)s: the value must be a list of \"curriculum:code\" strings") % {"code": outcome},
                      '"CM-SEC-01" = ["bncc:EM13CNT309"]', line)
                continue
            for ref in refs:
                curriculum, _, code = ref.partition(":")
                if curriculum not in standards:
                    c.add(path, gettext("%(outcome)s: unknown curriculum '%(curriculum)s' in \"%(ref)s\"")
                          % {"outcome": outcome, "curriculum": curriculum, "ref": ref},
                          gettext("use one of %(choices)s") % {"choices": ", ".join(sorted(standards)) or "—"}, line)
                elif code not in standards[curriculum]:
                    c.add(path, gettext("%(outcome)s: unknown code '%(code)s' in curriculum '%(curriculum)s'")
                          % {"outcome": outcome, "code": code, "curriculum": curriculum},
                          gettext("add it as a [[standard]] of that curriculum, with its source, or fix the code"), line)
                else:
                    found.append((outcome, curriculum, code, relation))
    return found
