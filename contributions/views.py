"""The public side of contributions: a published module as a package zip."""

from django.http import Http404, HttpResponse

from contributions.export import export_module, zip_bytes
from curriculum.models import ModulePage


def download_package(request, slug):
    """The published version of a module as a package zip (what import_package reads)."""
    module = ModulePage.objects.live().public().filter(slug=slug).order_by("pk").first()
    if module is None:
        raise Http404
    files, _warnings = export_module(module, latest=False)
    response = HttpResponse(zip_bytes(files, slug), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{module.version}.zip"'
    return response
