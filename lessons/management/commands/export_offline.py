from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lessons.offline_export import OfflineExportError, export


class Command(BaseCommand):
    help = ("Write modules as a self-contained offline bundle (static HTML, CSS, charts, images at a phone-sized "
            "rendition, the glossary and a search page) that opens from a USB stick (file://) or any static web "
            "server, in each language asked for.")

    def add_arguments(self, parser):
        parser.add_argument("modules", nargs="+", metavar="MODULE_SLUG", help="Slugs of published modules.")
        parser.add_argument("--output", "-o", required=True, type=Path, help="The folder to write the bundle into.")
        parser.add_argument("--languages", help="Comma-separated language codes, e.g. es,pt (default: every "
                                                "language of the site).")

    def handle(self, *args, modules, output, languages=None, **options):
        codes = [code.strip() for code in languages.split(",") if code.strip()] if languages else None
        if output.exists() and not output.is_dir():
            raise CommandError(f"{output} is a file: give a folder for the bundle.")
        try:
            export(modules, output, codes,
                              report=lambda written: self.stdout.write(f"{written.path}  {written.title}"),
                              warn=lambda message: self.stderr.write(self.style.WARNING(message)))
        except OfflineExportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Wrote the bundle to {output}: open {output / 'index.html'} in a browser, or serve the folder."))
