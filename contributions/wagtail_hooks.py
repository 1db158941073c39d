from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from accounts.landing import LANDING_HOOK
from contributions import admin_views
from contributions.admin_guard import forbidden, may_act_on
from contributions.dashboard import construct_panels, contributor_and_curator_landing
from contributions.permissions import (can_see_translations, can_upload, is_contributor, is_curator, may_edit_module,
                                       module_of, publishes_translations_only)
from contributions.review import contributed_module, mark_contributed, review_required_message

# Contributors land on their modules and curators on the review queue, before any other landing.
hooks.register(LANDING_HOOK, contributor_and_curator_landing, order=10)


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("packages/upload/", admin_views.upload_package, name="contributions_upload"),
        path("packages/imports/<int:pk>/", admin_views.import_status, name="contributions_import_status"),
        path("translations/needed/", admin_views.translations_dashboard, name="contributions_translations"),
        path("packages/<int:pk>/cartridge.imscc", admin_views.download_cartridge, name="contributions_cartridge"),
    ]


hooks.register("register_page_header_buttons", admin_views.cartridge_button)


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


# --- Contributed modules: written for an institution, published only through their review ---


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def contributors_write_for_their_institution(request, page):
    """A module a contributor writes or edits is theirs institution's contribution."""
    if not is_contributor(request.user) or is_curator(request.user):
        return
    module = module_of(page)
    if module is None:
        return
    if module.institution_id is None and request.user.institution_id:
        module.institution_id = request.user.institution_id
        module.save(update_fields=["institution"])
    mark_contributed(module.pk, request.user)


@hooks.register("construct_page_action_menu")
def no_direct_publish_of_contributed_modules(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and contributed_module(page) is not None:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def _review_required(request, fallback_url):
    messages.error(request, review_required_message())
    return redirect(fallback_url)


@hooks.register("before_publish_page")
def contributed_modules_go_live_through_review(request, page):
    if page.pk and contributed_module(page) is not None:
        return _review_required(request, reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_bulk_action")
def no_bulk_publish_of_contributed_modules(request, action_type, objects, action_class_instance):
    if action_type == "publish" and any(contributed_module(page) is not None for page in objects):
        return _review_required(request, request.GET.get("next") or reverse("wagtailadmin_explore_root"))


@hooks.register("construct_homepage_panels")
def contributor_and_curator_dashboard(request, panels):
    construct_panels(request, panels)
