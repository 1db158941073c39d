from django.http import HttpResponseForbidden
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from contributions import views
from contributions.admin_guard import forbidden, may_act_on
from contributions.permissions import can_see_translations, can_upload, may_edit_module, module_of, publishes_translations_only


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("packages/upload/", views.upload_package, name="contributions_upload"),
        path("packages/imports/<int:pk>/", views.import_status, name="contributions_import_status"),
        path("translations/needed/", views.translations_dashboard, name="contributions_translations"),
    ]


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return can_upload(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return UploadMenuItem(gettext_lazy("Upload package"), reverse("contributions_upload"), icon_name="upload", order=950)


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_translations(request.user)


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    return TranslationsMenuItem(gettext_lazy("What needs translating"), reverse("contributions_translations"),
                                icon_name="wagtail-localize-language", order=960)


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


def _translator_publish_forbidden():
    return HttpResponseForbidden(_("Translators publish translations from the translation editor; "
                                   "a curator publishes the source pages."))


@hooks.register("before_edit_page")
def translators_publish_only_translations(request, page):
    """Translators have publish permission for wagtail-localize's editor (which
    posts action=publish); Wagtail's own editor (action-publish) stays closed to them."""
    if request.method == "POST" and "action-publish" in request.POST and publishes_translations_only(request.user):
        return _translator_publish_forbidden()


@hooks.register("before_bulk_action")
def translators_do_not_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish" and publishes_translations_only(request.user):
        return _translator_publish_forbidden()


@hooks.register("before_unpublish_page")
def translators_do_not_unpublish(request, page):
    if publishes_translations_only(request.user):
        return _translator_publish_forbidden()


@hooks.register("before_copy_page")
def copy_only_within_own_institution(request, page):
    """Both the page copied and, when the form is sent, the page it is copied under."""
    parent_id = request.POST.get("new_parent_page", "") if request.method == "POST" else ""
    destination = Page.objects.filter(pk=parent_id).first() if parent_id.isdigit() else None
    if not (may_act_on(request.user, page) and may_act_on(request.user, destination)):
        return forbidden()


@hooks.register("before_move_page")
def move_only_within_own_institution(request, page, destination):
    if not (may_act_on(request.user, page) and may_act_on(request.user, destination)):
        return forbidden()
