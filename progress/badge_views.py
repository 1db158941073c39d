"""Public JSON of Open Badges 3.0: the issuer profile (with its keys), achievements, status lists.

No language prefix: these ids are the same for every visitor. Everyone may read them, like the
verification page; a verifier fetches them without signing in.
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from progress.badges.status_list import SIZE
from progress.badges.credential import achievement, issuer_profile, signed_status_list
from progress.certificates import render_badge_png
from progress.models import Certificate, Enrolment, WithdrawnStatusIndex

LD_JSON = "application/ld+json"


def _json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False}, content_type=LD_JSON)
    response["Access-Control-Allow-Origin"] = "*"  # verifiers run in browsers too
    return response


@require_GET
def issuer(request):
    return _json(issuer_profile())


@require_GET
def achievement_json(request, kind, key, language):
    if kind not in Enrolment.Kind.values:
        raise Http404
    data = achievement(kind, key, language)
    if data is None:
        raise Http404
    return _json({"@context": issuer_profile()["@context"][:2], **data})


@require_GET
def achievement_image(request, kind, key, language):
    """The Achievement's picture (a PNG badge with its title in that language)."""
    data = achievement(kind, key, language) if kind in Enrolment.Kind.values else None
    if data is None:
        raise Http404
    response = HttpResponse(render_badge_png(data["name"]), content_type="image/png")
    response["Cache-Control"] = "max-age=86400"
    return response


@require_GET
def status_list(request, number):
    if not (Certificate.objects.filter(status_index__gte=number * SIZE, status_index__lt=(number + 1) * SIZE).exists()
            or WithdrawnStatusIndex.objects.filter(index__gte=number * SIZE, index__lt=(number + 1) * SIZE).exists()):
        raise Http404
    response = _json(signed_status_list(number))
    response["Cache-Control"] = "max-age=300"
    return response
