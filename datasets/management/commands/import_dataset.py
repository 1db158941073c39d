from django.core.management.base import BaseCommand, CommandError

from datasets.hdf5 import DatasetRefused
from datasets.services import import_dataset_file


class Command(BaseCommand):
    help = "Validate an HDF5 or CSV file and store it as a dataset (CSV is converted to HDF5)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--slug")
        parser.add_argument("--title", default="")
        parser.add_argument("--source", default="")
        parser.add_argument("--licence", default="")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; change nothing.")

    def handle(self, *args, file, slug, title, source, licence, dry_run, **options):
        try:
            dataset, structure = import_dataset_file(file, slug, dry_run=dry_run, title=title, source=source, licence=licence)
        except DatasetRefused as error:
            raise CommandError(f"{file}: refused: {error}")
        table = structure.get("table") or {}
        summary = f"{len(structure['datasets'])} dataset(s), {table.get('rows', 0)} row(s)"
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"{file} is valid ({summary}); nothing was stored (dry run)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Dataset '{dataset.slug}' stored ({summary})."))
