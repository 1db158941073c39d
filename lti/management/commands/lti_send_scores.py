"""Send again the quiz scores an LMS did not accept (``ScoreSend`` rows left ``failed``), for example
after the platform was down. Each is tried at most ``MAX_TRIES`` times in all."""

from django.core.management.base import BaseCommand

from lti.grades import MAX_TRIES
from lti.models import ScoreSend
from lti.tasks import send_score_task


class Command(BaseCommand):
    help = "Send again the LTI scores that failed (Assignment and Grade Services)."

    def handle(self, *args, **options):
        pending = ScoreSend.objects.exclude(status=ScoreSend.Status.SENT).filter(tries__lt=MAX_TRIES)
        count = 0
        for send_id in pending.values_list("pk", flat=True):
            send_score_task.enqueue(send_id)
            count += 1
        self.stdout.write(f"Queued {count} score(s).")
