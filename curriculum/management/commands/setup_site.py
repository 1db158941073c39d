from django.core.management.base import BaseCommand

from curriculum.site_setup import setup_site


class Command(BaseCommand):
    help = "Create the locales, home pages and catalogues the site needs (idempotent)."

    def handle(self, *args, **options):
        created = setup_site()
        for item in created:
            self.stdout.write(f"created {item}")
        self.stdout.write(self.style.SUCCESS(f"Site ready ({len(created)} items created)."))
