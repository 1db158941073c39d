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
