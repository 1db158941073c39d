from django.http import HttpResponseForbidden
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from contributions import views
from contributions.permissions import can_upload, may_edit_module, module_of


@hooks.register("register_admin_urls")
def register_urls():
    return [path("packages/upload/", views.upload_package, name="contributions_upload")]


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return can_upload(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return UploadMenuItem(gettext_lazy("Upload package"), reverse("contributions_upload"), icon_name="upload", order=950)


def _forbidden():
    return HttpResponseForbidden(_("Contributors may only edit the modules of their own institution."))


@hooks.register("before_edit_page")
def only_own_institution_edit(request, page):
    if not may_edit_module(request.user, module_of(page)):
        return _forbidden()


@hooks.register("before_create_page")
def only_own_institution_create(request, parent_page, page_class):
    if not may_edit_module(request.user, module_of(parent_page)):
        return _forbidden()
