"""Learning gain on a track: the learner's scores per outcome on its pre-test against its post-test.

One reason to change: how gain is measured (first pre-test attempt, latest post-test, Hake's normalised gain).
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page

from curriculum.models import TrackPage
from quizzes.models import Attempt, AttemptQuestion
from quizzes.review import outcome_scores


@dataclass
class OutcomeGain:
    code: str
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return None if self.pre is None or self.post is None else self.post - self.pre

    @property
    def normalised_gain(self) -> float | None:
        """Hake's normalised gain: the share of the possible improvement achieved."""
        if self.gain is None or self.pre >= 1:
            return None
        return self.gain / (1 - self.pre)

    @property
    def pre_percent(self):
        return None if self.pre is None else round(self.pre * 100)

    @property
    def post_percent(self):
        return None if self.post is None else round(self.post * 100)

    @property
    def gain_points(self):
        return None if self.gain is None else round(self.gain * 100)


def _scores_by_outcome(attempt) -> dict[str, float]:
    if attempt is None:
        return {}
    rows = outcome_scores(AttemptQuestion.objects.filter(attempt=attempt).select_related("version"))
    return {row["code"]: row["points"] / row["max_points"] for row in rows if row["max_points"]}


def learning_gain(user, track: TrackPage) -> list[OutcomeGain]:
    """Per outcome, the learner's score on the track's pre-test (their first
    submitted attempt) against the post-test (their latest). Empty when the
    track has no pre- and post-test."""
    if not (track.pre_test_id and track.post_test_id):
        return []
    keys = dict(Page.objects.filter(pk__in=[track.pre_test_id, track.post_test_id]).values_list("pk", "translation_key"))
    submitted = Attempt.objects.filter(user=user, state=Attempt.State.SUBMITTED)
    pre = submitted.filter(quiz_key=keys.get(track.pre_test_id)).order_by("submitted_at", "pk").first()
    post = submitted.filter(quiz_key=keys.get(track.post_test_id)).order_by("-submitted_at", "-pk").first()
    before, after = _scores_by_outcome(pre), _scores_by_outcome(post)
    return [OutcomeGain(code, before.get(code), after.get(code)) for code in sorted(set(before) | set(after))]
