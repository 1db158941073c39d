"""The installable web app: its manifest and its service worker, both at the site's root.

The service worker is served by a view, not from /static/, because a worker only controls the pages under
the folder it is served from (``Service-Worker-Allowed`` says the root is meant). It is a template only to
carry the cache names; it stores nothing by itself: a device stores a module when its learner asks for it
(static/js/offline.js), so nothing changes for visitors who never do.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# --ink and --paper of static/css/alma.css: the colours of the site's header and pages.
THEME_COLOUR = "#1d2630"
BACKGROUND_COLOUR = "#fbf8f3"


@require_GET
def web_manifest(request):
    manifest = {
        "name": "ALMA Aula",
        "short_name": "ALMA Aula",
        "description": _("Open courses on mining, critical minerals and a just energy transition, from school to "
                         "university, for Latin America and the Caribbean."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("icons/app-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/app-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/app-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": static("icons/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    response["Vary"] = "Accept-Language, Cookie"  # the description is in the visitor's language
    return response


@require_GET
def service_worker(request):
    response = render(request, "offline/sw.js", content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # a new deployment's worker is picked up on the next visit
    return response
