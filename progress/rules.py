"""Quiz rules for the tests a track's certificate rests on (see quizzes/rules.py).

Every quiz of a track's modules, and its pre- and post-test, is taken under the
track's rules: at most ``TrackPage.test_attempts_allowed`` attempts (or the
quiz's own limit when it is lower), and feedback and right answers only once an
attempt is passed or no attempts are left — so a failed attempt never hands out
the key to the next one.
"""

from django.db.models import Q

from curriculum.models import ModulePage, TrackPage
from quizzes.models import ReviewWhen


def track_quiz_rules(quiz, user):
    module_keys = ModulePage.objects.filter(path=quiz.path[: -quiz.steplen]).values("translation_key")
    limits = list(TrackPage.objects.live().filter(
        Q(track_modules__module__translation_key__in=module_keys)
        | Q(pre_test__translation_key=quiz.translation_key) | Q(post_test__translation_key=quiz.translation_key),
    ).values_list("test_attempts_allowed", flat=True).distinct())
    if not limits:
        return None
    allowed = min(limit for limit in limits if limit) if any(limits) else 0
    if quiz.attempts_allowed:
        allowed = min(allowed, quiz.attempts_allowed) if allowed else quiz.attempts_allowed
    return {"attempts_allowed": allowed or None, "feedback_when": ReviewWhen.AFTER_PASSED_OR_LAST.value,
            "answers_when": ReviewWhen.AFTER_PASSED_OR_LAST.value}
