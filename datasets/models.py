"""An HDF5 dataset kept in media storage, with its validated structure."""

from contextlib import contextmanager

import h5py
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Dataset(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), blank=True)
    licence = models.TextField(_("licence"), blank=True)
    file = models.FileField(_("HDF5 file"), upload_to="datasets/")
    structure = models.JSONField(_("structure"), default=dict, blank=True,
                                 help_text=_("Groups, datasets, shapes, dtypes and attributes, recorded on validation."))
    row_count = models.PositiveBigIntegerField(_("rows"), default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("datasets:detail", args=[self.slug])

    @property
    def table(self) -> dict | None:
        return (self.structure or {}).get("table")

    @contextmanager
    def open_h5(self):
        """The file opened read-only with h5py (a local path when the storage has one)."""
        try:
            path = self.file.path
        except NotImplementedError:
            path = None
        if path:
            with h5py.File(path, "r") as h5:
                yield h5
        else:
            with self.file.open("rb") as handle, h5py.File(handle, "r") as h5:
                yield h5
