"""Whether the diagrams of a module may be imported: ``diagrams/NAME.svg`` passes
the allow-list of lessons/diagrams.py and ``diagrams/NAME.toml`` gives, in every
language of a lesson that shows it, a title, a text alternative, a text
equivalent and every label. Changes when the diagram files do."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext

from contributions.package import Collector
from contributions.package.lesson import Block
from lessons.diagrams import check_svg, label_keys

TEXT_KEYS = ("title", "alt", "text")


class Diagrams:
    """The module's diagram files, each read and checked once however many lessons show it."""

    def __init__(self, c: Collector, root: Path):
        self.c, self.root = c, root
        self.read: dict[str, tuple[str, dict] | None] = {}

    def _files(self, name: str):
        if name not in self.read:
            svg_path, toml_path = self.root / "diagrams" / f"{name}.svg", self.root / "diagrams" / f"{name}.toml"
            if not svg_path.is_file():
                self.c.add(svg_path, gettext("diagram '%(name)s' has no drawing") % {"name": name},
                           gettext("add diagrams/%(name)s.svg or fix the name") % {"name": name})
                self.read[name] = None
                return None
            svg = svg_path.read_bytes()
            problems = check_svg(svg)
            for line, message in problems:
                self.c.add(svg_path, message, gettext("see Diagrams in docs/package-format.md"), line)
            meta = self.c.load_toml(toml_path)
            self.read[name] = None if problems or not meta else (svg.decode("utf-8"), meta)
        return self.read[name]

    def check(self, lesson_path: Path, language: str, block: Block):
        """Fill ``block`` with the diagram's drawing and its text in ``language``."""
        name = block.value["name"]
        found = self._files(name)
        if found is None:
            return
        svg, meta = found
        toml_path = self.root / "diagrams" / f"{name}.toml"
        texts = meta.get(language)
        if not isinstance(texts, dict):
            self.c.add(toml_path, gettext("diagram '%(name)s' has no '%(language)s' text (shown in %(lesson)s)")
                       % {"name": name, "language": language, "lesson": lesson_path.name},
                       gettext("add a [%(language)s] table with title, alt, text and [%(language)s.labels]") % {"language": language})
            return
        for key in TEXT_KEYS:
            if not isinstance(texts.get(key), str) or not texts[key].strip():
                self.c.add(toml_path, gettext("diagram '%(name)s' has no %(key)s in '%(language)s'")
                           % {"name": name, "key": key, "language": language},
                           gettext("add %(key)s = \"…\" under [%(language)s]") % {"key": key, "language": language})
        labels = texts.get("labels") if isinstance(texts.get("labels"), dict) else {}
        for key in label_keys(svg):
            if not isinstance(labels.get(key), str) or not labels[key].strip():
                self.c.add(toml_path, gettext("diagram '%(name)s' has no '%(language)s' text for the label '%(key)s'")
                           % {"name": name, "language": language, "key": key},
                           gettext("add %(key)s = \"…\" under [%(language)s.labels]") % {"key": key, "language": language})
        block.value.update(
            svg=svg, labels=[{"key": key, "text": str(labels.get(key, "")).strip()} for key in label_keys(svg)],
            **{key: str(texts.get(key, "")).strip() for key in (*TEXT_KEYS, "source")},
        )
