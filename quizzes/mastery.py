"""The mastery rule, pure: "m of the last n", as Kolibri's exercises use it.

For each learner × learning outcome (by code) we keep the fractions (0–1) of
the learner's ``N`` most recent *submitted* responses to questions linked to
that outcome, in submission order. A response counts as correct when it earned
full points (fraction = 1).

* **mastered** — at least ``M`` of the last ``N`` responses are correct
  (``M = 4``, ``N = 5``: one slip is allowed, two are not). It is the *current*
  state: a learner who later answers badly can lose it, so class reports show
  outcomes that have become weak.
* **mastered_at** — the first time the rule was met; never cleared, for
  certificates and "has ever mastered".
* **level** — the mean fraction of the last ``N`` responses (partial credit
  counts), a 0–1 figure for charts.

Responses only count once their attempt is submitted (a saved-but-unsubmitted
answer changes nothing), and are counted in the same transaction as the submit.
"""

from __future__ import annotations

M = 4
N = 5
CORRECT = 1.0 - 1e-9


def push(recent: list[float], fractions: list[float], n: int = N) -> list[float]:
    """The last ``n`` fractions after adding ``fractions`` (oldest first)."""
    cleaned = [min(1.0, max(0.0, float(f))) for f in recent + fractions]
    return cleaned[-n:]


def is_mastered(recent: list[float], m: int = M, n: int = N) -> bool:
    return sum(1 for f in recent[-n:] if f >= CORRECT) >= m


def level(recent: list[float]) -> float:
    return round(sum(recent) / len(recent), 4) if recent else 0.0
