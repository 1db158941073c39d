"""Create or replace a Dataset from an uploaded HDF5 or CSV file."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from datasets.columns import ChartError
from datasets.hdf5 import DatasetRefused, csv_to_hdf5, inspect_hdf5
from datasets.models import Dataset
from datasets.queries import check_binding, evaluate


def prepare_file(path: Path, *, attrs: dict | None = None, mixed_as_text=False, notes=None, data: bytes | None = None) -> tuple[str, dict]:
    """Validate ``path`` (HDF5, or CSV converted to HDF5); return (hdf5 path, structure)."""
    path = Path(path)
    if path.suffix.lower() == ".csv" or data is not None:
        handle, out = tempfile.mkstemp(suffix=".h5")
        os.close(handle)
        try:
            structure = csv_to_hdf5(data if data is not None else path.read_bytes(), out, attrs=attrs, filename=path.name,
                                    mixed_as_text=mixed_as_text, notes=notes)
        except BaseException:
            os.unlink(out)
            raise
        return out, structure
    return str(path), inspect_hdf5(str(path))


@transaction.atomic
def save_dataset(slug: str, h5_path: str, structure: dict, **fields) -> tuple[Dataset, bool]:
    dataset = Dataset.objects.filter(slug=slug).first()
    created = dataset is None
    dataset = dataset or Dataset(slug=slug)
    attrs = structure.get("attrs", {})
    for name in ("title", "description", "source", "licence"):
        value = fields.get(name) or attrs.get(name) or getattr(dataset, name) or ""
        setattr(dataset, name, str(value) if name != "title" else str(value or slug))
    dataset.structure = structure
    dataset.row_count = (structure.get("table") or {}).get("rows", 0)
    with open(h5_path, "rb") as handle:
        dataset.file.save(f"{slug}.h5", File(handle), save=False)
    dataset.save()
    return dataset, created


def import_dataset_file(path, slug: str | None = None, *, dry_run=False, **fields):
    """Validate and store; raises DatasetRefused and changes nothing on a bad file."""
    path = Path(path)
    if not path.is_file():
        raise DatasetRefused(f"{path}: no such file.")
    slug = slug or path.stem.lower().replace("_", "-")
    h5_path, structure = prepare_file(path)
    try:
        if dry_run:
            return None, structure
        dataset, _created = save_dataset(slug, h5_path, structure, **fields)
        return dataset, structure
    finally:
        if h5_path != str(path):
            os.unlink(h5_path)


def evaluate_binding(binding: dict) -> dict:
    """The figure a data-bound question asks for, from the dataset as it is now.

    Cached per dataset version (its ``updated`` time) and binding. Raises
    ``ChartError`` with a sentence an author can act on (no such dataset, no
    such column, no matching row, a tie).
    """
    errors = check_binding(binding)
    if errors:
        raise ChartError(" ".join(errors))
    dataset = Dataset.objects.filter(slug=binding["dataset"]).first()
    if dataset is None or not dataset.table:
        raise ChartError(_("There is no dataset with the slug '%(slug)s'.") % {"slug": binding["dataset"]})
    key = "dataq:" + hashlib.sha256(json.dumps([dataset.slug, dataset.updated.isoformat(), binding], sort_keys=True,
                                               default=str).encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        try:
            with dataset.open_h5() as h5:
                result = evaluate(h5[dataset.table["group"]], binding)
        except (KeyError, OSError) as error:
            raise ChartError(_("The dataset '%(slug)s' could not be read: %(error)s") % {"slug": dataset.slug, "error": error})
        result["dataset_updated"] = dataset.updated.isoformat()
        cache.set(key, result, 3600)
    return result
