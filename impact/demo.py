"""Synthetic demo learners and activity, so that `make run` shows a public impact
dashboard with figures (development settings only, see create_demo_accounts).

Everything here is made up for the demonstration and is NOT published data: the
learners are called "Demo learner NN" (usernames ``demo-learner-NN``) and cannot
sign in; their enrolments, lesson completions, quiz results and outcome mastery
are drawn from a seeded random generator. The cohorts are sized so that some
groups pass the small-group rule (impact.services.MIN_GROUP) and some stay hidden.
"""

from __future__ import annotations

import functools
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.demo import register_demo_data
from accounts.models import Role
from curriculum.models import ModulePage
from lessons.models import LessonPage
from progress.models import Enrolment, ObjectType, Statement, Verb
from quizzes.models import OutcomeMastery, QuizPage

PREFIX = "demo-learner-"
# (country, language, learners): three countries and two languages pass the rule; Mexico and
# Bolivia stay hidden together (two groups adding up to at least MIN_GROUP, so neither can be derived).
COHORTS = [("CL", "es", 14), ("PE", "es", 12), ("BR", "pt", 12), ("MX", "es", 6), ("BO", "es", 5)]
MODULES = ["critical-minerals-energy-transition", "minerals-in-everyday-life", "ore-to-copper-cathode"]
DAYS = 180  # activity spread over about six months


def _content(language: str) -> list[tuple]:
    """(module, lessons, quizzes, outcome codes) of the demo modules in a language."""
    out = []
    for module in ModulePage.objects.live().filter(slug__in=MODULES, locale__language_code=language).order_by("slug"):
        lessons = list(LessonPage.objects.live().child_of(module).order_by("path"))
        quizzes = list(QuizPage.objects.live().descendant_of(module).order_by("path"))
        codes = sorted(set(module.outcomes.values_list("code", flat=True)))
        out.append((module, lessons, quizzes, codes))
    return out


def _after(start, now, rng):
    """A moment between the enrolment and now."""
    return start + (now - start) * rng.random()


def _statement(user, verb, object_type, page, when, **extra) -> Statement:
    return Statement(user=user, verb=verb, object_type=object_type, object_key=page.translation_key,
                     object_title=page.title[:255], locale=page.locale.language_code, timestamp=when, **extra)


@transaction.atomic
def create_demo_activity(stdout=None) -> int:
    """Create the demo learners and their activity once; returns how many learners were made."""
    User = get_user_model()
    if User.objects.filter(username__startswith=PREFIX).exists():
        return 0
    rng = random.Random(13)
    now = timezone.now()
    content = {language: _content(language) for language in {language for _c, language, _n in COHORTS}}
    users = []
    for country, language, size in COHORTS:
        for _ in range(size):
            number = len(users) + 1
            user = User(username=f"{PREFIX}{number:02d}", display_name=f"Demo learner {number:02d}",
                        country=country, preferred_language=language)
            user.set_unusable_password()
            users.append(user)
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__startswith=PREFIX).order_by("username"))
    Group.objects.get_or_create(name=Role.LEARNER.value)[0].user_set.add(*users)

    statements, enrolments, mastery = [], [], {}
    for user in users:
        modules = content[user.preferred_language]
        for module, lessons, quizzes, codes in rng.sample(modules, k=min(len(modules), rng.choice((1, 2, 2, 3)))):
            start = now - timedelta(days=rng.uniform(20, DAYS))
            when = functools.partial(_after, start, now, rng)
            statements.append(_statement(user, Verb.REGISTERED, ObjectType.MODULE, module, start))
            done = lessons[:rng.randint(1, len(lessons))] if lessons else []
            statements += [_statement(user, Verb.COMPLETED, ObjectType.LESSON, lesson, when(), completion=True)
                           for lesson in done]
            for quiz in quizzes if len(done) == len(lessons) else []:
                score = round(rng.uniform(0.35, 1.0), 2)
                statements.append(_statement(user, Verb.PASSED if score >= 0.6 else Verb.FAILED, ObjectType.QUIZ, quiz,
                                             when(), score_scaled=score, success=score >= 0.6, completion=True))
            finished = len(done) == len(lessons)
            enrolments.append(Enrolment(user=user, object_key=module.translation_key, enrolled_at=start,
                                        completed_at=when() if finished else None))
            for code in codes:
                responses = rng.randint(2, 8)
                correct = rng.randint(0, responses)
                mastery[(user.pk, code)] = OutcomeMastery(
                    user=user, outcome_code=code, responses=responses, correct=correct,
                    mastered=correct / responses >= 0.8, updated_at=when())
    Statement.objects.bulk_create(statements)
    Enrolment.objects.bulk_create(enrolments)
    OutcomeMastery.objects.bulk_create(mastery.values())
    return len(users)


def demo_data(stdout) -> None:
    made = create_demo_activity()
    if made:
        stdout.write(f"  {made} demo learners with synthetic activity for the impact dashboard (demo data, not published figures)")


register_demo_data(demo_data)
