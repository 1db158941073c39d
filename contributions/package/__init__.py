"""Curriculum packages (docs/package-format.md): what the readers share.

A package is read by ``contributions.package.framework.read_framework`` or
``contributions.package.module.read_module`` (its lessons by
``contributions.package.lesson``, its figures checked by
``contributions.package.images``). They are pure: nothing touches the database.
Each returns plain data or raises ``PackageInvalid`` listing *every* problem
found, each with its file, line and a fix.

This module holds what they share: the vocabulary of the format, the problems
and their collector, and the codes a module may refer to. It changes when the
way problems are reported does.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext

LEVELS = ("primary", "secondary", "technical", "university", "teacher-training")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024


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


class Collector:
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


def use_one_of(choices) -> str:
    return gettext("use one of %(choices)s") % {"choices": ", ".join(choices)}


def line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None
