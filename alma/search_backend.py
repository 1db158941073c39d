"""Wagtail's database search backend, with each language's stemming.

* PostgreSQL: full-text search where each object is indexed with the text
  search configuration of its own locale ("spanish" for a Spanish lesson), and
  a query is parsed with the configuration of the active language. Wagtail's
  own backend takes one ``SEARCH_CONFIG`` for all content, which would stem
  Portuguese with Spanish rules (or not at all).
* Other databases: Wagtail's fallback backend (substring matching on the
  fields), with each word of the query cut to its Snowball stem first: the same
  algorithms PostgreSQL's dictionaries use, so "relaves" finds "relave" there too.

Set ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "alma.search_backend"}}``.
"""

import copy
from collections import defaultdict
from functools import cache

import snowballstemmer
from django.conf import settings
from django.db import connection
from django.utils import translation
from modelsearch.backends.database.fallback import DatabaseSearchBackend, DatabaseSearchQueryCompiler

# PostgreSQL's text search configuration and Snowball's algorithm for each site language.
LANGUAGES = {"es": "spanish", "pt": "portuguese", "en": "english", "fr": "french"}
# A stem this short would match too much by substring ("min" from "minería"): keep the word.
MIN_STEM = 4


def language_name(language_code: str | None) -> str | None:
    return LANGUAGES.get((language_code or settings.LANGUAGE_CODE).split("-")[0].lower())


def search_config(language_code: str | None = None) -> str:
    """PostgreSQL's configuration for a language ("simple": no stemming, when unknown)."""
    return language_name(language_code or translation.get_language()) or "simple"


@cache
def _stemmer(name):
    return snowballstemmer.stemmer(name)


def stem(word: str, language_code: str | None = None) -> str:
    """The Snowball stem of ``word`` in the language (the word itself if too short or unknown)."""
    name = language_name(language_code or translation.get_language())
    if not name:
        return word
    stemmed = _stemmer(name).stemWord(word.lower())
    return stemmed if len(stemmed) >= MIN_STEM else word


class StemmingQueryCompiler(DatabaseSearchQueryCompiler):
    def build_single_term_filter(self, term):
        return super().build_single_term_filter(stem(term))


class StemmingFallbackBackend(DatabaseSearchBackend):
    query_compiler_class = StemmingQueryCompiler
    autocomplete_query_compiler_class = StemmingQueryCompiler


def _postgres_backend(params):
    # Imported here: these modules need PostgreSQL's driver and contrib app.
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from wagtail.models import Locale

    class LocalisedIndex(PostgresIndex):
        def add_items(self, model, objs):
            """Index each language's objects with that language's configuration."""
            languages = dict(Locale.objects.values_list("pk", "language_code"))
            groups = defaultdict(list)
            for obj in objs:
                groups[search_config(languages.get(getattr(obj, "locale_id", None)))].append(obj)
            for config, group in groups.items():
                # A copy, not a setting changed in place: another thread may be indexing.
                index = copy.copy(self)
                index.backend = copy.copy(self.backend)
                index.backend.config = config
                PostgresIndex.add_items(index, model, group)

    class LocalisedQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return search_config()

    class LocalisedPostgresBackend(PostgresSearchBackend):
        query_compiler_class = LocalisedQueryCompiler
        index_class = LocalisedIndex

    return LocalisedPostgresBackend(params)


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    if connection.vendor == "postgresql":
        return _postgres_backend(params)
    return StemmingFallbackBackend(params)
