import tempfile
import tomllib
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributions.archive import opened_package
from contributions.export import export_module, zip_bytes
from contributions.loader import load_tree
from contributions.package import PackageInvalid, Problem
from contributions.permissions import can_upload, is_curator

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


def _institution_problems(root: Path, user) -> list[Problem]:
    """A contributor may only import their own institution's modules."""
    if is_curator(user):
        return []
    if not (root / "module.toml").is_file():
        return [Problem("package", None, _("contributors can upload module packages only (a folder with module.toml)"),
                        _("ask a curator to import framework packages or content trees"))]
    try:
        slug = (tomllib.loads((root / "module.toml").read_text(encoding="utf-8")).get("institution") or {}).get("slug")
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        return []  # the reader reports it
    own = getattr(user.institution, "slug", None)
    if slug != own:
        return [Problem("module.toml", None, _("this module belongs to institution '%(slug)s', not to yours") % {"slug": slug},
                        _("set [institution] slug = \"%(own)s\" or ask a curator to import it") % {"own": own})]
    return []


def upload_package(request):
    if not can_upload(request.user):
        raise PermissionDenied
    publish = is_curator(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems, report = [], None
    if request.method == "POST" and form.is_valid():
        with tempfile.NamedTemporaryFile(suffix=".zip") as temp:
            for chunk in form.cleaned_data["package"].chunks():
                temp.write(chunk)
            temp.flush()
            try:
                with opened_package(temp.name) as root:
                    problems = _institution_problems(root, request.user)
                    if not problems:
                        report = load_tree(root, dry_run=form.cleaned_data["dry_run"], publish=publish, user=request.user)
            except PackageInvalid as error:
                problems = error.problems
            except LookupError as error:
                problems = [Problem("package", None, str(error))]
    return TemplateResponse(request, "contributions/upload.html", {
        "form": form, "problems": problems, "report": report, "publish": publish,
        "dry_run": form.cleaned_data.get("dry_run") if form.is_bound and form.is_valid() else False,
    })


def download_package(request, slug):
    """The published version of a module as a package zip (what import_package reads)."""
    from curriculum.models import ModulePage

    module = ModulePage.objects.live().public().filter(slug=slug).order_by("pk").first()
    if module is None:
        raise Http404
    files, _warnings = export_module(module, latest=False)
    response = HttpResponse(zip_bytes(files, slug), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{module.version}.zip"'
    return response


def translations_dashboard(request):
    """What needs translating: per locale, live pages and framework snippets
    without a translation, or with one that is out of date."""
    from contributions.permissions import can_see_translations
    from contributions.translations import what_needs_translating

    if not can_see_translations(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "contributions/translations.html", {"reports": what_needs_translating()})
