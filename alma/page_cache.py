"""Whole-page cache for anonymous visitors, shared-part cache for signed-in ones.

A rendered public page is stored under a key that includes a global *content
version*. Any change to published content (a publish, unpublish, move, or a
framework snippet saved) bumps the version, so every cached page is stale at
once and "publishing shows at once" holds without tracking which page shows
which other page's title (menus, previous/next links, catalogue cards).

Signed-in learners get the same cached rendering of a page's shared part
(one per content version, host, language and path), with their personal parts
rendered per request (see alma/personal.py).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from alma import data_saver, personal

VERSION_KEY = "alma:content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # First use, or the key was evicted (a cache can cull any entry): start
        # from the clock, never from 1, so that a reset cannot bring back a page
        # cached under an old version number.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version if version is not None else time.time_ns() // 1000


# Whether this process has cached a page since it last bumped the version. While
# it has not, a further bump in the same transaction cannot make this process
# see anything fresher: an import saving thousands of rows bumps once or twice,
# not once per row (each bump is a write to the shared cache).
_stored_since_bump = True


def _bump() -> None:
    global _stored_since_bump
    _stored_since_bump = False
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates
        content_version()


def bump_content_version(**kwargs) -> None:
    """Invalidate every cached page: now, and again when the transaction commits.

    The bump at commit closes a race between processes: until the change
    commits, other workers still read the old content, and a page one of them
    renders in that window would otherwise be cached under the new version.
    The bump now lets this process see its own change before the commit.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
        return
    if _stored_since_bump:
        _bump()
    # Once per transaction; Django drops the callbacks of a rolled-back
    # transaction or savepoint, so a later save registers it again.
    if not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump)


def is_cacheable_request(request) -> bool:
    # No session cookie means no login, no passed password restriction and no
    # personal overlay: the page is the same for every such visitor.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cache_key(request, kind="page") -> str:
    # The address is hashed: a search's query string is the visitor's to make as long as they like.
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    if data_saver.is_on(request):  # images left out: a rendering of its own (alma/data_saver.py)
        kind += "-lite"
    return f"alma:{kind}:{content_version()}:{request.get_host()}:{translation.get_language()}:{address}"


def store(key, value, timeout=None) -> None:
    """Cache something made from published content under a key that holds ``content_version()``: a
    further change in this same transaction then bumps the version again (see ``_stored_since_bump``)."""
    global _stored_since_bump
    cache.set(key, value, settings.ALMA_PAGE_CACHE_SECONDS if timeout is None else timeout)
    _stored_since_bump = True


def cached(view):
    """Wrap a page-serving view with the anonymous page cache."""

    def wrapper(request, *args, **kwargs):
        if not is_cacheable_request(request):
            if request.method == "GET" and request.user.is_authenticated:
                return _serve_shared(view, request, *args, **kwargs)
            return view(request, *args, **kwargs)
        key = cache_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Alma-Cache"] = "hit"
            patch_vary_headers(response, ["Cookie"])
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not response.cookies and not response.get("Cache-Control", "").count("private"):
            store(key, (response.content, response["Content-Type"]))
            response["X-Alma-Cache"] = "miss"
        return response

    wrapper.__wrapped__ = view
    return wrapper


def _serve_shared(view, request, *args, **kwargs):
    """A signed-in GET: this user's filled page from the cache, else the page's shared
    part from the cache (or rendered and stored) with the personal parts rendered for
    this request (see alma/personal.py)."""
    key = cache_key(request, "shared")
    own_key = personal.filled_key(request, key)
    own = cache.get(own_key) if own_key else None
    if own is not None:
        content, content_type = own
        response = HttpResponse(personal.with_csrf(content, request), content_type=content_type)
        response["X-Alma-Cache"] = "hit"
    else:
        hit = cache.get(key)
        if hit is not None:
            content, content_type, page_snapshot, listed = hit
            page = personal.restore(page_snapshot)
            response = HttpResponse(content_type=content_type)
            response["X-Alma-Cache"] = "hit"
        else:
            personal.begin(request)
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            finally:
                page = personal.end(request)
            if page is None:
                return response
            content, content_type = response.content.decode(response.charset), response["Content-Type"]
            listed = personal.listed_pages(content)
            # A page behind a view restriction (login, group, password) is not the
            # same for every signed-in user: never shared.
            if response.status_code != 200 or page.get_view_restrictions().exists():
                own_key = None
            else:
                store(key, (content, content_type, personal.snapshot(page), listed))
                response["X-Alma-Cache"] = "miss"
        filled = personal.fill(content, request, page, listed, csrf=False)
        if own_key:
            cache.set(own_key, (filled, content_type), settings.ALMA_PERSONAL_PAGE_SECONDS)
        response.content = personal.with_csrf(filled, request)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response
