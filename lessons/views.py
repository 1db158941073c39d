from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from alma.i18n import language_codes, native_language_name
from curriculum.models import Level, Mineral, Theme
from lessons.search import FACETS, KINDS, site_search

FACET_TITLES = {
    "type": _("Type"), "level": _("Level"), "theme": _("Theme"), "mineral": _("Mineral"), "lang": _("Language"),
}
PER_PAGE = 20


def _chosen(request) -> dict:
    """The facets chosen in the query string; the language defaults to the page's."""
    chosen = {facet: request.GET.get(facet, "").strip()[:40] for facet in FACETS}
    chosen = {facet: value for facet, value in chosen.items() if value}
    if chosen.get("lang") not in language_codes():
        chosen["lang"] = translation.get_language()
    return chosen


def _labels(facet, values) -> dict:
    if facet == "type":
        return KINDS
    if facet == "level":
        return dict(Level.choices)
    if facet == "lang":
        return {code: capfirst(native_language_name(code)) for code in values}
    model = Theme if facet == "theme" else Mineral
    # Names in the page's language, else in any language the entry has.
    names = {}
    for entry in model.objects.filter(code__in=values).select_related("locale"):
        if entry.code not in names or entry.locale.language_code == translation.get_language():
            names[entry.code] = entry.name
    return names


def _facets(request, chosen, counts) -> list:
    """Each facet's options with their counts and the link that chooses (or drops) them."""
    facets = []
    for facet in FACETS:
        values = set(counts[facet]) | ({chosen[facet]} if facet in chosen else set())
        labels = _labels(facet, values)
        options = []
        for value in values:
            params = request.GET.copy()
            params.pop("page", None)
            active = chosen.get(facet) == value
            if active and facet != "lang":
                params.pop(facet, None)
            else:
                params[facet] = value
            options.append({"value": value, "label": labels.get(value, value), "count": counts[facet][value],
                            "active": active, "href": "?" + params.urlencode()})
        if options:
            options.sort(key=lambda option: (-option["count"], str(option["label"])))
            # A facet with a single, unchosen option says little: folded, to keep the results near the top.
            folded = len(options) == 1 and not options[0]["active"]
            facets.append({"name": facet, "title": FACET_TITLES[facet], "options": options, "open": not folded})
    return facets


def search(request):
    """Search modules, lessons, quizzes' topics and glossary terms, one language at a time."""
    query = request.GET.get("q", "").strip()[:200]
    context = {"query": query}
    if query:
        chosen = _chosen(request)
        results = site_search(query, chosen)
        suggestion_params = request.GET.copy()
        suggestion_params["q"] = results.suggestion
        suggestion_params.pop("page", None)
        context.update(
            results=results,
            page_obj=Paginator(results.hits, PER_PAGE).get_page(request.GET.get("page")),
            facets=_facets(request, chosen, results.counts),
            suggestion_href="?" + suggestion_params.urlencode(),
            other_language=chosen["lang"] != translation.get_language(),
            result_language=native_language_name(chosen["lang"]),
        )
    return TemplateResponse(request, "lessons/search.html", context)
