import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contributions.loader import load_tree
from contributions.package import PackageInvalid
from contributions.progress_bar import ProgressBar
from contributions.workflows import setup_moderation_workflow
from curriculum.site_setup import setup_site


class Command(BaseCommand):
    help = "Set up the site and load the curriculum packages in content/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.ALMA_CONTENT_DIR))
        parser.add_argument("--dry-run", action="store_true", help="Validate only; change nothing.")
        parser.add_argument("--no-progress", action="store_true", help=_("Do not draw a progress bar."))

    def handle(self, *args, path, dry_run, no_progress, **options):
        if not dry_run:
            setup_site()
            setup_moderation_workflow()
            # Lessons draw charts from datasets: load them before the content tree.
            call_command("load_datasets", stdout=self.stdout, stderr=self.stderr)
        try:
            report = load_tree(
                Path(path), dry_run=dry_run,
                progress=(lambda i, n, slug: self.stdout.write(f"[{i}/{n}] {slug}")) if no_progress else None,
                page_progress=None if no_progress else ProgressBar(self.stdout),
            )
        except PackageInvalid as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(error.problems)} problem(s); nothing was imported.")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if not dry_run:
            # Saving pages and questions indexes them when the backend auto-updates; a full
            # update also covers settings without it, and edits made outside Wagtail's signals.
            started = time.perf_counter()
            call_command("update_index", verbosity=0, stdout=self.stdout, stderr=self.stderr)
            self.stdout.write(f"Search index updated in {time.perf_counter() - started:.1f} s.")
        verb = "would be imported (dry run)" if dry_run else "loaded"
        self.stdout.write(self.style.SUCCESS(
            f"Content {verb}: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        ))
