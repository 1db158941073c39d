from django.core.management.base import BaseCommand, CommandError

from progress import forwarding
from progress.models import LrsDelivery, LrsEndpoint, Statement


class Command(BaseCommand):
    help = ("Send the statements waiting in the LRS outbox to every enabled Learning Record Store "
            "(what a cron job or a worker runs). Endpoints backing off after a failure are skipped "
            "unless --force.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also try endpoints that are backing off.")
        parser.add_argument("--backfill", metavar="NAME",
                            help="First queue every statement recorded so far for the endpoint NAME "
                                 "(statements it already has are not queued twice).")

    def handle(self, *args, force=False, backfill=None, **options):
        if backfill:
            try:
                endpoint = LrsEndpoint.objects.get(name=backfill)
            except LrsEndpoint.DoesNotExist as error:
                raise CommandError(f"No Learning Record Store named {backfill!r}.") from error
            queued = set(LrsDelivery.objects.filter(endpoint=endpoint).values_list("statement_id", flat=True))
            missing = Statement.objects.exclude(pk__in=queued).order_by("stored").values_list("pk", flat=True)
            created = LrsDelivery.objects.bulk_create(
                [LrsDelivery(statement_id=pk, endpoint=endpoint) for pk in missing.iterator()], batch_size=2000)
            self.stdout.write(f"queued {len(created)} statements for {endpoint}")
        report = forwarding.flush(force=force)
        self.stdout.write(f"accepted {report.accepted}, refused {report.refused}, "
                          f"still waiting {forwarding.pending()}")
        for name in report.failed_endpoints:
            self.stderr.write(f"{name}: unreachable, backing off until {report.retry_at:%Y-%m-%d %H:%M:%S %Z}")
