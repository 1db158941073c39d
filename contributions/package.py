"""Reading and validating curriculum packages (docs/package-format.md).

Pure functions: nothing here touches the database. ``read_framework`` and
``read_module`` return plain data or raise ``PackageInvalid`` listing *every*
problem found, each with its file, line and a fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext

from alma.markdown import external_images

LEVELS = ("primary", "secondary", "technical", "university", "teacher-training")
BLOOM_VERBS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC0-1.0")
INSTITUTION_KINDS = ("school", "technical", "university", "company", "ngo", "government")
CALLOUT_KINDS = ("key-idea", "safety", "did-you-know")
CHART_KINDS = ("line", "bar", "stacked-bar", "scatter")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OUTCOME_CODE = re.compile(r"^[A-Z]{2,4}-(PRI|SEC|TEC|UNI|TT)-\d{2}$")
MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp", "GIF": "gif"}
HOSTILE = re.compile(r"<\s*script|(?:javascript|vbscript)\s*:|data\s*:\s*text/html", re.I)
SVG_HOSTILE = re.compile(r"<\s*script|\son[a-z]+\s*=|(?:xlink:)?href\s*=\s*[\"'](?!#)|<\s*foreignObject|javascript:", re.I)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    fix: str = ""

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}" + (f" — {self.fix}" if self.fix else "")


class PackageInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class KnownCodes:
    """Codes a module may refer to: those already in the database plus those of
    the framework package being imported with it."""

    languages: set[str]
    themes: set[str] = field(default_factory=set)
    minerals: set[str] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    glossary: set[str] = field(default_factory=set)
    datasets: set[str] | None = None  # None: not checked (no database at hand)


# --- Framework --------------------------------------------------------------


@dataclass
class FrameworkPackage:
    root: Path
    slug: str
    languages: list[str]
    themes: list[dict]
    minerals: list[dict]
    outcomes: list[dict]
    glossary: list[dict]

    def codes(self) -> dict[str, set[str]]:
        return {
            "themes": {t["code"] for t in self.themes},
            "minerals": {m["code"] for m in self.minerals},
            "outcomes": {o["code"] for o in self.outcomes},
            "glossary": {g["code"] for g in self.glossary},
        }


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def add(self, path: Path | str, message: str, fix: str = "", line: int | None = None):
        name = str(path.relative_to(self.root)) if isinstance(path, Path) and path.is_relative_to(self.root) else str(path)
        self.problems.append(Problem(name, line, message, fix))

    def load_toml(self, path: Path) -> dict:
        if not path.is_file():
            self.add(path, gettext("file is missing"), gettext("add %(name)s (see docs/package-format.md)") % {"name": path.name})
            return {}
        if path.stat().st_size > MAX_TEXT_FILE_BYTES:
            self.add(path, gettext("file is larger than 2 MB"), gettext("split it or remove what is not text"))
            return {}
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.add(path, gettext("file is not UTF-8 text"), gettext("save it as UTF-8"))
        except tomllib.TOMLDecodeError as error:
            line = getattr(error, "lineno", None)
            self.add(path, gettext("invalid TOML: %(error)s") % {"error": getattr(error, "msg", error)},
                     gettext("fix the TOML syntax"), line)
        return {}

    def raise_if_any(self):
        if self.problems:
            raise PackageInvalid(self.problems)


def _use_one_of(choices) -> str:
    return gettext("use one of %(choices)s") % {"choices": ", ".join(choices)}


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _check_translations(c: _Collector, path, entry, key, languages, code, text):
    value = entry.get(key)
    if not isinstance(value, dict):
        c.add(path, f"{code}: '{key}' must be a table of languages", f'write {key} = {{ es = "…", en = "…" }}',
              _line_of(text, f'"{code}"'))
        return
    for language in languages:
        if not isinstance(value.get(language), str) or not value[language].strip():
            c.add(path, f"{code}: '{key}' has no text in '{language}'", f"add {key}.{language}", _line_of(text, f'"{code}"'))


def _entries(c: _Collector, path: Path, table: str) -> tuple[list[dict], str]:
    data = c.load_toml(path)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    entries = data.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        c.add(path, f"'{table}' must be an array of tables", f"write each entry as [[{table}]]")
        return [], text
    return entries, text


def read_framework(root: Path, site_languages: set[str]) -> FrameworkPackage:
    root = Path(root)
    c = _Collector(root)
    meta = c.load_toml(root / "package.toml")
    languages = meta.get("languages", [])
    if meta and meta.get("kind") != "framework":
        c.add(root / "package.toml", "kind must be \"framework\"", 'add kind = "framework"')
    if not isinstance(languages, list) or not languages:
        c.add(root / "package.toml", "languages must be a non-empty list", 'write languages = ["es", "pt", "en", "fr"]')
        languages = []
    for language in languages:
        if language not in site_languages:
            c.add(root / "package.toml", f"language '{language}' is not enabled on this site",
                  f"use one of {', '.join(sorted(site_languages))}")

    def read_all(name: str, table: str) -> list[tuple[Path, dict, str]]:
        files = [root / f"{name}.toml"] if (root / f"{name}.toml").exists() else sorted((root / name).glob("*.toml"))
        if not files:
            c.add(root / f"{name}.toml", "file is missing", f"add {name}.toml or a folder {name}/ of .toml files")
        found = []
        for path in files:
            entries, text = _entries(c, path, table)
            found.extend((path, entry, text) for entry in entries)
        return found

    def check_codes(items, pattern, label):
        seen = {}
        for path, entry, text in items:
            code = entry.get("code")
            if not isinstance(code, str) or not pattern.match(code):
                c.add(path, f"{label} code {code!r} is not valid", "use a lowercase slug (or THEME-LEVEL-NN for outcomes)",
                      _line_of(text, str(code)))
                continue
            if code in seen:
                c.add(path, f"{label} code '{code}' is used twice (also in {seen[code].name})", "give each entry its own code",
                      _line_of(text, f'"{code}"'))
            seen[code] = path

    themes = read_all("themes", "theme")
    minerals = read_all("minerals", "mineral")
    outcomes = read_all("outcomes", "outcome")
    glossary = read_all("glossary", "term")
    check_codes(themes, SLUG, "theme")
    check_codes(minerals, SLUG, "mineral")
    check_codes(outcomes, OUTCOME_CODE, "outcome")
    check_codes(glossary, SLUG, "glossary")
    theme_codes = {e.get("code") for _, e, _ in themes}
    mineral_codes = {e.get("code") for _, e, _ in minerals}

    for path, entry, text in themes:
        _check_translations(c, path, entry, "name", languages, entry.get("code"), text)
    for path, entry, text in minerals:
        _check_translations(c, path, entry, "name", languages, entry.get("code"), text)
        if not isinstance(entry.get("symbol"), str):
            c.add(path, f"{entry.get('code')}: symbol is missing", 'add symbol = "Cu"', _line_of(text, f'"{entry.get("code")}"'))
    for path, entry, text in glossary:
        _check_translations(c, path, entry, "term", languages, entry.get("code"), text)
        _check_translations(c, path, entry, "definition", languages, entry.get("code"), text)
    for path, entry, text in outcomes:
        code = entry.get("code")
        line = _line_of(text, f'"{code}"')
        _check_translations(c, path, entry, "statement", languages, code, text)
        if entry.get("level") not in LEVELS:
            c.add(path, f"{code}: level {entry.get('level')!r} is unknown", f"use one of {', '.join(LEVELS)}", line)
        if entry.get("bloom") not in BLOOM_VERBS:
            c.add(path, f"{code}: bloom {entry.get('bloom')!r} is unknown", f"use one of {', '.join(BLOOM_VERBS)}", line)
        for key, known in (("themes", theme_codes), ("minerals", mineral_codes)):
            values = entry.get(key, [])
            if not isinstance(values, list):
                c.add(path, f"{code}: {key} must be a list", f'write {key} = ["…"]', line)
                continue
            for value in values:
                if value not in known:
                    c.add(path, f"{code}: unknown {key[:-1]} '{value}'", f"use a code defined in {key}.toml", line)
        if not isinstance(entry.get("alignments", []), list):
            c.add(path, f"{code}: alignments must be a list of strings", 'write alignments = ["NGSS HS-ESS3-2"]', line)
    c.raise_if_any()
    return FrameworkPackage(
        root=root, slug=meta.get("slug", "framework"), languages=languages,
        themes=[e for _, e, _ in themes], minerals=[e for _, e, _ in minerals],
        outcomes=[e for _, e, _ in outcomes], glossary=[e for _, e, _ in glossary],
    )


# --- Modules and lessons ------------------------------------------------------


@dataclass
class Block:
    type: str
    value: object
    line: int


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


@dataclass
class ModulePackage:
    root: Path
    slug: str
    level: str
    themes: list[str]
    minerals: list[str]
    outcomes: list[str]
    languages: list[str]
    licence: str
    version: str
    estimated_hours: float
    lesson_order: list[str]
    title: dict[str, str]
    summary: dict[str, str]
    institution: dict | None
    authors: list[dict]
    lessons: dict[tuple[str, str], Lesson]
    # The module quiz: parsed question files by language (questions.<lang>.gift or .xml).
    questions: dict = field(default_factory=dict)


FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)
DIRECTIVE_OPEN = re.compile(r"^:::\s*([a-z-]+)\s*(.*?)\s*$")


def parse_lesson_body(text: str, first_line: int, path: str, c: _Collector, known: KnownCodes | None) -> list[Block]:
    """Split Markdown into blocks: Markdown runs and ``::: directive`` blocks."""
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
                      start + (_line_of("\n".join(markdown), url) or 1) - 1)
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
        block = _directive(name, args, body, number, path, c, known)
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


def _directive(name, args, body, line, path, c: _Collector, known: KnownCodes | None) -> Block | None:
    text = "\n".join(body).strip()
    if name == "callout":
        kind, _, title = args.partition(" ")
        if kind not in CALLOUT_KINDS:
            c.add(path, gettext("callout kind '%(kind)s' is unknown") % {"kind": kind}, _use_one_of(CALLOUT_KINDS), line)
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
        materials, steps, in_materials = [], [], False
        for row in body:
            stripped = row.strip()
            if re.match(r"^(materials|materiales|materiais|matériel|matériaux)\s*:$", stripped, re.I):
                in_materials = True
            elif in_materials and stripped.startswith(("- ", "* ")):
                materials.append(stripped[2:].strip())
            elif re.match(r"^\d+[.)]\s+", stripped):
                in_materials = False
                steps.append(re.sub(r"^\d+[.)]\s+", "", stripped))
            elif stripped and steps:
                steps[-1] += " " + stripped
        if not steps:
            c.add(path, gettext("activity has no numbered steps"), gettext("add steps as '1. …' lines"), line)
        return Block("activity", {"title": title.strip(), "duration_minutes": int(minutes), "materials": materials, "steps": steps}, line)
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
            c.add(path, gettext("chart kind '%(kind)s' is unknown") % {"kind": values.get("kind")}, _use_one_of(CHART_KINDS), line)
        for key in ("x", "y"):
            if not values.get(key):
                c.add(path, gettext("chart has no '%(key)s:' column") % {"key": key}, gettext("add a line '%(key)s: column'") % {"key": key}, line)
        if known is not None and known.datasets is not None and args.strip() not in known.datasets:
            c.add(path, gettext("unknown dataset '%(slug)s'") % {"slug": args.strip()},
                  gettext("use the slug of a loaded dataset (manage.py load_datasets or import_dataset)"), line)
            return None
        return Block("chart", {"dataset": args.strip(), **values}, line)
    if name == "quiz":
        return Block("quiz", {"quiz": args.strip()}, line)
    c.add(path, gettext("unknown directive '%(name)s'") % {"name": name}, gettext("use callout, activity, glossary, figure, chart or quiz"), line)
    return None


def read_lesson(path: Path, stem: str, language: str, c: _Collector, known: KnownCodes | None) -> Lesson | None:
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


def _is_safe_stem(stem, lesson_dir: Path, languages) -> bool:
    """A lesson stem names files directly inside lessons/: no folders, no '..', no
    hidden files, and (a symbolic link included) nothing that resolves outside."""
    if not isinstance(stem, str) or not stem or stem.startswith(".") or "/" in stem or "\\" in stem or "\0" in stem:
        return False
    inside = lesson_dir.resolve()
    return all((lesson_dir / f"{stem}.{language}.md").resolve().is_relative_to(inside) for language in languages)


def read_module(root: Path, known: KnownCodes) -> ModulePackage:
    root = Path(root)
    c = _Collector(root)
    meta = c.load_toml(root / "module.toml")
    if not meta:
        c.raise_if_any()
    manifest = root / "module.toml"
    manifest_text = manifest.read_text(encoding="utf-8")

    def expect(key, kind, fix):
        value = meta.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            c.add(manifest, gettext("'%(key)s' is missing or has the wrong type") % {"key": key}, fix, _line_of(manifest_text, key))
            return None
        return value

    slug = expect("slug", str, gettext('write slug = "my-module"')) or root.name
    if not SLUG.match(slug):
        c.add(manifest, gettext("slug '%(slug)s' is not a lowercase slug") % {"slug": slug}, gettext("use letters, digits and hyphens"),
              _line_of(manifest_text, "slug"))
    level = expect("level", str, gettext("write level = one of %(choices)s") % {"choices": ", ".join(LEVELS)})
    if level and level not in LEVELS:
        c.add(manifest, gettext("level '%(level)s' is unknown") % {"level": level}, _use_one_of(LEVELS), _line_of(manifest_text, "level"))
    licence = meta.get("licence")
    if not licence:
        c.add(manifest, gettext("licence is missing"), gettext("add licence = one of %(choices)s") % {"choices": ", ".join(LICENCES)})
    elif licence not in LICENCES:
        c.add(manifest, gettext("licence '%(licence)s' is not accepted") % {"licence": licence}, _use_one_of(LICENCES),
              _line_of(manifest_text, "licence"))
    languages = expect("languages", list, gettext('write languages = ["es", "pt", "en"]')) or []
    for language in languages:
        if language not in known.languages:
            c.add(manifest, gettext("language '%(language)s' is not enabled on this site") % {"language": language},
                  _use_one_of(sorted(known.languages)),
                  _line_of(manifest_text, "languages"))
    languages = [language for language in languages if language in known.languages]
    hours = meta.get("estimated_hours", 1)
    if not isinstance(hours, (int, float)) or isinstance(hours, bool) or not 0 < hours <= 500:
        c.add(manifest, gettext("estimated_hours must be a number of hours, not %(value)r") % {"value": hours},
              gettext("write estimated_hours = 4"),
              _line_of(manifest_text, "estimated_hours"))
        hours = 1
    code_lists = {}
    unknown_code = {"themes": (gettext("unknown theme '%(code)s'"), gettext("use a theme defined in the framework package")),
                    "minerals": (gettext("unknown mineral '%(code)s'"), gettext("use a mineral defined in the framework package")),
                    "outcomes": (gettext("unknown outcome code '%(code)s'"),
                                 gettext("use an outcome code defined in the framework package"))}
    for key, known_codes in (("themes", known.themes), ("minerals", known.minerals), ("outcomes", known.outcomes)):
        values = meta.get(key, [])
        if not isinstance(values, list):
            c.add(manifest, gettext("%(key)s must be a list") % {"key": key}, gettext('write %(key)s = ["…"]') % {"key": key},
                  _line_of(manifest_text, key))
            values = []
        for value in values:
            if value not in known_codes:
                c.add(manifest, unknown_code[key][0] % {"code": value}, unknown_code[key][1],
                      _line_of(manifest_text, str(value)))
        code_lists[key] = values
    for key in ("title", "summary"):
        value = meta.get(key)
        if not isinstance(value, dict):
            c.add(manifest, gettext("'%(key)s' must be a table of languages") % {"key": key},
                  gettext('write %(key)s = { es = "…" }') % {"key": key})
            meta[key] = {}
            continue
        for language in languages:
            if not str(value.get(language, "")).strip():
                c.add(manifest, gettext("%(key)s has no text in '%(language)s'") % {"key": key, "language": language},
                      gettext("add %(key)s.%(language)s") % {"key": key, "language": language}, _line_of(manifest_text, key))
    institution = meta.get("institution")
    if institution is not None:
        if not isinstance(institution, dict) or not all(isinstance(institution.get(k), str) for k in ("slug", "name", "kind", "country")):
            c.add(manifest, gettext("[institution] needs slug, name, kind and country"), gettext("see docs/package-format.md"))
            institution = None
        elif institution["kind"] not in INSTITUTION_KINDS:
            c.add(manifest, gettext("institution kind '%(kind)s' is unknown") % {"kind": institution["kind"]}, _use_one_of(INSTITUTION_KINDS))
    authors = meta.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, dict) and isinstance(a.get("name"), str) for a in authors):
        c.add(manifest, gettext("each [[authors]] entry needs a name"), gettext('write [[authors]] name = "…"'))
        authors = []
    else:
        from curriculum.orcid import is_valid_orcid

        for author in authors:
            if author.get("orcid") and not is_valid_orcid(str(author["orcid"])):
                c.add(manifest, gettext("ORCID iD '%(orcid)s' of %(name)s is not valid") % {"orcid": author["orcid"], "name": author["name"]},
                      gettext("check the 16 digits and the checksum"),
                      _line_of(manifest_text, str(author["orcid"])))
    order = expect("lessons", list, gettext('write lessons = ["01-first-lesson", …]')) or []

    lessons: dict[tuple[str, str], Lesson] = {}
    lesson_dir = root / "lessons"
    for stem in order:
        if not _is_safe_stem(stem, lesson_dir, languages):
            c.add(manifest, f"lesson '{stem}' is not a file name inside lessons/",
                  'use the file name without folder or language, e.g. "01-first-lesson"', _line_of(manifest_text, str(stem)))
            continue
        for language in languages:
            path = lesson_dir / f"{stem}.{language}.md"
            if not path.is_file():
                c.add(path, gettext("lesson '%(stem)s' has no '%(language)s' version") % {"stem": stem, "language": language},
                      gettext("add lessons/%(stem)s.%(language)s.md or remove '%(language)s' from languages")
                      % {"stem": stem, "language": language})
                continue
            lesson = read_lesson(path, stem, language, c, known)
            if lesson is None:
                continue
            for code in lesson.outcomes:
                if code not in code_lists["outcomes"]:
                    c.add(path, gettext("outcome '%(code)s' is not among the module's outcomes") % {"code": code},
                          gettext("add it to module.toml outcomes or remove it"), 2)
            lessons[(stem, language)] = lesson
    for lesson in lessons.values():
        for block in lesson.blocks:
            if block.type == "figure":
                _check_figure(c, root, lesson.path, block)
    questions = read_question_files(root, languages, known, c)
    if lesson_dir.is_dir():
        for path in sorted(lesson_dir.glob("*.md")):
            stem, _, language = path.stem.rpartition(".")
            if stem not in order:
                c.add(path, gettext("lesson file '%(name)s' is not listed in module.toml lessons") % {"name": path.name},
                      gettext("add its stem to lessons or delete the file"))
    c.raise_if_any()
    return ModulePackage(
        root=root, slug=slug, level=level, themes=code_lists["themes"], minerals=code_lists["minerals"],
        outcomes=code_lists["outcomes"], languages=languages, licence=licence, version=str(meta.get("version", "1.0")),
        estimated_hours=float(hours), lesson_order=order, title=meta["title"], summary=meta["summary"],
        institution=institution, authors=authors, lessons=lessons, questions=questions,
    )


def read_question_files(root: Path, languages, known: KnownCodes, c: _Collector) -> dict:
    """Parse the module quiz files (GIFT or Moodle XML), one per language; every
    error is a problem with its line. Parsing is pure (quizzes.formats)."""
    from quizzes.formats import FormatError
    from quizzes.importing import guess_format, parse_file

    found, written = {}, set()
    for language in languages:
        for path in (root / f"questions.{language}.gift", root / f"questions.{language}.xml"):
            if not path.is_file():
                continue
            written.add(language)
            try:
                parsed = parse_file(path.read_bytes(), guess_format(path.name), path.name)
            except FormatError as error:
                for line, message in error.errors:
                    c.add(path, message, gettext("fix the question file (see docs/package-format.md)"), line or None)
                continue
            for question in parsed.questions:
                for code in question.outcome_codes:
                    if code not in known.outcomes:
                        c.add(path, gettext("unknown outcome code '%(code)s'") % {"code": code},
                              gettext("use a code from the framework ($CATEGORY: CODE)"),
                              question.line)
            found[language] = parsed
    missing = [language for language in languages if language not in written]
    if written and missing:
        c.add(root / f"questions.{missing[0]}.gift", gettext("the quiz has no '%(language)s' version") % {"language": missing[0]},
              gettext("add questions.%(language)s.gift or remove '%(language)s' from languages") % {"language": missing[0]})
    return found


def check_image(path: Path) -> str | None:
    """Why the image at ``path`` cannot be imported, or None if it can."""
    if path.suffix.lower() == ".svg":
        head = path.read_bytes()[:MAX_TEXT_FILE_BYTES].decode("utf-8", "replace")
        if SVG_HOSTILE.search(head):
            return "SVG image contains script, event handlers or external references and is refused"
        return "SVG images are not accepted"
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"image is {size / 2**20:.0f} MB, more than {MAX_IMAGE_BYTES // 2**20} MB"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.format not in IMAGE_FORMATS:
                return f"image format {image.format} is not accepted"
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return f"image has {image.width}×{image.height} pixels, more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        return f"file is not a readable image ({error.__class__.__name__})"
    return None


def _check_figure(c: _Collector, root: Path, lesson_path: Path, block: Block):
    name = block.value.get("file", "")
    image = (root / name).resolve() if name else None
    if not name or not image.is_relative_to(root.resolve()) or name.startswith("/"):
        c.add(lesson_path, gettext("figure path '%(name)s' is not inside the package") % {"name": name},
              gettext("write '::: figure images/name.png'"), block.line)
        return
    if not image.is_file():
        c.add(lesson_path, gettext("figure image '%(name)s' does not exist") % {"name": name},
              gettext("add the file to the package or fix the path"), block.line)
        return
    reason = check_image(image)
    if reason:
        c.add(lesson_path, f"{name}: {reason}", gettext("use a PNG, JPEG, WebP or GIF of at most 10 MB and 40 megapixels"), block.line)
        return
    block.value["path"] = image
