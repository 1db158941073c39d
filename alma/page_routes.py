"""Find the page for a URL from a cached table: one query for the page instead of one per level.

Wagtail routes ``/es/catalogo/modulo/quiz/attempt/7/submit/`` by walking the tree one
``get_children().get(slug=…)`` at a time, then checks view restrictions on the page and
every ancestor: eleven queries before a signed-in POST (quiz start, save, submit) does any
work of its own. Here the live pages' paths under each site root and language are read
once per content version (``alma.page_cache``: a publish, unpublish, move or restriction
change makes a new table) with, for each, whether a view restriction applies to it or an
ancestor. A hit loads the page (one query) and lets it route the rest of the path itself,
as Wagtail would (a quiz resolves its attempt URLs); anything the table cannot answer
exactly (no entry, a routable ancestor, an alias) goes to Wagtail's own routing.
"""

from __future__ import annotations

import pickle

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site

from alma.page_cache import content_version, store

# Per relative path: (page id, content type id, whether a restriction applies, whether the page is routable).
Table = dict[str, tuple[int, int, bool, bool]]


class RestrictionsFromTable:
    """For page models: ``get_view_restrictions`` answers from the routing table when it
    knows that none applies (Wagtail's hook and ALMA's ask twice per request otherwise)."""

    def get_view_restrictions(self):
        if getattr(self, "_alma_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _build(site: Site) -> Table:
    root = site.root_page.localized
    restricted_paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    rows = (Page.objects.live().descendant_of(root, inclusive=True).filter(alias_of__isnull=True)
            .values_list("url_path", "pk", "content_type_id", "path"))
    table: Table = {}
    for url_path, pk, content_type_id, path in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        restricted = any(path.startswith(prefix) for prefix in restricted_paths)
        table[url_path[len(root.url_path):].strip("/")] = (pk, content_type_id, restricted,
                                                           issubclass(model, RoutablePageMixin))
    return table


def _table(site: Site) -> Table:
    key = f"alma:routes:{content_version()}:{site.pk}:{translation.get_language()}"
    table = cache.get(key)
    if table is None:
        table = _build(site)
        store(key, table)
    return table


def site_for(request) -> Site | None:
    """``Site.find_for_request``, its answer kept per content version and host (saving a site bumps it)."""
    if not hasattr(request, "_wagtail_site"):
        key = f"alma:site:{content_version()}:{request._get_raw_host()}:{request.get_port()}"
        site = cache.get(key)
        if site is None:
            site = Site._find_for_request(request)
            if site is not None:
                store(key, site)
        request._wagtail_site = site
    return request._wagtail_site


# This process's copies of the live pages it has served, pickled, for the current content version
# only: a page is the same row until a publish, unpublish or move, and each of those starts a new
# version. Each request unpickles its own copy (a tenth of the query, its SQL and its model).
_pages: dict[int, bytes] = {}
_pages_version: int | None = None


def _live_page(pk: int, content_type_id: int):
    global _pages_version
    version = content_version()
    if version != _pages_version:
        _pages.clear()
        _pages_version = version
    if pk in _pages:
        return pickle.loads(_pages[pk])
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=pk, live=True).first()
    if page is not None:
        _pages[pk] = pickle.dumps(page)
    return page


def prime(request, path: str) -> None:
    """Set Wagtail's per-request route (``request._wagtail_route_for_request``) from the table
    when it answers exactly; otherwise leave it to ``Page.route_for_request``."""
    site = site_for(request)
    if site is None:
        return
    table = _table(site)
    components = [component for component in path.split("/") if component]
    for cut in range(len(components), -1, -1):
        entry = table.get("/".join(components[:cut]))
        if entry is not None:
            break
    else:
        return
    pk, content_type_id, restricted, routable = entry
    rest = components[cut:]
    if rest and not routable:
        return  # Wagtail's walk decides (a child that is not live, or a 404)
    if any(table.get("/".join(components[:shorter]), (0, 0, False, False))[3] for shorter in range(cut)):
        return  # a routable ancestor would be asked first
    page = _live_page(pk, content_type_id)
    if page is None:
        return
    page._alma_unrestricted = not restricted
    try:
        request._wagtail_route_for_request = page.route(request, rest)
    except Http404:
        request._wagtail_route_for_request = None


def routed(serve):
    """Wrap Wagtail's ``serve`` view: the route comes from the table when it can."""

    def wrapper(request, path):
        prime(request, path)
        return serve(request, path)

    wrapper.__wrapped__ = serve
    return wrapper
