from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class ImportedPage(models.Model):
    """Which package file a page came from, and a digest of what was imported,
    so re-importing an unchanged package saves no new revision."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="imported_from")
    package_slug = models.SlugField(_("package"), max_length=120)
    source_path = models.CharField(_("source file"), max_length=300)
    digest = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported page")
        verbose_name_plural = _("imported pages")

    def __str__(self):
        return f"{self.package_slug}: {self.source_path}"


# --- Moderation -----------------------------------------------------------------

from wagtail.models import GroupApprovalTask, TaskState  # noqa: E402

CHECKLIST = {
    "sources_cited": _("Every figure cites its source (or shows how it was derived from sourced data)."),
    "contested_topics_balanced": _("Contested topics (water, tailings, community consultation…) are presented with the "
                                   "evidence and the viewpoints of those affected."),
    "licence_and_credits": _("Licence, authors, institution and image credits are complete."),
}


class ChecklistTaskState(TaskState):
    """The state of a checklist approval, with the checklist the reviewer ticked."""

    checklist = models.JSONField(_("review checklist"), default=dict, blank=True)

    class Meta:
        verbose_name = _("checklist task state")
        verbose_name_plural = _("checklist task states")


class ChecklistApprovalTask(GroupApprovalTask):
    """Group approval that can only approve after the review checklist is ticked;
    the checklist is recorded with the approval."""

    task_state_class = ChecklistTaskState

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        return [a for a in actions if a[0] != "approve"] + ([("approve", _("Approve with review checklist"), True)] if actions else [])

    def get_form_for_action(self, action):
        if action == "approve":
            from contributions.forms import ChecklistForm  # contributions.forms imports these models: a cycle

            return ChecklistForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            checklist = {name: bool(kwargs.pop(name, False)) for name in CHECKLIST}
            if not all(checklist.values()):
                raise ValueError("The review checklist must be complete to approve.")
            ChecklistTaskState.objects.filter(pk=task_state.pk).update(checklist=checklist)
            if isinstance(task_state, ChecklistTaskState):
                # the admin passes the specific state, which approve() saves whole
                task_state.checklist = checklist
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve after ticking the review checklist, which is recorded.")

    class Meta:
        verbose_name = _("checklist approval task")
        verbose_name_plural = _("checklist approval tasks")


# --- Package uploads run as background tasks ---------------------------------------

from django.conf import settings  # noqa: E402


class PackageImport(models.Model):
    """One package uploaded in the admin: checked and imported by a django-tasks
    task; its status page polls until it is finished."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(_("file name"), max_length=255)
    archive = models.CharField(max_length=300, help_text="Name of the uploaded zip in the default storage.")
    language = models.CharField(max_length=12, default="en")
    dry_run = models.BooleanField(default=False)
    publish = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    problems = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=dict, blank=True)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("package import")
        verbose_name_plural = _("package imports")

    def __str__(self):
        return f"{self.filename} ({self.status})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_key(self):
        return f"contributions:package-import:{self.pk}"


# --- Contributed modules are published only through their review ------------------


class ContributedModule(models.Model):
    """A module page that came from an institution (uploaded in the admin, or
    written there by a contributor). Its pages go live only when a curator
    approves the whole module with the review checklist (contributions.review)."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="contribution")
    contributed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contributed module")
        verbose_name_plural = _("contributed modules")

    def __str__(self):
        return str(self.page)
