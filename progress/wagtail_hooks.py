"""Certificates in the Wagtail admin: curators list them and revoke one with a reason.

The listing is read-only (curators get ``view_certificate`` only); revoking is a
separate POST-only view guarded by ``progress.revoke_certificate``.
"""

from django.contrib import messages
from django.http import HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
import django_filters
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic
from wagtail.admin.widgets import ListingButton

from accounts.landing import LANDING_HOOK, NAV_ITEM_HOOK
from alma.overlays import hook_name as overlay
from progress import navigation, overlays, services
from progress.models import Certificate
from progress.rules import track_quiz_rules
from quizzes.rules import RULES_HOOK

# What progress adds to other apps' pages: the learner's own state, "My learning",
# and the rules of the quizzes a track's certificate rests on.
hooks.register(overlay("module-header"), overlays.module_progress)
hooks.register(overlay("track-header"), overlays.track_progress)
hooks.register(overlay("lesson-end"), overlays.lesson_completion)
hooks.register(overlay("lesson-status"), overlays.lesson_tick)
hooks.register(overlay("quiz-header"), overlays.quiz_result)
hooks.register(overlay("home"), overlays.continue_learning)
hooks.register(LANDING_HOOK, navigation.my_learning_landing, order=100)  # every learner: the fallback
hooks.register(NAV_ITEM_HOOK, navigation.my_learning_link, order=10)
hooks.register(RULES_HOOK, track_quiz_rules)


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
            services.revoke_certificate(certificate, reason)
            messages.success(request, _("The certificate of %(name)s for “%(title)s” is revoked.")
                             % {"name": certificate.learner_name, "title": certificate.achievement_title})
            return redirect("progress_certificates:index")
    return TemplateResponse(request, "progress/admin/revoke.html",
                            {"certificate": certificate, "error": error, "page_title": _("Revoke certificate")},
                            status=400 if error else 200)


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


certificate_viewset = CertificateViewSet()


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return certificate_viewset


@hooks.register("register_admin_urls")
def register_revoke_url():
    return [path("certificates/revoke/<uuid:pk>/", revoke_view, name="progress_certificate_revoke")]
