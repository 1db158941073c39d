"""Issue 14: the submit is a tight transaction. The learner's response needs the scored attempt
and its summary (the read model); the statement, lesson completions and module progress are a
task that production's worker runs after the commit. Here a task backend that only stores the
task stands for the worker, so the submit's own queries are counted and the task run by hand."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from progress.models import Enrolment, ItemSummary, Statement, Verb
from progress.tasks import follow_up_attempt
from quizzes.models import Attempt

from .conftest import make_question, make_quiz
from .test_learner_pages import client_ana  # noqa: F401 - a fixture
from .test_pages import start

WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# session (the site, the route and the page come from the caches), user, savepoint, the attempt under
# its lock with its answers, their scores (one UPDATE for all), the attempt, outcome mastery read and
# write, the summary, release (the queued task is one more with the database backend)
SUBMIT_QUERIES = 10


def submit(client, module, outcome, count) -> tuple[Attempt, int]:
    questions = [make_question("truefalse", outcomes=[outcome]) for _ in range(count)]
    quiz = make_quiz(module, questions=questions, shuffle_questions=False, questions_per_page=count, pass_mark=50)
    attempt_url = start(client, quiz)
    client.post(attempt_url, {"page": 1, "action": "save", **{f"q{n}": "true" for n in range(1, count + 1)}})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"{attempt_url}submit/")
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz, state=Attempt.State.SUBMITTED), len(queries)


@override_settings(TASKS=WORKER)
def test_the_submit_writes_the_attempt_and_its_summary_and_queues_the_rest(client_ana, module, outcome, learner):  # noqa: F811
    submit(client_ana, module, outcome, 3)  # warm caches (site, routes, content types)
    default_task_backend.clear()
    attempt, few = submit(client_ana, module, outcome, 5)
    _other, many = submit(client_ana, module, outcome, 20)
    assert few == many == SUBMIT_QUERIES, (few, many)
    summary = ItemSummary.objects.get(user=learner, item_key=attempt.quiz_key)
    assert (summary.tries, summary.best_score, summary.module_key) == (1, attempt.score, module.translation_key)
    assert not Statement.objects.filter(object_key=attempt.quiz_key).exists()  # the worker's to write
    queued = [result.args for result in default_task_backend.results if result.task.func == follow_up_attempt.func]
    assert [attempt.pk] in queued


@override_settings(TASKS=WORKER)
def test_the_follow_up_records_the_submit_time_and_runs_once(client_ana, module, outcome, learner):  # noqa: F811
    attempt, _queries = submit(client_ana, module, outcome, 4)
    assert follow_up_attempt.call(attempt.pk) is True
    statement = Statement.objects.get(object_key=attempt.quiz_key)
    assert statement.timestamp == attempt.submitted_at and statement.verb == Verb.PASSED
    assert statement.context_activities["parent"] == [["module", str(module.translation_key)]]
    assert Enrolment.objects.filter(user=learner, object_key=module.translation_key).exists()
    assert follow_up_attempt.call(attempt.pk) is False  # a worker retrying the task changes nothing
    assert Statement.objects.filter(object_key=attempt.quiz_key).count() == 1


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_follow_up_runs_with_the_submit(client_ana, module, outcome, learner):  # noqa: F811
    attempt, _queries = submit(client_ana, module, outcome, 4)
    assert Statement.objects.filter(object_key=attempt.quiz_key, timestamp=attempt.submitted_at).count() == 1
