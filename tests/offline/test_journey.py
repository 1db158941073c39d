"""A learner downloads a quiz, answers offline, and syncs: the attempt counts as an online one, once."""

from datetime import timedelta

from django.utils import timezone

from progress.models import ItemSummary, LessonProgress, Statement, Verb
from quizzes.models import Attempt
from tests.offline.conftest import attempt_record, downloaded_yesterday, draw, lesson_record, right_answers, sync


def test_an_offline_attempt_and_completions_count_once_with_the_time_the_learner_acted(learner_client, learner, quiz,
                                                                                        lessons):
    drawn = draw(learner_client, quiz)
    assert [q["kind"] for q in drawn["questions"]] == ["single", "multiple", "truefalse", "numeric", "short",
                                                       "matching", "ordering", "cloze"]
    assert drawn["key"] is None and drawn["quiz"]["practice"] is False
    downloaded_yesterday(drawn)
    acted = timezone.now() - timedelta(hours=5)
    assert not Attempt.objects.filter(user=learner).exists()  # nothing is an attempt until it syncs
    records = [lesson_record(lessons[0], acted=acted - timedelta(minutes=30)),
               lesson_record(lessons[1], acted=acted - timedelta(minutes=10)),
               attempt_record(drawn, right_answers(drawn), acted=acted)]
    response = sync(learner_client, *records)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted"] == [r["id"] for r in records] and body["duplicates"] == body["rejected"] == []
    result = body["results"][records[2]["id"]]
    attempt = Attempt.objects.get(user=learner)
    assert attempt.state == Attempt.State.SUBMITTED and result["score"] == attempt.score == 3 / 8
    assert result["url"].endswith(f"/attempt/{attempt.pk}/results/")
    assert learner_client.get(result["url"]).status_code == 200

    again = sync(learner_client, *records).json()
    assert again["accepted"] == [] and again["duplicates"] == [r["id"] for r in records]
    assert again["results"] == body["results"]
    assert Attempt.objects.filter(user=learner).count() == 1
    assert Statement.objects.filter(user=learner, verb=Verb.COMPLETED).count() == 2
    summary = ItemSummary.objects.get(user=learner, item_key=quiz.translation_key)
    assert summary.tries == 1
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 2
