"""The offline API (docs/offline.md): JSON, language-neutral URLs, the signed-in session
(POST with the ``X-CSRFToken`` header, as every form of the site)."""

from __future__ import annotations

from functools import wraps

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from offline import draws
from offline import sync as offline_sync
from progress.records import NotAvailable, check_public
from quizzes import attempts as quiz_attempts
from quizzes.models import QuizPage


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _json_api(methods):
    """Signed-in users only (403 JSON, never a redirect to the sign-in page) and the listed methods."""
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return _error(_("Sign in to study offline and to sync what you did."), 403)
            if request.method not in methods:
                response = _error(_("This address answers %(methods)s only.") % {"methods": ", ".join(methods)}, 405)
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)
        return never_cache(wrapper)
    return decorator


@_json_api(["POST"])
def draw(request, quiz_page_id):
    quiz = QuizPage.objects.live().filter(pk=quiz_page_id).select_related("locale").first()
    try:
        if quiz is None:
            raise NotAvailable(quiz_page_id)
        check_public(quiz)
    except NotAvailable:
        return _error(_("There is no published quiz %(id)d.") % {"id": quiz_page_id}, 404)
    try:
        made, rows = draws.make_draw(quiz, request.user)
    except quiz_attempts.QuizError as error:
        return _error(str(error), error.status)
    return JsonResponse(draws.draw_data(made, rows), status=201)


@_json_api(["GET", "POST"])
def sync(request):
    try:
        if request.method == "GET":
            return JsonResponse(offline_sync.status(request.user, offline_sync.parse_ids(request.GET.get("ids", ""))))
        records = offline_sync.parse_batch(request.body)
    except offline_sync.BadBatch as error:
        return _error(str(error), 400)
    result = offline_sync.sync(request.user, records, absolute_url=request.build_absolute_uri)
    if result["rejected"]:  # the same body, so the device drops what was accepted and shows what was not
        result["error"] = _("Some records were not accepted: see “rejected”. The others are saved.")
        return JsonResponse(result, status=400)
    return JsonResponse(result)
