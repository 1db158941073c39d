"""Site search: modules, lessons, quizzes (by their questions' topics) and glossary terms.

Matching is Wagtail's search framework (``alma.search_backend`` stems each
language). Everything a learner may open is checked here: live, public pages
inside a live, public module, in one language at a time. A quiz is found by its
title and introduction, or by its questions' topics: the learning outcomes it
draws on and the text of its questions; never by their answers or feedback,
which are not searched, and the result shows the outcomes, not the questions.

All the languages are searched, so the language facet can count them; the
other facets (type, level, theme, mineral) are counted in Python over the hits,
each with the other facets' choices applied, as a catalogue's filters do.
"""

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from alma.i18n import language_codes
from alma.page_cache import content_version
from alma.search_backend import stem
from curriculum.models import LearningOutcome, ModulePage
from lessons.models import GlossaryTerm, LessonPage
from quizzes.models import Question, QuizPage, QuizSlot

KINDS = {"module": _("Module"), "lesson": _("Lesson"), "quiz": _("Quiz"), "glossary": _("Glossary term")}
FACETS = ("type", "level", "theme", "mineral", "lang")
PER_KIND = 200  # matches kept per kind and language: far more than anyone pages through
WORD = re.compile(r"\w+")
VOCABULARY_SECONDS = 3600  # and stale at once when published content changes (content_version)


@dataclass
class Hit:
    kind: str
    title: str
    snippet: str
    language: str
    rank: int
    page: object = None  # the page the result opens (a glossary term opens a lesson that uses it)
    module: ModulePage | None = None
    topics: list = field(default_factory=list)  # a quiz's matching outcomes

    @property
    def kind_label(self):
        return KINDS[self.kind]

    def values(self, facet) -> set:
        module = self.module
        if facet == "type":
            return {self.kind}
        if facet == "lang":
            return {self.language}
        if module is None:
            return set()
        if facet == "level":
            return {module.level}
        related = module.themes if facet == "theme" else module.minerals
        return {entry.code for entry in related.all()}


@dataclass
class SearchResults:
    query: str  # the words searched (the suggestion, when the query found nothing)
    hits: list  # those matching every chosen facet, best first
    counts: dict  # facet -> Counter of value -> hits
    suggestion: str = ""  # "did you mean"
    corrected: bool = False  # the query found nothing and its suggestion was searched instead


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _ids(queryset, query, **kwargs) -> list:
    """The primary keys of the matches, best first (rows not loaded: a question's answers are large)."""
    return [obj.pk for obj in get_search_backend().search(query, queryset.only("pk"), **kwargs)[:PER_KIND]]


def _in_order(queryset, ids):
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _with_modules(hits) -> list:
    """Give each lesson, quiz and term its live, public module (one lookup for them all).
    A lesson or quiz of a draft or private module is dropped; a term keeps its
    definition but loses the link to a lesson that is not shown."""
    paths = {hit.page.path[: -hit.page.steplen] for hit in hits if hit.page is not None and hit.kind != "module"}
    modules = ModulePage.objects.live().public().filter(path__in=paths).prefetch_related("themes", "minerals")
    by_path = {module.path: module for module in modules}
    kept = []
    for hit in hits:
        if hit.kind != "module" and hit.page is not None:
            hit.module = by_path.get(hit.page.path[: -hit.page.steplen])
            if hit.module is None and hit.kind != "glossary":
                continue
            if hit.module is None:
                hit.page = None
        kept.append(hit)
    return kept


def _modules(query, locale, language):
    ids = _ids(ModulePage.objects.live().public().filter(locale=locale), query)
    modules = _in_order(ModulePage.objects.in_catalogue().prefetch_related("themes", "minerals"), ids)
    return [Hit("module", m.title, m.summary, language, rank, page=m, module=m) for rank, m in enumerate(modules)]


def _lessons(query, locale, language):
    ids = _ids(LessonPage.objects.live().public().filter(locale=locale), query)
    lessons = _in_order(LessonPage.objects.defer_streamfields(), ids)
    return [Hit("lesson", lesson.title, lesson.summary, language, rank, page=lesson)
            for rank, lesson in enumerate(lessons)]


def _quizzes(query, locale, language):
    """Quizzes by title and introduction, then by their questions' topics."""
    live = QuizPage.objects.live().public().filter(locale=locale)
    direct = _ids(live, query)
    # The topics asked for: outcomes whose code or statement matches, and the outcomes of
    # questions whose text matches (only the prompt is searched, never answers or feedback).
    outcome_ids = _ids(LearningOutcome.objects.filter(locale_id=locale.pk), query)
    codes = set(LearningOutcome.objects.filter(pk__in=outcome_ids).values_list("code", flat=True))
    # A cloze question's text holds its answers (its gaps), so it is not searched.
    question_ids = _ids(Question.objects.filter(locale_id=locale.pk).exclude(qtype="cloze"), query, fields=["prompt"])
    codes |= set(Question.objects.filter(pk__in=question_ids, archived=False)
                 .values_list("outcomes__code", flat=True).exclude(outcomes__code=None))
    quiz_codes = defaultdict(set)
    if codes:
        slots = QuizSlot.objects.filter(page__in=live)
        for page_id, drawn, fixed in slots.values_list("page_id", "outcome_code", "question__outcomes__code"):
            quiz_codes[page_id] |= {drawn, fixed} & codes
    ids = direct + [pk for pk in quiz_codes if quiz_codes[pk] and pk not in direct]
    quizzes = _in_order(QuizPage.objects.all(), ids)
    statements = dict(LearningOutcome.objects.filter(locale=locale, code__in=codes).values_list("code", "statement"))
    return [Hit("quiz", quiz.title, quiz.intro, language, rank, page=quiz,
                topics=[statements.get(code, code) for code in sorted(quiz_codes.get(quiz.pk, ()))])
            for rank, quiz in enumerate(quizzes)]


def _glossary(query, locale, language):
    terms = _in_order(GlossaryTerm.objects.all(), _ids(GlossaryTerm.objects.filter(locale_id=locale.pk), query))
    if not terms:
        return []
    # The first lesson (in the catalogue's order) that explains each term. The bodies read
    # are only those whose text names one of the terms (JSON text: '"term": 12}' or '…12,').
    wanted, used_in = {term.pk for term in terms}, {}
    naming = r'"term": (%s)[,}]' % "|".join(str(pk) for pk in wanted)
    lessons = (LessonPage.objects.live().public().filter(locale=locale)
               .annotate(body_text=Cast("body", TextField())).filter(body_text__regex=naming).order_by("path"))
    for lesson in lessons:
        for block in lesson.body.raw_data:
            term_id = (block.get("value") or {}).get("term") if block.get("type") == "glossary_term" else None
            if term_id in wanted:
                used_in.setdefault(term_id, lesson)
    return [Hit("glossary", term.term, term.definition, language, rank, page=used_in.get(term.pk))
            for rank, term in enumerate(terms)]


def _search_language(query, locale) -> list:
    language = locale.language_code
    with translation.override(language):  # stems the query with this language's rules
        found = _with_modules([*_modules(query, locale, language), *_lessons(query, locale, language),
                               *_quizzes(query, locale, language), *_glossary(query, locale, language)])
    stems = {stem(word, language) for word in words(query)}
    order = list(KINDS)
    # Titles naming a searched word first, then modules, lessons, quizzes, terms, each by relevance.
    return sorted(found, key=lambda hit: (not stems & {stem(w, language) for w in words(hit.title)},
                                          order.index(hit.kind), hit.rank))


def _matches(hit, chosen, skip=None) -> bool:
    return all(value in hit.values(facet) for facet, value in chosen.items() if facet != skip)


def vocabulary(locale) -> dict:
    """The words of the titles, summaries, terms and outcomes of a language, by stem (cached)."""
    key = f"alma:search-vocabulary:{content_version()}:{locale.language_code}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    texts = [*LessonPage.objects.live().public().filter(locale=locale).values_list("title", "summary"),
             *ModulePage.objects.live().public().filter(locale=locale).values_list("title", "summary"),
             *QuizPage.objects.live().public().filter(locale=locale).values_list("title", "intro"),
             *GlossaryTerm.objects.filter(locale=locale).values_list("term", "definition"),
             *LearningOutcome.objects.filter(locale=locale).values_list("statement", "code")]
    counts = Counter(word for row in texts for text in row for word in words(text)
                     if len(word) > 2 and not word.isdigit())
    by_stem = {}
    for word, _count in counts.most_common():  # the commonest form of each stem is the one suggested
        by_stem.setdefault(stem(word, locale.language_code), word)
    cache.set(key, by_stem, VOCABULARY_SECONDS)
    return by_stem


def suggest(query, locale) -> str:
    """The query with each unknown word replaced by the closest known one; "" if nothing changes."""
    by_stem = vocabulary(locale)
    known = list(by_stem.values())
    changed, out = False, []
    for word in words(query):
        if len(word) > 2 and stem(word, locale.language_code) not in by_stem:
            close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
            if close:
                word, changed = close[0], True
        out.append(word)
    return " ".join(out) if changed else ""


def site_search(query: str, chosen: dict) -> SearchResults:
    """Search every language; ``chosen`` maps facets to a value (``lang`` is always set)."""
    locales = list(Locale.objects.filter(language_code__in=language_codes()))
    locale = next((each for each in locales if each.language_code == chosen["lang"]), None) or Locale.get_active()
    hits = [hit for each in locales for hit in _search_language(query, each)]
    suggestion = suggest(query, locale)
    corrected = False
    if suggestion and not any(hit.language == locale.language_code for hit in hits):
        hits = [hit for each in locales for hit in _search_language(suggestion, each)]
        query, corrected = suggestion, True
    counts = {facet: Counter(value for hit in hits if _matches(hit, chosen, skip=facet) for value in hit.values(facet))
              for facet in FACETS}  # each facet counted with the other facets' choices applied
    return SearchResults(query, [hit for hit in hits if _matches(hit, chosen)], counts, suggestion, corrected)
