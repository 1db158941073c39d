"""impact keeps no table of its own: this unmanaged model only carries the
researcher permission, so Wagtail's group screens can grant it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

RESEARCHER_GROUP = "Researcher"


class ResearchExport(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("export_learning_records", _("Can download the anonymised learning-records export"))]
        verbose_name = _("research export")


def sync_researcher_group(**kwargs):
    """The 'Researcher' group with the export permission; idempotent (runs after every migrate)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(ResearchExport, for_concrete_model=False)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename="export_learning_records",
        defaults={"name": "Can download the anonymised learning-records export"})
    group, _created = Group.objects.get_or_create(name=RESEARCHER_GROUP)
    group.permissions.add(permission)
