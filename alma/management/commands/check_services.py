from django.core.management.base import BaseCommand, CommandError

from alma import services


class Command(BaseCommand):
    help = "Check that PostgreSQL, Redis, the object storage and the task backend configured answer."

    def handle(self, *args, **options):
        found = services.problems()
        if found:
            raise CommandError("ALMA Aula cannot start:\n  - " + "\n  - ".join(found))
        self.stdout.write("services: ok")
