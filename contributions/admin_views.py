"""The contributions screens of the Wagtail admin: package upload, import status and
"what needs translating". Registered in wagtail_hooks.py."""

import uuid

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import get_language, gettext_lazy
from wagtail.admin.widgets import Button

from contributions.common_cartridge import cartridge_bytes
from contributions.models import PackageImport
from contributions.package import Problem
from contributions.permissions import can_see_translations, can_upload, is_curator, may_edit_module
from contributions.tasks import import_package_task, progress
from contributions.translations import what_needs_translating
from curriculum.models import ModulePage

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class UploadForm(forms.Form):
    package = forms.FileField(label=gettext_lazy("Package (.zip)"),
                              help_text=gettext_lazy("A zip of a module folder: module.toml, lessons/ and images/."))
    dry_run = forms.BooleanField(label=gettext_lazy("Only check the package; import nothing"), required=False)

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB."))
        return upload


def upload_package(request):
    """Store the zip and start a background import; the status page follows it.
    Modules arrive as drafts: they go live only through the review workflow."""
    if not can_upload(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["package"]
        name = default_storage.save(f"package-uploads/{uuid.uuid4().hex}.zip", upload)
        job = PackageImport.objects.create(
            user=request.user, filename=upload.name[:255], archive=name, language=get_language() or "en",
            dry_run=form.cleaned_data["dry_run"], publish=False)
        import_package_task.enqueue(job.pk)
        return redirect("contributions_import_status", job.pk)
    return TemplateResponse(request, "contributions/upload.html", {
        "form": form, "institution": request.user.institution, "curator": is_curator(request.user)})


def import_status(request, pk):
    """Where an upload stands: "n of N pages" while it runs (the page refreshes
    itself, no JavaScript), then every problem or what was imported."""
    job = get_object_or_404(PackageImport, pk=pk)
    if not can_upload(request.user) or (job.user_id != request.user.pk and not is_curator(request.user)):
        raise PermissionDenied
    done, total = progress(job)
    modules = ModulePage.objects.filter(pk__in=job.report.get("modules", [])).select_related("locale")
    return TemplateResponse(request, "contributions/import_status.html", {
        "job": job, "problems": [Problem(**p) for p in job.problems], "report": job.report,
        "done": done, "total": total, "refresh_seconds": 2, "modules": modules,
    })


def translations_dashboard(request):
    """What needs translating: per locale, live pages and framework snippets
    without a translation, or with one that is out of date."""
    if not can_see_translations(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "contributions/translations.html", {"reports": what_needs_translating()})


def download_cartridge(request, pk):
    """The latest version of a module as a Common Cartridge 1.3, for those who may edit it (it holds the quiz's
    answers)."""
    module = get_object_or_404(ModulePage, pk=pk)
    if not module.permissions_for_user(request.user).can_edit() or not may_edit_module(request.user, module):
        raise PermissionDenied
    data, _warnings = cartridge_bytes(module)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{module.slug}-{module.locale.language_code}.imscc"'
    return response


def cartridge_button(page, user, view_name=None, next_url=None):
    """"Download as Common Cartridge" in a module's header menu, for those who may edit it."""
    module = page.specific if page.specific_class is ModulePage else None
    if module is not None and module.permissions_for_user(user).can_edit() and may_edit_module(user, module):
        yield Button(_("Download as Common Cartridge (.imscc)"), reverse("contributions_cartridge", args=[page.pk]),
                     icon_name="download", priority=80)
