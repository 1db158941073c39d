from django.core.management.base import BaseCommand, CommandError

from contributions.models import PackageImport
from contributions.tasks import import_package_task


class Command(BaseCommand):
    help = ("Queue a package import again, e.g. after its worker was stopped mid-import (the import is one "
            "transaction: nothing of it was kept, and its uploaded archive is still in the storage).")

    def add_arguments(self, parser):
        parser.add_argument("job_ids", nargs="+", type=int)

    def handle(self, *args, job_ids, **options):
        for job in PackageImport.objects.filter(pk__in=job_ids):
            if job.finished:
                raise CommandError(f"import {job.pk} has finished ({job.status}); upload the package again")
            PackageImport.objects.filter(pk=job.pk).update(status=PackageImport.Status.QUEUED)
            import_package_task.enqueue(job.pk)
            self.stdout.write(f"import {job.pk} queued again")
