"""manage.py import_qti PACKAGE.zip|ITEM.xml [--locale es] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from wagtail.models import Locale

from quizzes.formats import FormatError
from quizzes.qti import import_package


class Command(BaseCommand):
    help = ("Import a QTI 3.0 (or 2.1) content package or item file into the bank, all or nothing. Items ALMA cannot "
            "hold are skipped with a warning naming them; outcome codes come from the package's curriculum "
            "standards metadata, or --outcome.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--locale", default="es", help="Language of the questions (default es).")
        parser.add_argument("--dry-run", action="store_true", help="Check the package and count; change nothing.")
        parser.add_argument("--namespace", default="", help="Identifies questions without an id on re-import "
                                                            "(default: the file name).")
        parser.add_argument("--outcome", action="append", default=[], help="Outcome code for questions without one.")
        parser.add_argument("--strict", action="store_true", help="Refuse the package if any item is skipped.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > 50 * 1024 * 1024:
            raise CommandError(f"{path}: the file is over 50 MB.")
        locale = Locale.objects.filter(language_code=options["locale"]).first()
        if locale is None:
            raise CommandError(f"Unknown language '{options['locale']}'.")
        try:
            summary = import_package(path.read_bytes(), locale=locale, filename=str(path),
                                     namespace=options["namespace"] or slugify(path.stem) or "qti",
                                     dry_run=options["dry_run"] or options["strict"],
                                     default_outcomes=options["outcome"])
        except FormatError as error:
            self.stderr.write(error.report())
            raise CommandError(f"{path}: {len(error.errors) + error.more} error(s); nothing was imported.") from None
        for line, message in summary.warnings:
            self.stderr.write(f"{path}:{line}: warning: {message}")
        if options["strict"] and summary.warnings:
            raise CommandError(f"{path}: {len(summary.warnings)} warning(s) with --strict; nothing was imported.")
        if options["strict"] and not options["dry_run"]:
            summary = import_package(path.read_bytes(), locale=locale, filename=str(path),
                                     namespace=options["namespace"] or slugify(path.stem) or "qti",
                                     default_outcomes=options["outcome"])
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(f"{path}: {verb} {summary.total} questions ({locale.language_code}, QTI)")
        for qtype, count in sorted(summary.counts.items()):
            self.stdout.write(f"  {qtype:<10} {count}")
        self.stdout.write(f"  new {summary.created}, updated {summary.updated}, unchanged {summary.unchanged}, "
                          f"skipped {len(summary.warnings)}" + (" — dry run, nothing saved" if options["dry_run"] else ""))
