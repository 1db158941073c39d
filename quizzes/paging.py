"""How an attempt's questions are laid out on pages, and where a returning learner continues.

One reason to change: the paging of a quiz (pure, no database).
"""

from __future__ import annotations

import math


MAX_PAGE_SIZE = 10
AUTO_PAGE_SIZE = 8


def page_size(question_count: int, configured: int | None = 0) -> int:
    """Questions per page: the quiz's own number, else (0) balanced pages of 5–10
    questions (a quiz of up to 10 on one page; 30 as 8, 8, 8, 6)."""
    if configured:
        return configured
    if question_count <= MAX_PAGE_SIZE:
        return max(question_count, 1)
    pages = math.ceil(question_count / AUTO_PAGE_SIZE)
    return math.ceil(question_count / pages)


def paginate(questions: list, configured: int | None = 0) -> list[list]:
    size = page_size(len(questions), configured)
    return [questions[i:i + size] for i in range(0, len(questions), size)] or [[]]


def resume_page(pages: list[list]) -> int:
    """Where a learner coming back continues: the first page with an unanswered question, else the last."""
    for number, page in enumerate(pages, 1):
        if any(aq.answer is None for aq in page):
            return number
    return len(pages)
