import json
import sys

from django.core.management.base import BaseCommand

from progress.models import Statement
from progress.xapi import statement_to_xapi


class Command(BaseCommand):
    help = "Write every learning record as xAPI 1.0.3 statements (a JSON array), streamed."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--since", help="Only statements stored at or after this ISO date.")

    def handle(self, *args, output=None, since=None, **options):
        statements = Statement.objects.order_by("stored")
        if since:
            statements = statements.filter(stored__gte=since)
        stream = open(output, "w", encoding="utf-8") if output else sys.stdout
        try:
            stream.write("[")
            for index, statement in enumerate(statements.iterator(chunk_size=2000)):
                stream.write(("," if index else "") + "\n" + json.dumps(statement_to_xapi(statement), ensure_ascii=False))
            stream.write("\n]\n")
        finally:
            if output:
                stream.close()
