"""Bulk data for class reports (tests and tests/benchmarks/bench_teachers.py): no factory_boy, bulk inserts."""

import importlib
import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from progress.models import LessonProgress, Statement, Verb
from quizzes.models import Attempt, OutcomeMastery
from teachers.models import Assignment, Classroom, Membership
from teachers.rules import rules_source

OUTCOMES = ["CM-SEC-01", "CM-SEC-02", "WA-SEC-01", "EN-SEC-04"]


def populate(classroom: Classroom, students: int, assignments: int, *, module=None, quiz=None, seed=1, prefix="s"):
    """``students`` members (two groups) and ``assignments`` assignments mixing a module, quizzes and
    lessons, with progress, attempts, statements and mastery for most students."""
    rng = random.Random(seed)
    now = timezone.now()
    User = get_user_model()
    tag = uuid.uuid4().hex[:6]
    users = User.objects.bulk_create([User(username=f"{prefix}{tag}-{i}", display_name=f"Estudiante {i}")
                                      for i in range(students)])
    users = list(User.objects.filter(username__startswith=f"{prefix}{tag}-"))
    Membership.objects.bulk_create([Membership(classroom=classroom, student=u, group="AB"[i % 2],
                                               joined_at=now - timedelta(days=20)) for i, u in enumerate(users)])
    items = []
    for n in range(assignments):
        if n == 0 and module is not None:
            kind, key = Assignment.Kind.MODULE, module.translation_key
        elif n == 1 and quiz is not None:
            kind, key = Assignment.Kind.QUIZ, quiz.translation_key
        else:
            kind, key = (Assignment.Kind.QUIZ if n % 3 == 0 else Assignment.Kind.LESSON), uuid.uuid4()
        items.append(Assignment(classroom=classroom, kind=kind, target_key=key, title=f"Tarea {n + 1}",
                                available_from=now - timedelta(days=15), due_at=now + timedelta(days=rng.randint(-5, 10)),
                                audience=Assignment.Audience.GROUPS if n % 7 == 6 else Assignment.Audience.CLASS,
                                groups=["A"] if n % 7 == 6 else []))
    items = Assignment.objects.bulk_create(items)
    progress, attempts, statements, mastery = [], [], [], []
    lesson_keys = [a.target_key for a in items if a.kind == Assignment.Kind.LESSON]
    quiz_keys = [a.target_key for a in items if a.kind == Assignment.Kind.QUIZ]
    sources = {key: rules_source(a.pk for a in items if a.target_key == key) for key in quiz_keys}  # ran under their rules
    if module is not None:
        from lessons.models import LessonPage

        lesson_keys += list(LessonPage.objects.child_of(module).values_list("translation_key", flat=True))
    for user in users:
        for key in lesson_keys:
            if rng.random() < 0.7:
                done = rng.random() < 0.6
                progress.append(LessonProgress(user=user, lesson_key=key, module_key=uuid.uuid4(), seconds_spent=rng.randint(60, 900),
                                               completed_at=now - timedelta(days=rng.randint(0, 12)) if done else None))
                statements.append(Statement(user=user, verb=Verb.COMPLETED if done else Verb.EXPERIENCED, object_type="lesson",
                                            object_key=key, object_title="L", locale="es",
                                            timestamp=now - timedelta(days=rng.randint(0, 12)), classroom_id=classroom.pk))
        number = 0
        if quiz is not None:
            for key in quiz_keys:
                for _ in range(rng.randint(0, 3)):
                    number += 1
                    started = now - timedelta(days=rng.randint(0, 12), minutes=30)
                    score = rng.random()
                    attempts.append(Attempt(user=user, quiz=quiz, quiz_key=key, number=number, state=Attempt.State.SUBMITTED,
                                            rules_source=sources[key], seed=1, started_at=started, submitted_at=started + timedelta(minutes=12),
                                            score=score, points=score * 10, max_points=10, passed=score >= 0.6))
        for code in OUTCOMES:
            if rng.random() < 0.8:
                recent = [rng.choice([0, 0.5, 1]) for _ in range(4)]
                mastery.append(OutcomeMastery(user=user, outcome_code=code, recent=recent, responses=4,
                                              correct=recent.count(1), mastered=sum(recent) >= 3, updated_at=now))
    LessonProgress.objects.bulk_create(progress, batch_size=500)
    Attempt.objects.bulk_create(attempts, batch_size=500)
    Statement.objects.bulk_create(statements, batch_size=500)
    OutcomeMastery.objects.bulk_create(mastery, batch_size=500)
    fill_summaries()
    return users, items


def fill_summaries():
    """Summarise rows made in bulk into the read model, as the data migration does for existing data."""
    from django.apps import apps

    importlib.import_module("progress.migrations.0003_fill_item_summary").fill(apps, None)
