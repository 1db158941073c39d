from django.core.management.base import BaseCommand, CommandError

from progress.record_sync import MAX_BATCH, SyncError, send_records


class Command(BaseCommand):
    help = ("Send this server's learning records (xAPI statements with their ids) up to another ALMA, e.g. a "
            "school server's to the national instance. Exactly once and resumable: the remote stores statements "
            "by id, and this server remembers the last batch the remote accepted.")

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, metavar="URL", help="The other ALMA, e.g. https://national.example/")
        parser.add_argument("--token", required=True,
                            help="An API token of an account there with the permission \u201cCan send school records\u201d.")
        parser.add_argument("--batch", type=int, default=500, help=f"Statements per request (1–{MAX_BATCH}; default 500).")

    def handle(self, *args, to, token, batch, **options):
        def report(batch_report):
            self.stdout.write(f"batch {batch_report.number}: {batch_report.accepted} accepted, "
                              f"{batch_report.duplicates} already there, {batch_report.left} left")

        try:
            cursor = send_records(to, token, batch=batch, on_batch=report)
        except SyncError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Up to date with {cursor.remote_url}: {cursor.sent} statements sent in all."))
