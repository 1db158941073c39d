"""What a device needs to store a module (``GET /offline/modules/<id>/<lang>.json``): public content, for anyone."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from alma.i18n import language_codes
from curriculum.models import ModulePage
from offline.module_files import module_files


@require_GET
def module_manifest(request, page_id: int, lang: str):
    """Public content only: the module's live, unrestricted pages, as any visitor reads them."""
    if lang not in language_codes():
        return JsonResponse({"error": _("Unknown language “%(lang)s”.") % {"lang": lang}}, status=404)
    key = ModulePage.objects.filter(pk=page_id).values_list("translation_key", flat=True).first()
    module = (ModulePage.objects.live().public().filter(translation_key=key, locale__language_code=lang)
              .select_related("locale").first() if key else None)
    if module is None:
        return JsonResponse({"error": _("No published module %(id)s in “%(lang)s”.") % {"id": page_id, "lang": lang}},
                            status=404)
    response = JsonResponse(module_files(module).as_json())
    response["Cache-Control"] = "no-cache"  # the device compares the revision each time it is online
    return response
