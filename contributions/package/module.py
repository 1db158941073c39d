"""Reading a module package: its manifest (module.toml), its lessons in every
language, its figures, diagrams and its quiz files. Changes when the module's format does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext

from contributions.package import LEVELS, SLUG, Collector, KnownCodes, line_of, use_one_of
from contributions.package.diagrams import Diagrams
from contributions.package.guide import GUIDE_SUFFIX, Guide, check_guide, guide_path, read_guide
from contributions.package.images import check_figure
from contributions.package.lesson import Lesson, read_lesson
from curriculum.orcid import is_valid_orcid
from quizzes.formats import FormatError
from quizzes.importing import guess_format, parse_file

LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC0-1.0")
INSTITUTION_KINDS = ("school", "technical", "university", "company", "ngo", "government")


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
    # Teacher guides by (stem, language): lessons/<stem>.teacher.<lang>.md, optional.
    guides: dict[tuple[str, str], Guide] = field(default_factory=dict)


def _is_safe_stem(stem, lesson_dir: Path, languages) -> bool:
    """A lesson stem names files directly inside lessons/: no folders, no '..', no
    hidden files, and (a symbolic link included) nothing that resolves outside."""
    if not isinstance(stem, str) or not stem or stem.startswith(".") or "/" in stem or "\\" in stem or "\0" in stem:
        return False
    inside = lesson_dir.resolve()
    return all((lesson_dir / f"{stem}.{language}.md").resolve().is_relative_to(inside) for language in languages)


def read_module(root: Path, known: KnownCodes) -> ModulePackage:
    root = Path(root)
    c = Collector(root)
    meta = c.load_toml(root / "module.toml")
    if not meta:
        c.raise_if_any()
    manifest = root / "module.toml"
    manifest_text = manifest.read_text(encoding="utf-8")

    def expect(key, kind, fix):
        value = meta.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            c.add(manifest, gettext("'%(key)s' is missing or has the wrong type") % {"key": key}, fix, line_of(manifest_text, key))
            return None
        return value

    slug = expect("slug", str, gettext('write slug = "my-module"')) or root.name
    if not SLUG.match(slug):
        c.add(manifest, gettext("slug '%(slug)s' is not a lowercase slug") % {"slug": slug}, gettext("use letters, digits and hyphens"),
              line_of(manifest_text, "slug"))
    level = expect("level", str, gettext("write level = one of %(choices)s") % {"choices": ", ".join(LEVELS)})
    if level and level not in LEVELS:
        c.add(manifest, gettext("level '%(level)s' is unknown") % {"level": level}, use_one_of(LEVELS), line_of(manifest_text, "level"))
    licence = meta.get("licence")
    if not licence:
        c.add(manifest, gettext("licence is missing"), gettext("add licence = one of %(choices)s") % {"choices": ", ".join(LICENCES)})
    elif licence not in LICENCES:
        c.add(manifest, gettext("licence '%(licence)s' is not accepted") % {"licence": licence}, use_one_of(LICENCES),
              line_of(manifest_text, "licence"))
    languages = expect("languages", list, gettext('write languages = ["es", "pt", "en"]')) or []
    for language in languages:
        if language not in known.languages:
            c.add(manifest, gettext("language '%(language)s' is not enabled on this site") % {"language": language},
                  use_one_of(sorted(known.languages)),
                  line_of(manifest_text, "languages"))
    languages = [language for language in languages if language in known.languages]
    hours = meta.get("estimated_hours", 1)
    if not isinstance(hours, (int, float)) or isinstance(hours, bool) or not 0 < hours <= 500:
        c.add(manifest, gettext("estimated_hours must be a number of hours, not %(value)r") % {"value": hours},
              gettext("write estimated_hours = 4"),
              line_of(manifest_text, "estimated_hours"))
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
                  line_of(manifest_text, key))
            values = []
        for value in values:
            if value not in known_codes:
                c.add(manifest, unknown_code[key][0] % {"code": value}, unknown_code[key][1],
                      line_of(manifest_text, str(value)))
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
                      gettext("add %(key)s.%(language)s") % {"key": key, "language": language}, line_of(manifest_text, key))
    institution = meta.get("institution")
    if institution is not None:
        if not isinstance(institution, dict) or not all(isinstance(institution.get(k), str) for k in ("slug", "name", "kind", "country")):
            c.add(manifest, gettext("[institution] needs slug, name, kind and country"), gettext("see docs/package-format.md"))
            institution = None
        elif institution["kind"] not in INSTITUTION_KINDS:
            c.add(manifest, gettext("institution kind '%(kind)s' is unknown") % {"kind": institution["kind"]}, use_one_of(INSTITUTION_KINDS))
    authors = meta.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, dict) and isinstance(a.get("name"), str) for a in authors):
        c.add(manifest, gettext("each [[authors]] entry needs a name"), gettext('write [[authors]] name = "…"'))
        authors = []
    else:
        for author in authors:
            if author.get("orcid") and not is_valid_orcid(str(author["orcid"])):
                c.add(manifest, gettext("ORCID iD '%(orcid)s' of %(name)s is not valid") % {"orcid": author["orcid"], "name": author["name"]},
                      gettext("check the 16 digits and the checksum"),
                      line_of(manifest_text, str(author["orcid"])))
    order = expect("lessons", list, gettext('write lessons = ["01-first-lesson", …]')) or []

    lessons: dict[tuple[str, str], Lesson] = {}
    guides: dict[tuple[str, str], Guide] = {}
    lesson_dir = root / "lessons"
    for stem in order:
        if not _is_safe_stem(stem, lesson_dir, languages):
            c.add(manifest, f"lesson '{stem}' is not a file name inside lessons/",
                  'use the file name without folder or language, e.g. "01-first-lesson"', line_of(manifest_text, str(stem)))
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
            guide_file = guide_path(lesson_dir, stem, language)
            guide = read_guide(guide_file, stem, language, c) if guide_file.is_file() else None
            check_guide(lesson, guide, c)
            if guide is not None:
                guides[(stem, language)] = guide
    diagrams = Diagrams(c, root)
    for lesson in lessons.values():
        for block in lesson.blocks:
            if block.type == "figure":
                check_figure(c, root, lesson.path, block)
            elif block.type == "diagram":
                diagrams.check(lesson.path, lesson.language, block)
    questions = read_question_files(root, languages, known, c)
    if lesson_dir.is_dir():
        for path in sorted(lesson_dir.glob("*.md")):
            stem, _, language = path.stem.rpartition(".")
            is_guide = stem.endswith(GUIDE_SUFFIX)
            stem = stem.removesuffix(GUIDE_SUFFIX)
            if is_guide and stem in order and language not in languages:
                c.add(path, gettext("'%(language)s' is not among the module's languages") % {"language": language},
                      gettext("add it to languages in module.toml or delete the file"))
            if stem not in order:
                c.add(path, gettext("lesson file '%(name)s' is not listed in module.toml lessons") % {"name": path.name},
                      gettext("add its stem to lessons or delete the file"))
    c.raise_if_any()
    return ModulePackage(
        root=root, slug=slug, level=level, themes=code_lists["themes"], minerals=code_lists["minerals"],
        outcomes=code_lists["outcomes"], languages=languages, licence=licence, version=str(meta.get("version", "1.0")),
        estimated_hours=float(hours), lesson_order=order, title=meta["title"], summary=meta["summary"],
        institution=institution, authors=authors, lessons=lessons, questions=questions, guides=guides,
    )


def read_question_files(root: Path, languages, known: KnownCodes, c: Collector) -> dict:
    """Parse the module quiz files (GIFT or Moodle XML), one per language; every
    error is a problem with its line. Parsing is pure (quizzes.formats)."""
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
