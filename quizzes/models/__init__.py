"""Question bank, quiz pages, attempts and mastery — one module each, imported here as one app's models.

* ``bank``: questions and their versions (knows nothing of pages or attempts);
* ``pages``: quiz pages and their slots;
* ``attempts``: attempts, the questions they pinned, and mastery per outcome.
"""

from quizzes.models.attempts import Attempt, AttemptQuestion, OutcomeMastery
from quizzes.models.bank import (
    DataBindingError,
    Difficulty,
    Question,
    QuestionType,
    QuestionVersion,
    TextFormat,
    resolve_data,
)
from quizzes.models.pages import QuizPage, QuizSlot, ReviewWhen

__all__ = [
    "Attempt", "AttemptQuestion", "DataBindingError", "Difficulty", "OutcomeMastery", "Question", "QuestionType",
    "QuestionVersion", "QuizPage", "QuizSlot", "ReviewWhen", "TextFormat", "resolve_data",
]
