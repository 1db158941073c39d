"""manage.py export_cartridge MODULE_SLUG DEST.imscc [--locale es]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contributions.common_cartridge import cartridge_bytes
from curriculum.models import ModulePage


class Command(BaseCommand):
    help = ("Write a module as an IMS Common Cartridge 1.3 (.imscc): lessons as web content, the module quiz in the "
            "CC profile of QTI 1.2.1 and, every question, as a QTI 3.0 package, learning outcomes as curriculum "
            "standards metadata.")

    def add_arguments(self, parser):
        parser.add_argument("module")
        parser.add_argument("dest")
        parser.add_argument("--locale", default="", help="Language of the module (default: its first page).")

    def handle(self, *args, **options):
        modules = ModulePage.objects.filter(slug=options["module"])
        if options["locale"]:
            modules = modules.filter(locale__language_code=options["locale"])
        module = modules.order_by("pk").first()
        if module is None:
            raise CommandError(f"No module with the slug '{options['module']}'.")
        data, warnings = cartridge_bytes(module)
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
        try:
            Path(options["dest"]).write_bytes(data)
        except OSError as error:
            raise CommandError(f"{options['dest']}: {error.strerror}") from None
        self.stdout.write(f"{options['dest']}: module '{module.slug}' ({module.locale.language_code}) written "
                          "as a Common Cartridge 1.3.")
