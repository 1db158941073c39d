"""Per-learner quiz rules from upper layers (quizzes/rules.py): merged into what a new attempt copies."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail import hooks

from quizzes import rules as quiz_rules
from quizzes import services
from quizzes.models import Attempt, ReviewWhen


class Registry:
    """The rules hook with the upper layers' providers set aside for the test."""

    rules_for = staticmethod(quiz_rules.rules_for)

    @staticmethod
    def register_rule_provider(func):
        hooks.register(quiz_rules.RULES_HOOK, func)


@pytest.fixture
def registry(monkeypatch):
    hooks.search_for_hooks()  # discover the apps' own providers first, so that none is added later
    monkeypatch.setitem(hooks._hooks, quiz_rules.RULES_HOOK, [])
    return Registry


def submit_new(quiz, user):
    attempt, _created = services.start_attempt(quiz, user)
    services.submit_attempt(attempt)
    return attempt


def test_with_no_provider_an_attempt_copies_the_quiz_rules(registry, quiz, learner):
    quiz.attempts_allowed, quiz.time_limit_minutes = 2, 15
    attempt, created = services.start_attempt(quiz, learner)
    assert created and attempt.rules == quiz.rules()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=15)
    assert services.attempts_left(quiz, learner) == 1


def test_a_provider_override_wins_for_its_learner_only(registry, quiz, learner, other_learner):
    quiz.attempts_allowed = 3
    registry.register_rule_provider(
        lambda page, user: {"attempts_allowed": 1, "feedback_when": ReviewWhen.NEVER} if user == learner else None)
    first = submit_new(quiz, learner)
    assert first.rules["attempts_allowed"] == 1 and first.rules["feedback_when"] == ReviewWhen.NEVER
    assert services.attempts_left(quiz, learner) == 0
    with pytest.raises(services.AttemptLimitReached):
        services.start_attempt(quiz, learner)
    submit_new(quiz, other_learner)
    submit_new(quiz, other_learner)
    assert services.attempts_left(quiz, other_learner) == 1
    assert Attempt.objects.filter(user=other_learner).first().rules["feedback_when"] == quiz.feedback_when


def test_overrides_are_merged_in_registration_order_and_none_means_no_override(registry, quiz, learner):
    due = timezone.now() + timedelta(days=3)
    registry.register_rule_provider(lambda page, user: {"attempts_allowed": 1, "time_limit_minutes": 10, "due_at": due})
    registry.register_rule_provider(lambda page, user: {"attempts_allowed": 4, "time_limit_minutes": None,
                                                        "questions_per_page": 99})
    rules = registry.rules_for(quiz, learner)
    assert rules["attempts_allowed"] == 4
    assert rules["time_limit_minutes"] == 10
    assert rules["due_at"] == due.isoformat()  # JSON-ready
    assert rules["questions_per_page"] == quiz.questions_per_page  # not a rule providers may change
    attempt, _created = services.start_attempt(quiz, learner)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=10)


def test_a_zero_override_lifts_the_quiz_limit(registry, quiz, learner):
    quiz.attempts_allowed, quiz.time_limit_minutes = 1, 20
    registry.register_rule_provider(lambda page, user: {"attempts_allowed": 0, "time_limit_minutes": 0})
    first = submit_new(quiz, learner)
    assert first.deadline is None
    second, created = services.start_attempt(quiz, learner)
    assert created and services.attempts_left(quiz, learner) is None


def test_providers_are_not_asked_about_anonymous_visitors(registry, quiz):
    from django.contrib.auth.models import AnonymousUser

    def provider(page, user):
        raise AssertionError("asked")

    registry.register_rule_provider(provider)
    assert registry.rules_for(quiz, AnonymousUser()) == quiz.rules()
