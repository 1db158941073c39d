"""What a device stores to read a module offline, in one language: its pages, the files they load,
the module's revision and an estimate of the bytes.

One reason to change: what a module's pages load. ``tests/offline/test_module_files.py`` renders the
pages and checks that every same-origin file they load is listed here, so a template that starts
loading a new file fails a test instead of breaking the offline copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from wagtail.images.models import Filter
from wagtail.models import Page

from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import QuizPage

# The files every page of a module loads (templates/base.html, the icon sprite, lessons' and quizzes' scripts).
STATIC_FILES = ("css/alma.css", "js/alma.js", "js/offline.js", "js/visit.js", "icons/favicon.svg",
                "icons/sprite.svg", "quizzes/quiz.css", "quizzes/attempt.js")
# templates/lessons/blocks/image.html: the <picture> of a lesson image, and the one image of the data saver.
PICTURE_SPECS = Filter.expand_spec("format-{webp,jpeg} bgcolor-ffffff width-{480,800,1200}")
DATA_SAVER_SPEC = "format-jpeg|bgcolor-ffffff|width-800"
# The rendition a phone shows (390–480 px wide); offline, every other rendition of the image is answered with it.
PHONE_SPEC = "format-webp|bgcolor-ffffff|width-480"
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
# A page's HTML is estimated, not rendered: its body's stored text plus what the site's templates add around
# it (the header, footer and navigation of a lesson measured about 9 KB, README "a lesson's first load").
PAGE_FRAME_BYTES = 9 * 1024


@dataclass
class ModuleFiles:
    module: ModulePage
    pages: list = field(default_factory=list)  # {"url", "kind", "id", "title"}
    files: list = field(default_factory=list)  # {"url", "bytes"}
    aliases: dict = field(default_factory=dict)  # another rendition's URL → the stored phone rendition's URL
    page_bytes: int = 0

    @property
    def bytes(self) -> int:
        return self.page_bytes + sum(f["bytes"] for f in self.files)

    def as_json(self) -> dict:
        quizzes = [p for p in self.pages if p["kind"] == "quiz"]
        return {
            "module": {"id": self.module.pk, "title": self.module.title, "url": self.module.url,
                       "language": self.module.locale.language_code},
            "revision": revision(self.pages, self.files),
            "bytes": self.bytes,
            "pages": self.pages,
            "files": self.files,
            "aliases": self.aliases,
            "quizzes": [{"id": q["id"], "url": q["url"], "draw": f"/offline/quizzes/{q['id']}/draw/"} for q in quizzes],
        }


def static_size(path: str) -> int:
    found = finders.find(path)
    if found:
        return os.path.getsize(found)
    return staticfiles_storage.size(path)


def module_files(module: ModulePage) -> ModuleFiles:
    """Everything ``module`` (one language version, live) needs offline."""
    result = ModuleFiles(module)
    children = module.get_children().live().public().specific().order_by("path")
    parts = [module] + [p for p in children if isinstance(p, (LessonPage, QuizPage))]
    for page in parts:
        kind = {ModulePage: "module", LessonPage: "lesson", QuizPage: "quiz"}[type(page)]
        result.pages.append({"url": page.url, "kind": kind, "id": page.pk, "title": page.title})
        body = getattr(page, "body", None)
        body_bytes = len(json.dumps(list(body.raw_data), cls=DjangoJSONEncoder).encode()) if body else 0
        result.page_bytes += PAGE_FRAME_BYTES + body_bytes
        if isinstance(page, LessonPage):
            for block in page.body:
                if block.block_type == "image" and block.value["image"]:
                    add_image(result, block.value["image"])
                elif block.block_type == "markdown":
                    add_media_files(result, MARKDOWN_IMAGE.findall(block.value))
    for path in STATIC_FILES:
        result.files.append({"url": static(path), "bytes": static_size(path)})
    return result


def add_image(result: ModuleFiles, image) -> None:
    renditions = image.get_renditions(*dict.fromkeys([*PICTURE_SPECS, DATA_SAVER_SPEC]))
    phone = renditions[PHONE_SPEC]
    if any(f["url"] == phone.url for f in result.files):
        return
    result.files.append({"url": phone.url, "bytes": phone.file.size})
    for spec, rendition in renditions.items():
        if spec != PHONE_SPEC:
            result.aliases[rendition.url] = phone.url


def add_media_files(result: ModuleFiles, urls) -> None:
    """Images a Markdown block names by address: those in the site's media are stored, others are not ours."""
    for url in urls:
        if url.startswith(settings.MEDIA_URL) and not any(f["url"] == url for f in result.files):
            name = url[len(settings.MEDIA_URL):]
            if default_storage.exists(name):
                result.files.append({"url": url, "bytes": default_storage.size(name)})


def revision(pages: list, files: list) -> str:
    """Changes when the module or one of its pages is published again, a page is added or removed, or a
    file they load changes (a new deployment's hashed static names, a new image)."""
    published = Page.objects.filter(pk__in=[p["id"] for p in pages]).order_by("pk").values_list(
        "pk", "live_revision_id", "last_published_at")
    state = [list(published), [p["url"] for p in pages], [f["url"] for f in files]]
    return hashlib.sha256(json.dumps(state, cls=DjangoJSONEncoder).encode()).hexdigest()[:16]
