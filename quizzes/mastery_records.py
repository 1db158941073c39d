"""Mastery per learner and learning outcome, as stored in ``OutcomeMastery``: written when an
attempt is submitted, read by progress and class reports.

One reason to change: how mastery is stored and read (the rule itself is the pure
``quizzes.mastery``). Public interface for other apps: ``mastery_for`` and ``MasteryState``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from quizzes import mastery as mastery_rule
from quizzes.models import AttemptQuestion, OutcomeMastery


def update_mastery(user_id: int, questions: list[AttemptQuestion], now: datetime) -> list[str]:
    """Push this attempt's responses onto each outcome's recent list: 1 read, 1 upsert."""
    fractions: dict[str, list[float]] = defaultdict(list)
    for aq in questions:
        for code in aq.version.outcome_codes or []:
            fractions[code].append(aq.fraction or 0.0)
    if not fractions:
        return []
    existing = {m.outcome_code: m for m in OutcomeMastery.objects.filter(user_id=user_id, outcome_code__in=list(fractions))}
    rows = []
    for code, new in fractions.items():
        row = existing.get(code) or OutcomeMastery(user_id=user_id, outcome_code=code)
        row.recent = mastery_rule.push(list(row.recent or []), new)
        row.responses = (row.responses or 0) + len(new)
        row.correct = (row.correct or 0) + sum(1 for f in new if f >= mastery_rule.CORRECT)
        row.mastered = mastery_rule.is_mastered(row.recent)
        if row.mastered and not row.mastered_at:
            row.mastered_at = now
        row.updated_at = now
        rows.append(row)
    OutcomeMastery.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "outcome_code"],
        update_fields=["recent", "responses", "correct", "mastered", "mastered_at", "updated_at"],
    )
    return sorted(fractions)


@dataclass(frozen=True)
class MasteryState:
    outcome_code: str
    mastered: bool
    level: float  # mean fraction of the recent responses, 0–1
    responses: int
    correct: int
    mastered_at: datetime | None
    updated_at: datetime | None


def mastery_for(user_ids: Iterable[int], outcome_codes: Iterable[str] | None = None) -> dict[int, dict[str, MasteryState]]:
    """Mastery per user × outcome code, in one query whatever the numbers of users and outcomes.

    ``{user_id: {code: MasteryState}}``. Every requested user is a key. When
    ``outcome_codes`` is given every code is present for every user (a learner
    who never answered a question on it gets ``responses=0, mastered=False``);
    otherwise only the outcomes the user has answered appear.
    """
    user_ids = list(dict.fromkeys(user_ids))
    codes = list(dict.fromkeys(outcome_codes)) if outcome_codes is not None else None
    result: dict[int, dict[str, MasteryState]] = {uid: {} for uid in user_ids}
    if not user_ids or codes == []:
        return result
    rows = OutcomeMastery.objects.filter(user_id__in=user_ids)
    if codes is not None:
        rows = rows.filter(outcome_code__in=codes)
    for uid, code, recent, responses, correct, mastered, mastered_at, updated_at in rows.values_list(
        "user_id", "outcome_code", "recent", "responses", "correct", "mastered", "mastered_at", "updated_at"
    ):
        result[uid][code] = MasteryState(code, mastered, mastery_rule.level(recent or []), responses, correct,
                                         mastered_at, updated_at)
    if codes is not None:
        for uid in user_ids:
            for code in codes:
                result[uid].setdefault(code, MasteryState(code, False, 0.0, 0, 0, None, None))
    return result
