"""A module is reviewed and published as one unit, and a contributed module
only through its review.

* Its lessons and quiz have no workflow of their own
  (``curriculum.models.ReviewedWithModule``): the author submits the module page.
* When the review is approved, every page of the module goes live with it
  (``publish_reviewed_unit``).
* A page of a *contributed* module (``ContributedModule``) goes live only with
  a revision that an approved checklist review of its module covers
  (``refuse_unreviewed_publication``, checked as the page is saved live, so it
  holds on every path: the editor's "Publish", bulk publishing, scheduled
  publishing, the API and management commands). The admin hooks in
  ``wagtail_hooks`` only turn the refusal into a clear message earlier.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState

from contributions.models import ChecklistTaskState, ContributedModule
from contributions.permissions import module_of
from curriculum.models import ModulePage


class ReviewRequired(PermissionDenied):
    pass


def review_required_message() -> str:
    return _("This page belongs to a contributed module: it goes live when a curator approves the module's review "
             "with the checklist. Submit the module for review instead.")


def mark_contributed(module_id: int, user=None):
    """Record that the module page ``module_id`` came from an institution."""
    ContributedModule.objects.get_or_create(page_id=module_id, defaults={"contributed_by": user})


def contributed_module(page):
    """The contributed module ``page`` belongs to (or is), or None."""
    module = module_of(page)
    if module is not None and ContributedModule.objects.filter(page_id=module.pk).exists():
        return module
    return None


def approved_review(module):
    """The module's latest review approved with the checklist, or None."""
    return (ChecklistTaskState.objects
            .filter(status=TaskState.STATUS_APPROVED, workflow_state__object_id=str(module.pk),
                    workflow_state__base_content_type=ContentType.objects.get_for_model(Page))
            .order_by("-finished_at").first())


def review_covers(revision, module) -> bool:
    """True when ``revision`` is what the curator saw: the latest revision of its
    page when the module's review was approved with the checklist."""
    review = approved_review(module)
    if review is None or revision.created_at > review.finished_at:
        return False
    newer = revision.content_object.revisions.filter(created_at__gt=revision.created_at,
                                                      created_at__lte=review.finished_at)
    return not newer.exists()


def refuse_unreviewed_publication(sender, instance, update_fields=None, **kwargs):
    """pre_save: a page of a contributed module may not go live unreviewed."""
    if not isinstance(instance, Page) or not instance.pk or not instance.live or instance.live_revision_id is None:
        return
    if update_fields is not None and "live_revision" not in update_fields:
        return
    stored = Page.objects.filter(pk=instance.pk).values_list("live_revision_id", flat=True).first()
    if stored == instance.live_revision_id:
        return
    module = contributed_module(instance)
    if module is not None and not review_covers(instance.live_revision, module):
        raise ReviewRequired(review_required_message())


def publish_reviewed_unit(sender, instance, user=None, **kwargs):
    """workflow_approved: the module's lessons and quiz go live with it."""
    module = instance.content_object
    if not isinstance(module, Page) or not isinstance(module.specific, ModulePage):
        return
    pending = (Page.objects.descendant_of(module).filter(Q(live=False) | Q(has_unpublished_changes=True))
               .exclude(latest_revision=None).select_related("latest_revision").order_by("path"))
    for page in pending:
        page.latest_revision.publish(user=user, skip_permission_checks=True)
