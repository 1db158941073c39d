"""Reading a lesson file: its TOML front matter and its Markdown body, split
into Markdown runs and ``::: directive`` blocks (callout, activity, glossary,
figure, diagram, chart, quiz). Changes when the lesson syntax does."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext

from alma.markdown import external_images
from contributions.package import MAX_TEXT_FILE_BYTES, SLUG, Collector, KnownCodes, line_of, use_one_of
from lessons.materials import material_code

CALLOUT_KINDS = ("key-idea", "safety", "did-you-know")
CHART_KINDS = ("line", "bar", "stacked-bar", "scatter")
HOSTILE = re.compile(r"<\s*script|(?:javascript|vbscript)\s*:|data\s*:\s*text/html", re.I)
FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)
DIRECTIVE_OPEN = re.compile(r"^:::\s*([a-z-]+)\s*(.*?)\s*$")


@dataclass
class Block:
    type: str
    value: object
    line: int
    item_lines: list[int] = field(default_factory=list)  # an activity's: the line of each material


@dataclass
class Lesson:
    stem: str
    language: str
    path: Path
    title: str
    slug: str
    summary: str
    minutes: int
    outcomes: list[str]
    blocks: list[Block]
    source_text: str


def parse_lesson_body(text: str, first_line: int, path: str, c: Collector, known: KnownCodes | None,
                      directive=None) -> list[Block]:
    """Split Markdown into blocks: Markdown runs and ``::: directive`` blocks, each read by
    ``directive`` (a lesson's by default; a teacher guide has its own, contributions.package.guide)."""
    directive = directive or _directive
    blocks: list[Block] = []
    markdown: list[str] = []
    markdown_start = first_line
    lines = text.split("\n")
    i = 0

    def flush(start):
        content = "\n".join(markdown).strip()
        if content:
            blocks.append(Block("markdown", content, start))
            for url in external_images(content):
                c.add(path, f"the image {url[:200]} is on another site: a learner's browser would contact it",
                      "put the image in the package and show it with a '::: figure' block, or remove it",
                      start + (line_of("\n".join(markdown), url) or 1) - 1)
        markdown.clear()

    while i < len(lines):
        line = lines[i]
        number = first_line + i
        opened = DIRECTIVE_OPEN.match(line)
        if not opened or line.strip() == ":::":
            if line.strip() == ":::":
                c.add(path, gettext("closing ':::' without an opening directive"), gettext("remove it or add '::: name' before"), number)
            if not markdown:
                markdown_start = number
            markdown.append(line)
            i += 1
            continue
        flush(markdown_start)
        name, args = opened.group(1), opened.group(2)
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip() != ":::":
            if DIRECTIVE_OPEN.match(lines[i]) and lines[i].strip() != ":::":
                break
            body.append(lines[i])
            i += 1
        if i >= len(lines) or lines[i].strip() != ":::":
            c.add(path, gettext("directive '%(name)s' is not closed") % {"name": name}, gettext("add a line ':::' after its body"), number)
            continue
        i += 1
        block = directive(name, args, body, number, path, c, known)
        if block:
            blocks.append(block)
        markdown_start = first_line + i
    flush(markdown_start)
    return blocks


def _key_values(body: list[str]) -> dict[str, str]:
    values = {}
    for line in body:
        if ":" in line:
            key, _, value = line.partition(":")
            values[key.strip().lower()] = value.strip()
    return values


def _directive(name, args, body, line, path, c: Collector, known: KnownCodes | None) -> Block | None:
    text = "\n".join(body).strip()
    if name == "callout":
        kind, _, title = args.partition(" ")
        if kind not in CALLOUT_KINDS:
            c.add(path, gettext("callout kind '%(kind)s' is unknown") % {"kind": kind}, use_one_of(CALLOUT_KINDS), line)
            return None
        if not text:
            c.add(path, gettext("callout has no text"), gettext("write its text between the ::: lines"), line)
        return Block("callout", {"kind": kind, "title": title.strip(), "text": text}, line)
    if name == "activity":
        minutes, _, title = args.partition(" ")
        if not minutes.isdigit() or not (1 <= int(minutes) <= 600):
            c.add(path, gettext("activity duration '%(minutes)s' is not a number of minutes") % {"minutes": minutes},
                  gettext("write '::: activity 30 Title'"), line)
            return None
        materials, material_lines, steps, in_materials = [], [], [], False
        for number, row in enumerate(body, start=line + 1):
            stripped = row.strip()
            if re.match(r"^(materials|materiales|materiais|matériel|matériaux)\s*:$", stripped, re.I):
                in_materials = True
            elif in_materials and stripped.startswith(("- ", "* ")):
                materials.append(stripped[2:].strip())
                material_lines.append(number)
                if "{material" in stripped and material_code(stripped) is None:
                    c.add(path, gettext("the material reference in '%(item)s' is not '{material: code}'") % {"item": stripped[2:].strip()},
                          gettext("end the line with {material: a-lowercase-code}"), number)
            elif re.match(r"^\d+[.)]\s+", stripped):
                in_materials = False
                steps.append(re.sub(r"^\d+[.)]\s+", "", stripped))
            elif stripped and steps:
                steps[-1] += " " + stripped
        if not steps:
            c.add(path, gettext("activity has no numbered steps"), gettext("add steps as '1. …' lines"), line)
        return Block("activity", {"title": title.strip(), "duration_minutes": int(minutes), "materials": materials, "steps": steps}, line,
                     material_lines)
    if name == "glossary":
        code = args.strip()
        if known is not None and code not in known.glossary:
            c.add(path, gettext("unknown glossary term '%(code)s'") % {"code": code}, gettext("use a code from the framework's glossary.toml"), line)
            return None
        return Block("glossary_term", {"code": code}, line)
    if name == "figure":
        values = _key_values(body)
        if not values.get("alt"):
            c.add(path, gettext("figure has no 'alt:' text"), gettext("describe the image for people who cannot see it"), line)
        return Block("figure", {"file": args.strip(), **values}, line)
    if name == "chart":
        values = _key_values(body)
        if values.get("kind", "bar") not in CHART_KINDS:
            c.add(path, gettext("chart kind '%(kind)s' is unknown") % {"kind": values.get("kind")}, use_one_of(CHART_KINDS), line)
        for key in ("x", "y"):
            if not values.get(key):
                c.add(path, gettext("chart has no '%(key)s:' column") % {"key": key}, gettext("add a line '%(key)s: column'") % {"key": key}, line)
        if known is not None and known.datasets is not None and args.strip() not in known.datasets:
            c.add(path, gettext("unknown dataset '%(slug)s'") % {"slug": args.strip()},
                  gettext("use the slug of a loaded dataset (manage.py load_datasets or import_dataset)"), line)
            return None
        return Block("chart", {"dataset": args.strip(), **values}, line)
    if name == "diagram":
        if not SLUG.match(args.strip()):
            c.add(path, gettext("diagram name '%(name)s' is not a lowercase slug") % {"name": args.strip()},
                  gettext("write '::: diagram copper-value-chain' for diagrams/copper-value-chain.svg"), line)
            return None
        if text:
            c.add(path, gettext("a diagram takes no body"), gettext("write its title, text and labels in diagrams/%(name)s.toml")
                  % {"name": args.strip()}, line)
        return Block("diagram", {"name": args.strip()}, line)
    if name == "quiz":
        return Block("quiz", {"quiz": args.strip()}, line)
    c.add(path, gettext("unknown directive '%(name)s'") % {"name": name},
          gettext("use callout, activity, glossary, figure, diagram, chart or quiz"), line)
    return None


def read_lesson(path: Path, stem: str, language: str, c: Collector, known: KnownCodes | None) -> Lesson | None:
    if path.stat().st_size > MAX_TEXT_FILE_BYTES:
        c.add(path, gettext("lesson file is larger than 2 MB"), gettext("split the lesson"))
        return None
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    except UnicodeDecodeError:
        c.add(path, gettext("lesson is not UTF-8 text"), gettext("save it as UTF-8"))
        return None
    match = FRONT_MATTER.match(text)
    if not match:
        c.add(path, gettext("front matter is missing"), gettext("start the file with +++, title = \"…\", … and +++"), 1)
        return None
    try:
        meta = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as error:
        c.add(path, gettext("invalid front matter: %(error)s") % {"error": getattr(error, "msg", error)},
              gettext("fix the TOML between the +++ lines"),
              (getattr(error, "lineno", 0) or 0) + 1)
        return None
    relative = str(path.relative_to(c.root))
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        c.add(path, gettext("front matter has no title"), gettext('add title = "…"'), 2)
        title = stem
    minutes = meta.get("minutes", 30)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        c.add(path, gettext("minutes must be a whole number from 1 to 600, not %(value)r") % {"value": minutes},
              gettext("write minutes = 45"), 2)
        minutes = 30
    outcomes = meta.get("outcomes", [])
    if not isinstance(outcomes, list) or not all(isinstance(o, str) for o in outcomes):
        c.add(path, gettext("outcomes must be a list of codes"), gettext('write outcomes = ["CM-SEC-01"]'), 2)
        outcomes = []
    slug = meta.get("slug") or re.sub(r"^\d+-", "", stem)
    if not SLUG.match(str(slug)):
        c.add(path, gettext("slug '%(slug)s' is not a lowercase slug") % {"slug": slug}, gettext("use letters, digits and hyphens"), 2)
    body_first_line = match.group(0).count("\n") + 1
    for offset, row in enumerate(text[match.end():].split("\n")):
        if HOSTILE.search(row):
            c.add(path, gettext("script or 'javascript:' link in the lesson; it would never run and is refused"),
                  gettext("remove it; link only to http(s) addresses and put interactive content in an activity"),
                  body_first_line + offset)
    blocks = parse_lesson_body(text[match.end():], body_first_line, relative, c, known)
    return Lesson(stem, language, path, title.strip(), str(slug), str(meta.get("summary", "")), minutes, outcomes, blocks, text)
