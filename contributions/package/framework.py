"""Reading a framework package: themes, minerals, learning outcomes and the
glossary, each with its text in every language of the package. Changes when the
framework's format does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from contributions.package import LEVELS, SLUG, Collector, line_of
from contributions.package.national import NationalCurricula, read_national

BLOOM_VERBS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
OUTCOME_CODE = re.compile(r"^[A-Z]{2,4}-(PRI|SEC|TEC|UNI|TT)-\d{2}$")


@dataclass
class FrameworkPackage:
    root: Path
    slug: str
    languages: list[str]
    themes: list[dict]
    minerals: list[dict]
    outcomes: list[dict]
    glossary: list[dict]
    national: NationalCurricula = field(default_factory=NationalCurricula)

    def codes(self) -> dict[str, set[str]]:
        return {
            "themes": {t["code"] for t in self.themes},
            "minerals": {m["code"] for m in self.minerals},
            "outcomes": {o["code"] for o in self.outcomes},
            "glossary": {g["code"] for g in self.glossary},
        }


def _check_translations(c: Collector, path, entry, key, languages, code, text):
    value = entry.get(key)
    if not isinstance(value, dict):
        c.add(path, f"{code}: '{key}' must be a table of languages", f'write {key} = {{ es = "…", en = "…" }}',
              line_of(text, f'"{code}"'))
        return
    for language in languages:
        if not isinstance(value.get(language), str) or not value[language].strip():
            c.add(path, f"{code}: '{key}' has no text in '{language}'", f"add {key}.{language}", line_of(text, f'"{code}"'))


def _entries(c: Collector, path: Path, table: str) -> tuple[list[dict], str]:
    data = c.load_toml(path)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    entries = data.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        c.add(path, f"'{table}' must be an array of tables", f"write each entry as [[{table}]]")
        return [], text
    return entries, text


def read_framework(root: Path, site_languages: set[str]) -> FrameworkPackage:
    root = Path(root)
    c = Collector(root)
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
                      line_of(text, str(code)))
                continue
            if code in seen:
                c.add(path, f"{label} code '{code}' is used twice (also in {seen[code].name})", "give each entry its own code",
                      line_of(text, f'"{code}"'))
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
            c.add(path, f"{entry.get('code')}: symbol is missing", 'add symbol = "Cu"', line_of(text, f'"{entry.get("code")}"'))
    for path, entry, text in glossary:
        _check_translations(c, path, entry, "term", languages, entry.get("code"), text)
        _check_translations(c, path, entry, "definition", languages, entry.get("code"), text)
    for path, entry, text in outcomes:
        code = entry.get("code")
        line = line_of(text, f'"{code}"')
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
    national = NationalCurricula()
    if (root / "national").is_dir():
        national = read_national(root / "national", c, {e.get("code") for _, e, _ in outcomes})
    c.raise_if_any()
    return FrameworkPackage(
        root=root, slug=meta.get("slug", "framework"), languages=languages,
        themes=[e for _, e, _ in themes], minerals=[e for _, e, _ in minerals],
        outcomes=[e for _, e, _ in outcomes], glossary=[e for _, e, _ in glossary], national=national,
    )
