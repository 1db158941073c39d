"""Contributors reach only the pages of their own institution's modules in the
Wagtail admin.

Contributors have page permissions on the whole tree (curriculum.site_setup), so
the institution rule is added on top: editing and creating are checked by the
``before_edit_page``/``before_create_page`` hooks, copying and moving by
``before_copy_page``/``before_move_page`` (wagtail_hooks.py). Wagtail has no hook
for the views that *show* a page's drafts, revisions and history, so this
middleware guards them by name.
"""

from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from wagtail.models import Page

from contributions.permissions import is_contributor, is_curator, may_edit_module, module_of

# Admin page views that show or restore a page's unpublished content, without a Wagtail hook.
READ_VIEWS = {
    "view_draft", "preview_on_edit", "revisions_index", "revisions_view", "revisions_compare", "revisions_revert",
    "history", "history_results", "workflow_history", "workflow_history_detail", "workflow_preview", "usage",
    "set_privacy",
}


def may_act_on(user, page) -> bool:
    return page is None or may_edit_module(user, module_of(page))


def forbidden():
    return HttpResponseForbidden(_("Contributors may only see and change the pages of their own institution's modules."))


class ContributorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "wagtailadmin_pages" or match.url_name not in READ_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated or not is_contributor(user) or is_curator(user):
            return None
        page_id = view_kwargs.get("page_id", view_kwargs.get("pk"))
        if not may_act_on(user, Page.objects.filter(pk=page_id).first()):
            return forbidden()
        return None
