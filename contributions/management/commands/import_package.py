from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contributions.archive import opened_package
from contributions.loader import load_tree
from contributions.package import PackageInvalid
from contributions.progress_bar import ProgressBar
from contributions.site_needs import set_up


class Command(BaseCommand):
    help = _("Validate and import a curriculum package (a folder or a .zip). Nothing changes if any problem is found.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("package folder or .zip file"))
        parser.add_argument("--dry-run", action="store_true", help=_("Validate only; change nothing."))
        parser.add_argument("--draft", action="store_true", help=_("Save pages as drafts instead of publishing them."))
        parser.add_argument("--no-progress", action="store_true", help=_("Do not draw a progress bar."))
        parser.add_argument("--no-setup", action="store_true",
                            help=_("Do not set up what the site lacks (catalogues, datasets); say what to run instead."))

    def handle(self, *args, path, dry_run, draft, no_progress, no_setup=False, **options):
        progress = None if no_progress else ProgressBar(self.stdout)

        def prepare(needs):
            # A fresh database: set up what load_content would, before importing.
            for line in set_up(needs, self.stdout):
                self.stdout.write(line)

        try:
            with opened_package(path) as root:
                report = load_tree(root, dry_run=dry_run, publish=not draft, page_progress=progress,
                                   prepare=None if no_setup else prepare)
        except PackageInvalid as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("%(count)d problem(s); nothing was imported.") % {"count": len(error.problems)})
        except LookupError as error:
            raise CommandError(str(error))
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if dry_run:
            self.stdout.write(self.style.SUCCESS(_("The package is valid (dry run: nothing was imported).")))
            return
        self.stdout.write(self.style.SUCCESS(
            _("Package imported as %(state)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
                "state": _("drafts") if draft else _("published pages"), "created": len(report.created),
                "updated": len(report.updated), "unchanged": len(report.unchanged)}
        ))
