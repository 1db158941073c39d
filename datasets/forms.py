"""The admin form: an HDF5 or CSV upload, validated before anything is stored."""

import os
import tempfile
from pathlib import Path

from django import forms
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from datasets.hdf5 import DatasetRefused
from datasets.models import Dataset
from datasets.services import prepare_file

MAX_UPLOAD_BYTES = 512 * 1024 * 1024


class DatasetForm(forms.ModelForm):
    upload = forms.FileField(label=_("HDF5 or CSV file"), required=False,
                             help_text=_("A CSV file (UTF-8, header row) is converted to HDF5: one dataset per column."))

    class Meta:
        model = Dataset
        fields = ["slug", "title", "description", "source", "licence"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepared = None

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError(_("Choose an HDF5 or CSV file."))
            return upload
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 MB."))
        suffix = Path(upload.name).suffix.lower()
        handle, path = tempfile.mkstemp(suffix=suffix if suffix in (".csv", ".h5", ".hdf5") else ".h5")
        with os.fdopen(handle, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            h5_path, structure = prepare_file(Path(path))
        except DatasetRefused as error:
            os.unlink(path)
            raise forms.ValidationError(f"{upload.name}: {error}")
        if h5_path != path:
            os.unlink(path)
        self._prepared = (h5_path, structure)
        return upload

    def save(self, commit=True):
        dataset = super().save(commit=False)
        if self._prepared:
            h5_path, structure = self._prepared
            dataset.structure = structure
            dataset.row_count = (structure.get("table") or {}).get("rows", 0)
            with open(h5_path, "rb") as handle:
                dataset.file.save(f"{dataset.slug}.h5", File(handle), save=False)
            os.unlink(h5_path)
            self._prepared = None
        if commit:
            dataset.save()
        return dataset
