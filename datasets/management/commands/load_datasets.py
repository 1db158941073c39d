import hashlib
import os
from pathlib import Path

import h5py
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from datasets.hdf5 import DatasetRefused, inspect_hdf5, repair_unbalanced_quotes
from datasets.models import Dataset
from datasets.seeds import LABELS_VERSION, RETRIEVED, SEEDS, label_columns
from datasets.services import prepare_file, save_dataset


def default_data_dir() -> Path:
    return Path(settings.ALMA_DATA_DIR)


class Command(BaseCommand):
    help = "Load the seed datasets from content/datasets/ (idempotent; unchanged files are skipped)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None)

    def handle(self, *args, path, **options):
        root = Path(path) if path else default_data_dir()
        if not root.is_dir():
            self.stdout.write(self.style.WARNING(f"No data folder at {root}; seed datasets not loaded."))
            return
        for seed in SEEDS:
            csv_path = root / seed["file"]
            if not csv_path.is_file():
                self.stdout.write(self.style.WARNING(f"{csv_path} is missing; dataset '{seed['slug']}' skipped."))
                continue
            data, repaired = repair_unbalanced_quotes(csv_path.read_bytes())
            attrs = {"source": seed["source"], "licence": seed["licence"], "retrieved": RETRIEVED,
                     "title": seed["title"], "description": seed["description"], "file": seed["file"]}
            digest = hashlib.sha256(data + f"labels:{LABELS_VERSION}".encode()).hexdigest()
            existing = Dataset.objects.filter(slug=seed["slug"]).first()
            if existing and (existing.structure or {}).get("attrs", {}).get("sha256") == digest and existing.file:
                continue
            attrs["sha256"] = digest
            notes = []
            try:
                h5_path, structure = prepare_file(csv_path, attrs=attrs, mixed_as_text=True, notes=notes, data=data)
            except DatasetRefused as error:
                raise CommandError(f"{csv_path}: refused: {error}")
            try:
                _fix_group(h5_path, seed["group"])
                structure = inspect_hdf5(h5_path)
                save_dataset(seed["slug"], h5_path, structure, **{k: seed[k] for k in ("title", "description", "source", "licence")})
            finally:
                os.unlink(h5_path)
            if repaired:
                notes.append(f"rows {repaired[0]}–{repaired[-1]}: a quotation inside an unquoted cell was re-joined ({len(repaired)} rows)")
            self.stdout.write(f"dataset {seed['slug']}: {structure['table']['rows']} rows" + "".join(f"\n  note: {n}" for n in notes))


def _fix_group(h5_path, group):
    with h5py.File(h5_path, "r+") as h5:
        if group != "table":
            h5.move("table", group)
            for key in ("source", "licence", "retrieved"):
                h5[group].attrs[key] = h5.attrs[key]
        label_columns(h5[group])
