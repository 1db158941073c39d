"""Where contributors and curators start their day: the contributor's modules
with their review state on the admin dashboard, the curator's review queue first."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from contributions.permissions import is_contributor, is_curator
from curriculum.models import ModulePage


def review_state(module) -> str:
    """Draft, in review (at which task), changes requested, live, or live with a draft."""
    state = module.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        task = state.current_task_state.task.name if state.current_task_state else ""
        return _("In review: %(task)s") % {"task": task} if task else _("In review")
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return _("Changes requested")
    if module.live:
        return _("Live, with unpublished changes") if module.has_unpublished_changes else _("Live")
    return _("Draft")


class InstitutionModulesPanel(Component):
    name = "institution_modules"
    template_name = "contributions/dashboard_modules.html"
    order = 50

    def __init__(self, institution):
        self.institution = institution

    def get_context_data(self, parent_context):
        modules = (ModulePage.objects.filter(institution=self.institution)
                   .select_related("locale").order_by("title", "locale__language_code"))
        return {"institution": self.institution, "upload_url": reverse("contributions_upload"),
                "modules": [{"page": module, "state": review_state(module)} for module in modules]}


def construct_panels(request, panels):
    user = request.user
    if is_curator(user):
        for panel in panels:
            if panel.name == "workflow_objects_to_moderate":
                panel.order = 10  # the review queue first
    elif is_contributor(user) and user.institution_id:
        panels.append(InstitutionModulesPanel(user.institution))


def contributor_and_curator_landing(user):
    """Contributors and curators land on the admin dashboard (their modules / the review queue)."""
    if user.is_authenticated and (is_curator(user) or is_contributor(user)):
        return reverse("wagtailadmin_home")
    return None
