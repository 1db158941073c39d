"""manage.py export_qti DEST.zip [--locale es] [--outcome CODE] [--quiz SLUG]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Question, QuizPage
from quizzes.qti import export_package, quiz_questions


class Command(BaseCommand):
    help = ("Write the question bank (latest versions), or the questions of one quiz, as a QTI 3.0 content package "
            "(zip): imsmanifest.xml, one qti-assessment-item per question.")

    def add_arguments(self, parser):
        parser.add_argument("dest")
        parser.add_argument("--locale", default="es", help="Language of the questions (default es).")
        parser.add_argument("--outcome", action="append", default=[], help="Only questions on this outcome code.")
        parser.add_argument("--quiz", default="", help="Only the questions this quiz page (slug) can ask.")
        parser.add_argument("--include-archived", action="store_true")

    def handle(self, *args, **options):
        language = options["locale"]
        title = ""
        if options["quiz"]:
            quiz = QuizPage.objects.filter(slug=options["quiz"], locale__language_code=language).first()
            if quiz is None:
                raise CommandError(f"No quiz page with the slug '{options['quiz']}' in '{language}'.")
            questions, title = quiz_questions(quiz), quiz.title
        else:
            questions = Question.objects.filter(locale__language_code=language)
            if not options["include_archived"]:
                questions = questions.filter(archived=False)
        if options["outcome"]:
            questions = questions.filter(outcomes__code__in=options["outcome"]).distinct()
        data, count = export_package(questions, language=language, title=title)
        try:
            Path(options["dest"]).write_bytes(data)
        except OSError as error:
            raise CommandError(f"{options['dest']}: {error.strerror}") from None
        self.stdout.write(f"{options['dest']}: {count} questions written (QTI 3.0, {language}).")
