"""An offline bundle of modules (``manage.py export_offline``): static HTML that opens from a USB stick
(``file://``) or any static web server, in every language asked for.

The module and lesson pages are the site's own, rendered by the site for an anonymous visitor (Django's test
client, so every template, block, chart and overlay runs as it does online) and made fit for the bundle by
``lessons.offline_html``. The indexes, search, glossary and quiz pages are written from
``templates/lessons/offline/``. Layout::

    index.html                    the languages
    assets/                       CSS, scripts, icons (from the static files)
    media/                        images, at a phone-sized rendition
    <lang>/index.html             the modules, then search.html + search-index.js, glossary.html
    <lang>/<module>/index.html    the module; <lesson>.html, <quiz>.html
"""

from __future__ import annotations

import json
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from curriculum.models import CatalogPage, HomePage, ModulePage
from lessons.models import GlossaryTerm
from lessons.offline_html import OfflinePage, sprite_inline
from quizzes.definition import correct_answer_text, public_view, shuffled_order
from quizzes.models import QuizPage, ReviewWhen
from quizzes.review import translate_words

OWN_ASSETS = ("css/alma.css", "js/alma.js", "js/offline-search.js", "icons/favicon.svg")
SEARCH_TEXT_CHARS = 4000  # per page: enough to find a lesson by its words, small enough for a phone


class OfflineExportError(Exception):
    """A request the command cannot carry out, saying what to change."""


@dataclass
class Written:
    path: str
    title: str


@dataclass
class _Language:
    code: str
    name: str
    locale: Locale
    modules: list = field(default_factory=list)
    search: list = field(default_factory=list)


def languages_from(codes: list[str] | None) -> list[tuple[str, str]]:
    known = dict(settings.LANGUAGES)
    codes = codes or list(known)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise OfflineExportError(f"Unknown language {', '.join(map(repr, unknown))}: "
                                 f"this site has {', '.join(known)}.")
    return [(code, str(known[code])) for code in dict.fromkeys(codes)]


def modules_from(slugs: list[str]) -> list:
    """The translation keys of the live modules named by their slugs (in any language)."""
    keys = {}
    for slug in slugs:
        found = list(ModulePage.objects.live().filter(slug=slug).values_list("translation_key", flat=True))
        if not found:
            known = sorted(set(ModulePage.objects.live().values_list("slug", flat=True)))
            raise OfflineExportError(f"No published module has the slug {slug!r}. Published modules: "
                                     f"{', '.join(known[:30]) or 'none'}{' …' if len(known) > 30 else ''}.")
        keys.update(dict.fromkeys(found))
    return list(keys)


def _path(page: Page) -> str:
    return page.get_url_parts()[2]


class Exporter:
    def __init__(self, output: Path, languages: list[tuple[str, str]], module_keys: list,
                 report: Callable[[Written], None], warn: Callable[[str], None]):
        self.output, self.report, self.warn = output, report, warn
        self.exported_at = timezone.now()
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.languages = [_Language(code, name, locales[code]) for code, name in languages if code in locales]
        for code, _name in languages:
            if code not in locales:
                self.warn(f"{code}: this site has no pages in this language yet: left out")
        self.pages: dict[str, str] = {}
        self.copied: dict[str, str | None] = {}
        for language in self.languages:
            self._map(language, module_keys)
        host = (settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost").lstrip(".").replace("*", "localhost")
        self.client = Client(HTTP_HOST=host, secure=True)  # secure: production settings redirect plain HTTP
        sprite = (finders.find("icons/sprite.svg") or "")
        self.rewriter = OfflinePage(self.pages, host, self._copy, sprite_inline(Path(sprite).read_text()))

    # -- which page goes where ----------------------------------------------------------------------------------

    def _map(self, language: _Language, module_keys: list):
        for page_class in (HomePage, CatalogPage):
            for page in page_class.objects.live().filter(locale=language.locale):
                self.pages[_path(page)] = f"{language.code}/index.html"
        for key in module_keys:
            module = ModulePage.objects.live().filter(translation_key=key, locale=language.locale).first()
            if module is None:
                self.warn(f"{language.code}: {ModulePage.objects.filter(translation_key=key).first().slug} "
                          "is not published in this language: left out")
                continue
            folder = f"{language.code}/{module.slug}"
            lessons, quizzes = list(module.lessons()), list(module.quizzes())
            language.modules.append((module, lessons, quizzes))
            self.pages[_path(module)] = f"{folder}/index.html"
            for page in lessons + quizzes:
                self.pages[_path(page)] = f"{folder}/{page.slug}.html"

    # -- writing ------------------------------------------------------------------------------------------------

    def run(self):
        self.output.mkdir(parents=True, exist_ok=True)
        for name in OWN_ASSETS:
            self._copy(settings.STATIC_URL + name)
        links = [{"code": language.code, "name": language.name} for language in self.languages]
        with translation.override(self.languages[0].code if self.languages else settings.LANGUAGE_CODE):
            self._template("index.html", "lessons/offline/languages.html", "ALMA Aula", language_links=links,
                           language=translation.get_language(), current="languages")
        for language in self.languages:
            with translation.override(language.code):
                self._language(language, links)

    def _language(self, language: _Language, links: list):
        for module, lessons, quizzes in language.modules:
            for page in [module, *lessons]:
                self._site_page(language, page)
            for quiz in quizzes:
                self._quiz(language, module, quiz, links)
        code = language.code
        modules = [{"page": m, "lessons": len(ls), "href": f"{m.slug}/index.html"} for m, ls, _q in language.modules]
        self._template(f"{code}/index.html", "lessons/offline/index.html", str(_("Modules")), language=code,
                       language_links=links, modules=modules, current="index")
        terms = list(GlossaryTerm.objects.filter(locale=language.locale).order_by("term"))
        language.search += [{"title": t.term, "kind": str(_("Glossary")), "href": f"glossary.html#term-{t.code}",
                             "text": t.definition} for t in terms]
        self._template(f"{code}/glossary.html", "lessons/offline/glossary.html", str(_("Glossary")), language=code,
                       language_links=links, terms=terms, current="glossary", same_page="glossary.html")
        index = json.dumps({"language": code, "entries": language.search}, ensure_ascii=False)
        self._write(f"{code}/search-index.js", "window.ALMA_SEARCH_INDEX = " + index.replace("</", "<\\/") + ";\n")
        self._template(f"{code}/search.html", "lessons/offline/search.html", str(_("Search")), language=code,
                       language_links=links, current="search", same_page="search.html")

    def _site_page(self, language: _Language, page: Page):
        here = self.pages[_path(page)]
        answer = self.client.get(_path(page), HTTP_ACCEPT_LANGUAGE=language.code)
        if answer.status_code != 200:
            raise OfflineExportError(f"{_path(page)} answered {answer.status_code}: the page could not be exported.")
        chrome = {"root": _root(here), "language": language.code, "exported_at": self.exported_at}
        html = self.rewriter.rewrite(answer.content.decode(), here,
                                     nav_html=render_to_string("lessons/offline/nav.html", chrome),
                                     note_html=render_to_string("lessons/offline/note.html", chrome))
        self._write(here, html)
        soup = BeautifulSoup(html, "html.parser")
        content = soup.select_one("main article") or soup.find("main")
        language.search.append({
            "title": page.title, "kind": str(page.specific_class._meta.verbose_name).capitalize(),
            "href": posixpath.relpath(here, language.code),
            "text": " ".join((content.get_text(" ") if content else "").split())[:SEARCH_TEXT_CHARS]})
        self.report(Written(here, page.title))

    def _quiz(self, language: _Language, module, quiz: QuizPage, links: list):
        here = self.pages[_path(quiz)]
        self._template(here, "lessons/offline/quiz.html", quiz.title, language=language.code, language_links=links,
                       module=module, quiz=quiz, questions=practice_questions(quiz, language.locale))
        language.search.append({"title": quiz.title, "kind": str(QuizPage._meta.verbose_name).capitalize(),
                                "href": posixpath.relpath(here, language.code), "text": quiz.intro})

    def _template(self, here: str, template: str, title: str, **context):
        context.update(root=_root(here), exported_at=self.exported_at)
        html = self.rewriter.rewrite(render_to_string(template, context), here)
        self._write(here, html)
        self.report(Written(here, title))

    def _write(self, here: str, text: str):
        target = self.output / here
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def _copy(self, site_path: str) -> str | None:
        """Copy a static or media file into the bundle, once; its bundle path, or None when there is none."""
        if site_path in self.copied:
            return self.copied[site_path]
        target = None
        if site_path.startswith(settings.STATIC_URL):
            name = site_path[len(settings.STATIC_URL):]
            source = finders.find(name) or (staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None)
            if source:
                target = f"assets/{name}"
                (self.output / target).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, self.output / target)
        elif site_path.startswith(settings.MEDIA_URL):
            name = site_path[len(settings.MEDIA_URL):]
            if default_storage.exists(name):
                target = f"media/{name}"
                (self.output / target).parent.mkdir(parents=True, exist_ok=True)
                with default_storage.open(name, "rb") as source, open(self.output / target, "wb") as out:
                    shutil.copyfileobj(source, out)
        self.copied[site_path] = target
        return target


def _root(here: str) -> str:
    return "../" * here.count("/")


def shows_answers(quiz: QuizPage) -> bool:
    """A quiz whose rules show each right answer as soon as a question is checked: nothing is given away."""
    return quiz.answers_when == ReviewWhen.IMMEDIATELY


def practice_questions(quiz: QuizPage, locale: Locale) -> list | None:
    """The quiz as practice (each question with its right answers), or None when its rules keep the answers
    back or its questions are drawn at random per attempt."""
    slots = list(quiz.slots.select_related("question"))
    if not shows_answers(quiz) or any(slot.question is None for slot in slots):
        return None
    questions = []
    for number, slot in enumerate(slots, 1):
        question = slot.question.get_translation_or_none(locale) or slot.question
        definition = question.build_definition()
        view = public_view(definition, shuffled_order(definition, number))  # the right choice is not always first
        listed = [entry["text"] for entry in view.get("choices") or view.get("items") or view.get("prompts") or []]
        questions.append({"name": f"q{number}", "view": view, "listed": listed, "options": view.get("options", []),
                          "answers": translate_words(definition, correct_answer_text(definition)),
                          "feedback": definition.get("general_feedback", "")})
    return questions


def export(slugs: list[str], output: Path, languages: list[str] | None = None,
           report: Callable[[Written], None] = lambda written: None,
           warn: Callable[[str], None] = lambda message: None) -> Exporter:
    """Write the bundle of the modules ``slugs`` into ``output``; raises ``OfflineExportError``."""
    chosen = languages_from(languages)
    exporter = Exporter(Path(output), chosen, modules_from(slugs), report, warn)
    exporter.run()
    return exporter
