"""LTI in the Wagtail admin: administrators register platforms (issuer, client id, the
platform's auth login, token and key set URLs) and their deployment IDs, and read the
tool's own URLs to give the LMS. Registered in wagtail_hooks.py.

django-lti's models carry the registrations; only those with its model permissions
(superusers, unless an administrator grants them) see these screens.
"""

from django.http import HttpResponseForbidden
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lti_tool.models import LtiDeployment, LtiRegistration
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lti.deep_linking import tool_jwks
from lti.models import FrameOrigin

VIEW_PERMISSION = "lti_tool.view_ltiregistration"


def tool_urls(request) -> list[tuple[str, str]]:
    absolute = request.build_absolute_uri
    return [
        (_("Tool URL / target link URI"), absolute(reverse("lti:launch"))),
        (_("Initiate login URL (OpenID Connect)"), absolute(reverse("lti:login"))),
        (_("Redirection URI(s)"), absolute(reverse("lti:launch"))),
        (_("Deep linking URL (content selection)"), absolute(reverse("lti:launch"))),
        (_("Public keyset URL (JWKS)"), absolute(reverse("lti:jwks"))),
    ]


def tool_view(request):
    """The URLs and key an LMS administrator enters when adding ALMA Aula as an LTI 1.3 tool."""
    if not request.user.has_perm(VIEW_PERMISSION):
        return HttpResponseForbidden(_("Only administrators may see the LTI tool's settings."))
    keys = tool_jwks()["keys"]
    return TemplateResponse(request, "lti/admin/tool.html", {
        "page_title": _("LTI 1.3 tool"), "urls": tool_urls(request), "kid": keys[-1]["kid"] if keys else "",
        "registrations": LtiRegistration.objects.prefetch_related("deployments").order_by("name"),
    })


class ToolMenuItem(MenuItem):
    """Settings › LTI 1.3 tool, for those who may see the registrations."""

    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


def tool_menu_item():
    return ToolMenuItem(gettext_lazy("LTI 1.3 tool"), reverse("lti_tool"), icon_name="link", order=900)


class RegistrationViewSet(ModelViewSet):
    model = LtiRegistration
    icon = "link"
    menu_label = gettext_lazy("Platforms")
    form_fields = ["name", "issuer", "client_id", "auth_url", "token_url", "keyset_url", "audience", "is_active"]
    list_display = ["name", "issuer", "client_id", "is_active"]
    search_fields = ["name", "issuer", "client_id"]
    copy_view_enabled = False
    inspect_view_enabled = False
    name = "lti_registrations"
    url_prefix = "lti/platforms"


class DeploymentViewSet(ModelViewSet):
    model = LtiDeployment
    icon = "tag"
    menu_label = gettext_lazy("Deployments")
    form_fields = ["registration", "deployment_id", "is_active"]
    list_display = ["deployment_id", "registration", "is_active"]
    list_filter = ["registration", "is_active"]
    search_fields = ["deployment_id"]
    copy_view_enabled = False
    inspect_view_enabled = False
    name = "lti_deployments"
    url_prefix = "lti/deployments"


class FrameOriginViewSet(ModelViewSet):
    model = FrameOrigin
    icon = "site"
    menu_label = gettext_lazy("Frame origins")
    form_fields = ["registration", "origin"]
    list_display = ["origin", "registration", "learnt"]
    list_filter = ["registration"]
    copy_view_enabled = False
    inspect_view_enabled = False
    name = "lti_frame_origins"
    url_prefix = "lti/frame-origins"


class LtiViewSetGroup(ViewSetGroup):
    items = (RegistrationViewSet, DeploymentViewSet, FrameOriginViewSet)
    menu_icon = "link"
    menu_label = gettext_lazy("LTI")
    menu_name = "lti"
    menu_order = 950
