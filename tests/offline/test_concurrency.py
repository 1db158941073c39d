"""The same batch sent at the same instant from several tabs is counted once.

On PostgreSQL the senders run in threads, each with its own connection, released
together by a barrier (tests/security/test_concurrency.py); on SQLite they run
one after the other. Either way: one attempt, one completion, one statement
each, every record accepted by exactly one sender and a duplicate for the others.
"""

import json
import uuid

from django.utils import timezone

from offline import draws
from offline import sync as offline_sync
from progress.models import LessonProgress, Statement, Verb
from quizzes.models import Attempt
from tests.factories import UserFactory, make_lesson, make_module
from tests.offline.conftest import iso
from tests.quizzes.conftest import make_question, make_quiz
from tests.security.test_concurrency import run_together

RUNS, TABS = 5, 4


def test_the_same_batch_from_several_tabs_at_once_is_counted_once(transactional_db, site_pages):
    module = make_module(site_pages["catalog"]["es"], lessons=0)
    lesson = make_lesson(module, number=1)
    quiz = make_quiz(module, questions=[make_question("truefalse"), make_question("single")], shuffle_questions=False)
    for run in range(RUNS):
        learner = UserFactory(username=f"tab-{run}")
        draw, _rows = draws.make_draw(quiz, learner)
        now = iso(timezone.now())
        body = json.dumps({"records": [
            {"id": str(uuid.uuid4()), "type": "lesson-completed", "page": lesson.pk, "acted_at": now, "seconds": 900},
            {"id": str(uuid.uuid4()), "type": "attempt", "draw": str(draw.pk), "answers": {"1": True},
             "started_at": now, "acted_at": now}]}).encode()
        results, errors = run_together([lambda: offline_sync.sync(learner, offline_sync.parse_batch(body))] * TABS)
        assert errors == [None] * TABS, errors
        ids = [record["id"] for record in json.loads(body)["records"]]
        for record_id in ids:
            assert sum(record_id in r["accepted"] for r in results) == 1, results
            assert sum(record_id in r["duplicates"] for r in results) == TABS - 1, results
        assert all(r["rejected"] == [] for r in results), results
        assert Attempt.objects.filter(user=learner).count() == 1
        assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 1
        assert Statement.objects.filter(user=learner, verb=Verb.COMPLETED).count() == 1
        assert Statement.objects.filter(user=learner, verb__in=[Verb.PASSED, Verb.FAILED]).count() == 1
        # Every tab tells the device the same result for the attempt.
        assert len({json.dumps(r["results"], sort_keys=True) for r in results}) == 1
