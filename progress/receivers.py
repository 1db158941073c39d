"""Listen to the quizzes layer: an attempt submitted becomes a statement and
may complete a module. Runs inside the submit's transaction (see quizzes/signals.py)."""

from django.dispatch import receiver

from progress.models import ObjectType, Verb
from progress.services import record, refresh_after_attempt
from quizzes.signals import attempt_submitted


@receiver(attempt_submitted, dispatch_uid="progress-record-attempt")
def record_attempt(sender, attempt, **kwargs):
    quiz = attempt.quiz
    record(attempt.user, Verb.PASSED if attempt.passed else Verb.FAILED, ObjectType.QUIZ, attempt.quiz_key, quiz.title,
           locale=quiz.locale.language_code, score=attempt.score, success=bool(attempt.passed), completion=True)
    refresh_after_attempt(attempt.user, quiz.specific)
