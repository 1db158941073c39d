"""Write a module back to the package format (docs/package-format.md).

``import_module(read_module(export_module(m)))`` gives the same pages: the
importer then finds nothing changed and saves no revision. The latest revision
of each page is exported, so a module edited in the admin can be reviewed as a
diff of its package.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

from django.conf import settings

from contributions.models import ImportedPage
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.importing import dump, export_questions
from quizzes.models import Question, QuizPage

CHART_KEYS = ("kind", "x", "y", "series", "where", "title", "caption")


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


def _toml(values: dict) -> str:
    return "".join(f"{key} = {_toml_value(value)}\n" for key, value in values.items())


def _latest(page):
    return page.get_latest_revision_as_object() if page.latest_revision_id else page


def _guide_block(block) -> str:
    """A teacher-guide block as its ``::: directive`` (contributions/package/guide.py)."""
    kind, value = block.block_type, block.value
    if kind == "markdown":
        return str(value).strip()
    if kind in ("prior_knowledge", "differentiation"):
        head = f"::: {kind.replace('_', '-')}"
        text = str(value)
    elif kind == "phase":
        head, text = f"::: phase {value['minutes']} {value['title']}", str(value["text"])
    elif kind == "material":
        head, text = f"::: material {value['code']} {value['title']}", str(value["text"])
    else:
        head, text = f"::: {kind.replace('_', '-')} {value['activity']}", str(value["text"])
    return f"{head}\n{text.strip()}\n:::" if text.strip() else f"{head}\n:::"


class Exporter:
    def __init__(self, module: ModulePage, *, latest: bool = True):
        self.module = module
        self.latest = latest
        self.warnings: list[str] = []
        self.files: dict[str, bytes] = {}
        self._image_names: dict[int, str] = {}
        self._diagrams: dict[str, tuple[str, dict[str, dict]]] = {}  # name: (drawing, texts by language)
        self._language = ""

    def _version(self, page):
        """The latest revision (for review), or the published page (for the public)."""
        return _latest(page) if self.latest else page

    def _image_name(self, image) -> str:
        if image.pk not in self._image_names:
            name = Path(image.file.name).name
            if f"images/{name}" in self.files:
                name = f"{image.pk}-{name}"
            with image.open_file() as handle:
                self.files[f"images/{name}"] = handle.read()
            self._image_names[image.pk] = name
        return f"images/{self._image_names[image.pk]}"

    def _block(self, block, where) -> str | None:
        kind, value = block.block_type, block.value
        if kind == "markdown":
            return str(value).strip()
        if kind == "callout":
            head = f"::: callout {value['kind']} {value['title']}".rstrip()
            return f"{head}\n{value['text'].strip()}\n:::"
        if kind == "activity":
            lines = [f"::: activity {value['duration_minutes']} {value['title']}".rstrip()]
            if value["materials"]:
                lines += ["Materials:"] + [f"- {m}" for m in value["materials"]] + [""]
            lines += [f"{n}. {' '.join(str(step).split())}" for n, step in enumerate(value["steps"], start=1)]
            return "\n".join(lines + [":::"])
        if kind == "glossary_term":
            return f"::: glossary {value['term'].code}\n:::"
        if kind == "image":
            lines = [f"::: figure {self._image_name(value['image'])}", f"alt: {value['alt_text']}"]
            lines += [f"{key}: {value[key]}" for key in ("caption", "credit") if value.get(key)]
            return "\n".join(lines + [":::"])
        if kind == "diagram":
            texts = {key: value[key] for key in ("title", "alt", "text", "source") if value[key]}
            texts["labels"] = {label["key"]: label["text"] for label in value["labels"]}
            self._diagrams.setdefault(value["name"], (value["svg"], {}))[1][self._language] = texts
            return f"::: diagram {value['name']}\n:::"
        if kind == "chart":
            lines = [f"::: chart {value['dataset']}"]
            lines += [f"{key}: {' '.join(str(value[key]).split())}" for key in CHART_KEYS if value.get(key)]
            return "\n".join(lines + [":::"])
        self.warnings.append(f"{where}: '{kind}' blocks cannot be written to the package format yet; left out")
        return None

    def run(self) -> dict[str, bytes]:
        module = self.module
        pages = ModulePage.objects.filter(translation_key=module.translation_key).select_related("locale")
        if not self.latest:
            pages = pages.live()
        versions = {m.locale.language_code: self._version(m) for m in pages}
        order = [code for code, _ in settings.LANGUAGES if code in versions]
        source = versions[order[0]]
        source_lessons = LessonPage.objects.child_of(versions[order[0]]).order_by("path")
        source_lessons = list(source_lessons if self.latest else source_lessons.live())
        keys = [lesson.translation_key for lesson in source_lessons]
        lessons_by_language = {}
        for language in order:
            children = LessonPage.objects.child_of(versions[language]).filter(translation_key__in=keys)
            found = {l.translation_key: l for l in (children if self.latest else children.live())}
            if len(found) < len(keys):
                self.warnings.append(f"language '{language}' left out: not every lesson is translated")
                continue
            lessons_by_language[language] = [found[key] for key in keys]
        quizzes = self._quizzes(versions, order)
        if quizzes:
            for language in order:
                if language in lessons_by_language and language not in quizzes:
                    self.warnings.append(f"language '{language}' left out: the module quiz has no questions in it")
                    del lessons_by_language[language]
        languages = [code for code in order if code in lessons_by_language]
        stems = []
        records = dict(ImportedPage.objects.filter(page__in=source_lessons).values_list("page_id", "source_path"))
        for index, lesson in enumerate(source_lessons, start=1):
            match = re.match(r"^lessons/(.+)\.[a-z]{2,3}\.md$", records.get(lesson.pk, ""))
            stems.append(match.group(1) if match else f"{index:02d}-{lesson.slug}")

        manifest = {
            "slug": source.slug, "level": source.level,
            "themes": sorted(source.themes.values_list("code", flat=True)),
            "minerals": sorted(source.minerals.values_list("code", flat=True)),
            "outcomes": sorted(source.outcomes.values_list("code", flat=True)),
            "languages": languages, "licence": source.licence, "version": source.version,
            "estimated_hours": float(source.estimated_hours), "lessons": stems,
            "title": {code: versions[code].title for code in languages},
            "summary": {code: versions[code].summary for code in languages},
        }
        text = _toml(manifest)
        if source.institution:
            inst = source.institution
            data = {"slug": inst.slug, "name": inst.name, "kind": inst.kind, "country": str(inst.country)}
            if getattr(inst, "region", ""):
                data["region"] = inst.region
            text += "\n[institution]\n" + _toml(data)
        for author in source.authors.all():
            text += "\n[[authors]]\n" + _toml({"name": author.name, "orcid": author.orcid, "affiliation": author.affiliation})
        self.files["module.toml"] = text.encode()

        for language in languages:
            self._language = language
            for stem, page in zip(stems, lessons_by_language[language]):
                page = self._version(page)
                name = f"lessons/{stem}.{language}.md"
                front = _toml({"title": page.title, "slug": page.slug, "summary": page.summary, "minutes": page.minutes,
                               "outcomes": sorted(page.outcomes.values_list("code", flat=True))})
                parts = [p for p in (self._block(b, name) for b in page.body) if p]
                self.files[name] = (f"+++\n{front}+++\n\n" + "\n\n".join(parts) + "\n").encode()
                if page.teacher_guide:
                    guide = [p for p in (_guide_block(b) for b in page.teacher_guide) if p]
                    self.files[f"lessons/{stem}.teacher.{language}.md"] = ("\n\n".join(guide) + "\n").encode()
        for name, (drawing, texts) in self._diagrams.items():
            self.files[f"diagrams/{name}.svg"] = drawing.encode()
            self.files[f"diagrams/{name}.toml"] = "\n".join(
                f"[{language}]\n" + _toml({k: v for k, v in values.items() if k != "labels"})
                + f"\n[{language}.labels]\n" + _toml(values["labels"]) for language, values in texts.items()).encode()
        for language in languages:
            if language in quizzes:
                self.files[f"questions.{language}.gift"] = quizzes[language].encode()
        return self.files

    def _quizzes(self, versions: dict, order: list[str]) -> dict[str, str]:
        """The module quiz in each language (GIFT, questions in the order of the quiz
        page's slots): the first quiz page among the module's children."""
        found = {}
        for language in order:
            quizzes = QuizPage.objects.child_of(versions[language]).exclude(pk=versions[language].pre_test_id).order_by("path")
            quiz = (quizzes if self.latest else quizzes.live()).first()
            if quiz is None:
                continue
            ids = [slot.question_id for slot in self._version(quiz).slots.all() if slot.question_id]
            if not ids:
                continue
            # One question at a time: export_questions sorts by outcome, the quiz keeps its own order.
            parsed = [q for pk in ids for q in export_questions(Question.objects.filter(pk=pk))]
            found[language] = dump(parsed, "gift")
        return found


def export_module(module: ModulePage, *, latest: bool = True) -> tuple[dict[str, bytes], list[str]]:
    exporter = Exporter(module, latest=latest)
    return exporter.run(), exporter.warnings


def find_module(slug: str) -> ModulePage:
    module = ModulePage.objects.filter(slug=slug).order_by("pk").first()
    if module is None:
        raise ModulePage.DoesNotExist(slug)
    return module


def write_folder(files: dict[str, bytes], target: Path):
    target = Path(target)
    if target.exists():
        # What a previous export wrote and this one may not: stale lessons, figures, diagrams and quizzes.
        shutil.rmtree(target / "lessons", ignore_errors=True)
        shutil.rmtree(target / "images", ignore_errors=True)
        shutil.rmtree(target / "diagrams", ignore_errors=True)
        for stale in target.glob("questions.*"):
            stale.unlink()
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def zip_bytes(files: dict[str, bytes], folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()
