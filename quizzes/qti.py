"""The bank or one quiz as a QTI 3.0 package, and a package back into the bank.

``quiz_questions(quiz)`` is what a quiz can ask: its fixed questions, then the
bank's questions (same language, not archived) on each outcome it draws from.
"""

from __future__ import annotations

from django.db.models import Q

from quizzes.formats import qti3
from quizzes.importing import export_questions, import_parsed
from quizzes.models import Question, QuizPage


def quiz_questions(quiz: QuizPage):
    slots = list(quiz.slots.all())
    fixed = [s.question_id for s in slots if s.question_id]
    codes = [s.outcome_code for s in slots if not s.question_id and s.outcome_code]
    wanted = Q(pk__in=fixed)
    if codes:
        wanted |= Q(locale=quiz.locale, archived=False, outcomes__code__in=codes)
    return Question.objects.filter(wanted).distinct()


def export_package(questions, *, language: str, title: str = "") -> tuple[bytes, int]:
    """The zip bytes of a QTI 3.0 package and how many questions it holds."""
    parsed = export_questions(questions)
    return qti3.dump(parsed, language=language, title=title), len(parsed)


def package_files(questions, *, language: str, title: str = "") -> dict[str, bytes]:
    return qti3.package_files(export_questions(questions), language=language, title=title)


def import_package(data: bytes, *, locale, filename: str = "", namespace: str = "qti", dry_run: bool = False,
                   user=None, default_outcomes=()):
    """Import every supported item of a QTI package; FormatError when anything is wrong (nothing saved)."""
    result = qti3.parse(data, filename)
    return import_parsed(result, locale=locale, namespace=namespace, dry_run=dry_run, user=user,
                         default_outcomes=default_outcomes, filename=filename)
