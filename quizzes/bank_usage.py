"""Which quiz pages use a question of the bank, for the bank's admin ("used in").

One reason to change: how quizzes draw on the bank (fixed slots, random slots by outcome).
Lives outside ``quizzes.models.bank`` so the bank knows nothing of quiz pages.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from quizzes.models import Question, QuizPage, QuizSlot


def quizzes_using(question_ids: Iterable[int]) -> dict[int, list[QuizPage]]:
    """Quiz pages that use each question: as a fixed slot, or by a random slot on one of its outcomes."""
    question_ids = list(question_ids)
    usage: dict[int, dict[int, QuizPage]] = {pk: {} for pk in question_ids}
    slots = QuizSlot.objects.select_related("page").filter(question_id__in=question_ids)
    for slot in slots:
        usage[slot.question_id][slot.page_id] = slot.page
    codes = defaultdict(set)
    for qid, code in Question.outcomes.through.objects.filter(question_id__in=question_ids).values_list(
            "question_id", "learningoutcome__code"):
        codes[code].add(qid)
    if codes:
        for slot in QuizSlot.objects.select_related("page").filter(outcome_code__in=list(codes)):
            for qid in codes[slot.outcome_code]:
                usage[qid][slot.page_id] = slot.page
    return {pk: sorted(pages.values(), key=lambda p: p.title) for pk, pages in usage.items()}
