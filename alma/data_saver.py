"""Data saver: a visitor's choice to leave images out of pages until asked.

The choice is a cookie (``alma_data_saver=1``) for everyone, signed in or not:
no session is needed, so an anonymous visitor's pages stay cacheable. The page
cache keeps the two renderings apart (``alma.page_cache.cache_key`` adds the
flag), so one visitor's choice never reaches another's page. With it on, an
image block renders a "Show image" link to the image itself (works without
JavaScript; alma.js shows the image in place instead).
"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

COOKIE = "alma_data_saver"
COOKIE_AGE = 365 * 24 * 3600


def is_on(request) -> bool:
    return request.COOKIES.get(COOKIE) == "1"


def context(request) -> dict:
    """Context processor: ``data_saver`` for templates."""
    return {"data_saver": is_on(request)}


# The toggle is posted from the footer of pages the page cache shares between
# visitors, which carry no CSRF token; it only sets this display preference.
@csrf_exempt
@never_cache
@require_POST
def toggle(request):
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("on") == "1":
        response.set_cookie(COOKIE, "1", max_age=COOKIE_AGE, samesite="Lax", secure=request.is_secure(), httponly=True)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
