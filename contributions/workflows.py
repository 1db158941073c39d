"""The moderation workflow for contributed modules (idempotent setup).

Institution review (contributors and curators), then ALMA curator approval
with the review checklist; assigned to every catalogue page, so it applies to
every module and lesson under them.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from accounts.models import Role
from contributions.models import ChecklistApprovalTask
from curriculum.models import CatalogPage

WORKFLOW_NAME = "Curriculum contribution review"
INSTITUTION_TASK = "Institution review"
CURATOR_TASK = "ALMA curator approval"


@transaction.atomic
def setup_moderation_workflow() -> Workflow:
    contributor, _ = Group.objects.get_or_create(name=Role.CONTRIBUTOR.value)
    curator, _ = Group.objects.get_or_create(name=Role.CURATOR.value)
    institution = GroupApprovalTask.objects.filter(name=INSTITUTION_TASK).exclude(
        pk__in=ChecklistApprovalTask.objects.values("pk")).first()
    if institution is None:
        institution = GroupApprovalTask.objects.create(name=INSTITUTION_TASK)
    institution.groups.set([contributor, curator])
    approval = ChecklistApprovalTask.objects.filter(name=CURATOR_TASK).first() or ChecklistApprovalTask.objects.create(name=CURATOR_TASK)
    approval.groups.set([curator])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    for order, task in enumerate((institution, approval)):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    for catalog in CatalogPage.objects.all():
        WorkflowPage.objects.update_or_create(page=catalog, defaults={"workflow": workflow})
    return workflow
