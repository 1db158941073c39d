"""Learning gain: a learner's scores per outcome on a pre-test against a post-test.

The pairs of tests are a track's pre- and post-test, and a module's pre-test and
its quiz (the post-test). One reason to change: how gain is measured (first
pre-test attempt, latest post-test, Hake's normalised gain).
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page

from curriculum.models import ModulePage, TrackPage
from progress.structure import children_of
from quizzes.models import Attempt, AttemptQuestion, QuizPage
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


def learning_gain(user, pre_test_id, post_test_id) -> list[OutcomeGain]:
    """Per outcome, the learner's score on the pre-test page (their first submitted
    attempt, in any language) against the post-test (their latest). Empty when
    either test is missing."""
    if not (pre_test_id and post_test_id):
        return []
    keys = dict(Page.objects.filter(pk__in=[pre_test_id, post_test_id]).values_list("pk", "translation_key"))
    submitted = Attempt.objects.filter(user=user, state=Attempt.State.SUBMITTED)
    pre = submitted.filter(quiz_key=keys.get(pre_test_id)).order_by("submitted_at", "pk").first()
    post = submitted.filter(quiz_key=keys.get(post_test_id)).order_by("-submitted_at", "-pk").first()
    before, after = _scores_by_outcome(pre), _scores_by_outcome(post)
    return [OutcomeGain(code, before.get(code), after.get(code)) for code in sorted(set(before) | set(after))]


def track_gain(user, track: TrackPage) -> list[OutcomeGain]:
    return learning_gain(user, track.pre_test_id, track.post_test_id)


def module_post_test(module: ModulePage):
    """The module quiz compared with its pre-test: its first live quiz that is not the pre-test."""
    return module.quizzes().first() if module.pre_test_id else None


def module_gain(user, module: ModulePage) -> list[OutcomeGain]:
    """The learner's gain on a module, once they submitted both its pre-test and its quiz."""
    post = module_post_test(module)
    gains = learning_gain(user, module.pre_test_id, post.pk if post else None)
    both_taken = any(g.pre is not None for g in gains) and any(g.post is not None for g in gains)
    return gains if both_taken else []


def gain_test_pairs() -> set[tuple]:
    """(pre-test key, post-test key) of every live track and module with both (four queries)."""
    pairs = set(TrackPage.objects.live().filter(pre_test__isnull=False, post_test__isnull=False)
                .values_list("pre_test__translation_key", "post_test__translation_key"))
    modules = {m.path: m for m in ModulePage.objects.live().filter(pre_test__isnull=False).only("path", "depth", "pre_test")}
    pre_keys = dict(Page.objects.filter(pk__in=[m.pre_test_id for m in modules.values()]).values_list("pk", "translation_key"))
    paired = set()  # modules whose post-test was found: the first quiz that is not the pre-test, as module_post_test()
    for path, key in (QuizPage.objects.live().filter(children_of(modules.values())).order_by("path")
                      .values_list("path", "translation_key")):
        module = modules[path[:-Page.steplen]]
        pre_key = pre_keys.get(module.pre_test_id)
        if module.pk not in paired and pre_key and key != pre_key:
            paired.add(module.pk)
            pairs.add((pre_key, key))
    return {(pre, post) for pre, post in pairs if pre and post and pre != post}
