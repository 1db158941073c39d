from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contributions.export import export_module, find_module, write_folder, zip_bytes
from curriculum.models import ModulePage


class Command(BaseCommand):
    help = _("Write a module back to the package format: DEST/SLUG/ (a folder) or DEST.zip.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("module slug"))
        parser.add_argument("dest", help=_("a folder to write the package into, or a path ending in .zip"))

    def handle(self, *args, slug, dest, **options):
        try:
            module = find_module(slug)
        except ModulePage.DoesNotExist:
            raise CommandError(_("No module with the slug '%(slug)s'.") % {"slug": slug})
        files, warnings = export_module(module)
        for warning in warnings:
            self.stdout.write(self.style.WARNING(warning))
        dest = Path(dest)
        if dest.suffix == ".zip":
            dest.write_bytes(zip_bytes(files, slug))
            target = dest
        else:
            target = dest / slug
            write_folder(files, target)
        self.stdout.write(self.style.SUCCESS(_("Module exported to %(target)s (%(count)d files).")
                                             % {"target": target, "count": len(files)}))
