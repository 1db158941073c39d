"""manage.py export_questions DEST --format gift|moodle-xml [--locale es] [--outcome CODE]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.importing import dump, export_questions
from quizzes.models import Question


class Command(BaseCommand):
    help = "Write the question bank (latest versions) as GIFT or Moodle XML. DEST '-' writes to standard output."

    def add_arguments(self, parser):
        parser.add_argument("dest")
        parser.add_argument("--format", choices=["gift", "moodle-xml"], required=True)
        parser.add_argument("--locale", default="", help="Only questions in this language.")
        parser.add_argument("--outcome", action="append", default=[], help="Only questions on this outcome code.")
        parser.add_argument("--include-archived", action="store_true")

    def handle(self, *args, **options):
        questions = Question.objects.all()
        if options["locale"]:
            questions = questions.filter(locale__language_code=options["locale"])
        if options["outcome"]:
            questions = questions.filter(outcomes__code__in=options["outcome"]).distinct()
        if not options["include_archived"]:
            questions = questions.filter(archived=False)
        parsed = export_questions(questions)
        text = dump(parsed, options["format"])
        if options["dest"] == "-":
            sys.stdout.write(text)
        else:
            try:
                Path(options["dest"]).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{options['dest']}: {error.strerror}") from None
            self.stderr.write(f"{options['dest']}: {len(parsed)} questions written ({options['format']}).")
