"""impact's one table holds the research studies and their pseudonym salts; the
unmanaged model only carries the researcher permission, so Wagtail's group
screens can grant it."""

import hashlib
import hmac
import secrets

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RESEARCHER_GROUP = "Researcher"


def new_salt() -> str:
    return secrets.token_hex(32)


class Pseudonymiser:
    """Learner pseudonyms keyed by a research salt (HMAC-SHA-256), never by SECRET_KEY.

    Exports made with different salts cannot be matched learner by learner; a
    pseudonym cannot be recomputed from a user id without the salt.
    """

    def __init__(self, salt: str):
        self.key = bytes.fromhex(salt)
        self.cache: dict[int, str] = {}

    def __call__(self, user_id: int) -> str:
        if user_id not in self.cache:
            digest = hmac.new(self.key, f"learner:{user_id}".encode(), hashlib.sha256).hexdigest()
            self.cache[user_id] = "p-" + digest[:24]
        return self.cache[user_id]


class ResearchStudy(models.Model):
    """A study whose exports share one random salt, so its pseudonyms stay stable
    from one export to the next until the salt is rotated."""

    name = models.SlugField(_("name"), max_length=80, unique=True)
    salt = models.CharField(max_length=64, default=new_salt, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    salt_rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("research study")
        verbose_name_plural = _("research studies")

    def __str__(self):
        return self.name

    def rotate_salt(self) -> None:
        """New pseudonyms for every learner: earlier exports of the study can no longer be joined to later ones."""
        self.salt = new_salt()
        self.salt_rotated_at = timezone.now()
        self.save(update_fields=["salt", "salt_rotated_at"])


class ResearchExport(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("export_learning_records", _("Can download the anonymised learning-records export"))]
        verbose_name = _("research export")


def sync_researcher_group(**kwargs):
    """The 'Researcher' group with the export permission; idempotent (runs after every migrate)."""
    content_type = ContentType.objects.get_for_model(ResearchExport, for_concrete_model=False)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename="export_learning_records",
        defaults={"name": "Can download the anonymised learning-records export"})
    group, _created = Group.objects.get_or_create(name=RESEARCHER_GROUP)
    group.permissions.add(permission)
