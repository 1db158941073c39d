"""How the LTI tool plugs into Wagtail: its admin screens (lti/admin_views.py)."""

from django.urls import path
from wagtail import hooks

from lti.admin_views import LtiViewSetGroup, tool_menu_item, tool_view


@hooks.register("register_admin_viewset")
def register_lti_viewsets():
    return LtiViewSetGroup()


@hooks.register("register_admin_urls")
def register_tool_url():
    return [path("lti/", tool_view, name="lti_tool")]


hooks.register("register_settings_menu_item", tool_menu_item)
