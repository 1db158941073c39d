"""Whole-page cache for anonymous visitors.

A rendered public page is stored under a key that includes a global *content
version*. Any change to published content (a publish, unpublish, move, or a
framework snippet saved) bumps the version, so every cached page is stale at
once and "publishing shows at once" holds without tracking which page shows
which other page's title (menus, previous/next links, catalogue cards).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import patch_vary_headers

VERSION_KEY = "alma:content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates
        cache.set(VERSION_KEY, content_version() + 1, timeout=None)


def is_cacheable_request(request) -> bool:
    # No session cookie means no login, no passed password restriction and no
    # personal overlay: the page is the same for every such visitor.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cache_key(request) -> str:
    return f"alma:page:{content_version()}:{request.get_host()}:{translation.get_language()}:{request.get_full_path()}"


def cached(view):
    """Wrap a page-serving view with the anonymous page cache."""

    def wrapper(request, *args, **kwargs):
        if not is_cacheable_request(request):
            return view(request, *args, **kwargs)
        key = cache_key(request)
        hit = cache.get(key)
        if hit is not None:
            from django.http import HttpResponse

            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Alma-Cache"] = "hit"
            patch_vary_headers(response, ["Cookie"])
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not response.cookies and not response.get("Cache-Control", "").count("private"):
            cache.set(key, (response.content, response["Content-Type"]), settings.ALMA_PAGE_CACHE_SECONDS)
            response["X-Alma-Cache"] = "miss"
        return response

    wrapper.__wrapped__ = view
    return wrapper
