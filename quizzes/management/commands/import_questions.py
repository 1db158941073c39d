"""manage.py import_questions FILE [--format gift|moodle-xml] [--dry-run] [--strict] [--locale es]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.formats import MAX_BYTES, FormatError
from quizzes.importing import guess_format, import_file


class Command(BaseCommand):
    help = ("Import a GIFT or Moodle XML question file into the bank, all or nothing. Categories name learning "
            "outcome codes. Prints how many questions of each type it imports (or would), or every error with its "
            "line, and exits non-zero on errors.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["gift", "moodle-xml"], help="Default: from the extension (.xml → moodle-xml).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and count; change nothing.")
        parser.add_argument("--locale", default="", help="Language of the questions (es, pt, en, fr). Default: from "
                                                         "a name like questions.pt.gift, else es.")
        parser.add_argument("--namespace", default="", help="Identifies the file's questions on re-import (default: "
                                                            "the folder name for questions*.gift, else the file name).")
        parser.add_argument("--strict", action="store_true", help="Refuse the file if any question would be skipped "
                                                                  "(a type the bank does not hold).")
        parser.add_argument("--outcome", action="append", default=[], help="Outcome code for questions without one.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path}: the file is {path.stat().st_size / 1024 / 1024:.1f} MB; the limit is 10 MB.")
        fmt = options["format"] or guess_format(path.name)
        locale = options["locale"]
        if not locale:
            parts = path.name.split(".")
            locale = parts[-2] if len(parts) >= 3 and 2 <= len(parts[-2]) <= 3 else "es"
        namespace = options["namespace"] or (path.parent.name if path.stem.startswith("questions") else path.stem)
        try:
            summary = import_file(path.read_bytes(), fmt=fmt, locale=locale, filename=str(path), namespace=namespace,
                                  dry_run=options["dry_run"], default_outcomes=options["outcome"],
                                  strict=options["strict"])
        except FormatError as error:
            self.stderr.write(error.report())
            raise CommandError(f"{path}: {len(error.errors) + error.more} error(s); nothing was imported.") from None
        for line, message in summary.warnings:
            self.stderr.write(f"{path}:{line}: warning: {message}")
        for skipped in summary.skipped:
            self.stderr.write(f"{path}:{skipped.line}: {skipped.report()}")
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(f"{path}: {verb} {summary.total} questions ({locale}, {fmt})")
        for qtype, count in sorted(summary.counts.items()):
            self.stdout.write(f"  {qtype:<10} {count}")
        if summary.skipped:
            self.stdout.write(f"  skipped    {len(summary.skipped)} (listed above with their lines)")
        self.stdout.write(f"  new {summary.created}, updated {summary.updated}, unchanged {summary.unchanged}"
                          + (" — dry run, nothing saved" if options["dry_run"] else ""))
