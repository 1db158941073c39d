"""Certificates in the Wagtail admin: curators list them and revoke one with a reason.
Learning Record Stores: administrators configure where statements are forwarded.

The listing is read-only (curators get ``view_certificate`` only); revoking is a
separate POST-only view guarded by ``progress.revoke_certificate``. Registered in
wagtail_hooks.py.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.http import HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from progress import certificate_issuing
from progress.badges import keys as issuer_keys
from progress.badges.credential import issuer_id
from progress.models import Certificate, IssuerKey

REVOKE_PERMISSION = "progress.revoke_certificate"


def revoke_view(request, pk):
    """GET shows the form; only a POST with a reason revokes."""
    if not request.user.has_perm(REVOKE_PERMISSION):
        # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
        return HttpResponseForbidden(_("Only curators may revoke certificates."))
    certificate = get_object_or_404(Certificate, pk=pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    error = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        if not reason:
            error = _("Give the reason for revoking this certificate.")
        else:
            certificate_issuing.revoke_certificate(certificate, reason)
            messages.success(request, _("The certificate of %(name)s for “%(title)s” is revoked.")
                             % {"name": certificate.learner_name, "title": certificate.achievement_title})
            return redirect("progress_certificates:index")
    return TemplateResponse(request, "progress/admin/revoke.html",
                            {"certificate": certificate, "error": error, "page_title": _("Revoke certificate")},
                            status=400 if error else 200)


def signing_keys_view(request):
    """The Open Badges signing keys; an administrator (superuser) rotates them with a POST.
    Retired keys stay listed and published: what they signed still verifies."""
    if not request.user.is_superuser:
        return HttpResponseForbidden(_("Only administrators may manage the keys certificates are signed with."))
    if request.method == "POST":
        if request.POST.get("rotate") == "yes":
            key = issuer_keys.rotate()
            messages.success(request, _("New signing key %(key)s. The previous keys still verify what they signed.")
                             % {"key": key.public_key_multibase})
        return redirect("progress_signing_keys")
    issuer_keys.active_key()
    return TemplateResponse(request, "progress/admin/signing_keys.html", {
        "keys": IssuerKey.objects.all(), "issuer_id": issuer_id(), "page_title": _("Signing keys")})


class CertificateFilterSet(WagtailFilterSet):
    revoked = django_filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull", exclude=True,
                                           label=gettext_lazy("Revoked"))

    class Meta:
        model = Certificate
        fields = ["kind"]


class CertificateIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.is_revoked and self.request.user.has_perm(REVOKE_PERMISSION):
            buttons.append(ListingButton(_("Revoke"), url=reverse("progress_certificate_revoke", args=[instance.pk]),
                                         icon_name="cross", priority=40))

        return buttons


class CertificateViewSet(ModelViewSet):
    model = Certificate
    index_view_class = CertificateIndexView
    icon = "success"
    menu_label = gettext_lazy("Certificates")
    menu_order = 900
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["learner_name", "achievement_title", "issued_at", "revoked_at"]
    filterset_class = CertificateFilterSet
    search_fields = ["learner_name", "achievement_title"]
    ordering = ["-issued_at"]
    form_fields = ["revocation_reason"]
    name = "progress_certificates"
    url_prefix = "certificates"


class LrsEndpointForm(WagtailAdminModelForm):
    """The secret is never shown again; left empty, the one saved before is kept."""

    password = forms.CharField(label=gettext_lazy("password or client secret"), required=False,
                               widget=forms.PasswordInput(render_value=False),
                               help_text=gettext_lazy("Leave empty to keep the one saved."))

    def clean_password(self):
        return self.cleaned_data.get("password") or (self.instance.password if self.instance.pk else "")
