"""quizzes' sections of "My data" (see accounts.personal_data): attempts with every response, and mastery."""

from accounts.personal_data import register
from quizzes.models import Attempt, AttemptQuestion, OutcomeMastery


@register("quiz_attempts")
def quiz_attempts(user) -> list:
    answers: dict[int, list] = {}
    for row in (AttemptQuestion.objects.filter(attempt__user=user).order_by("attempt_id", "position")
                .values("attempt_id", "position", "version__question_id", "answer", "answered_at", "points",
                        "max_points", "correct")):
        answers.setdefault(row.pop("attempt_id"), []).append(row)
    attempts = Attempt.objects.filter(user=user).order_by("started_at").values(
        "id", "quiz_key", "number", "state", "started_at", "deadline", "submitted_at", "timed_out", "points", "max_points",
        "score", "passed")
    return [dict(attempt, responses=answers.get(attempt["id"], [])) for attempt in attempts]


@register("outcome_mastery")
def outcome_mastery(user) -> list:
    return list(OutcomeMastery.objects.filter(user=user).order_by("outcome_code").values(
        "outcome_code", "responses", "correct", "recent", "mastered", "mastered_at", "updated_at"))
