"""Every quiz the platform ships can be taken offline, and its draw gives no answer away."""

import json

from django.conf import settings
from django.core.management import call_command

from contributions.loader import load_tree
from offline.models import OfflineDraw
from quizzes.models import QuestionVersion, QuizPage
from tests.offline.conftest import draw
from tests.security.test_answer_keys import secret_keys_in


def given_away(definition: dict) -> list[str]:
    """Texts of a definition that only its key holds: feedback, and the accepted answers a learner types."""
    texts = [definition.get("general_feedback", ""), definition.get("feedback_right", ""),
             definition.get("feedback_wrong", ""), definition.get("incorrect_feedback", "")]
    texts += [c.get("feedback", "") for c in definition.get("choices", [])]
    for answer in definition.get("answers", []):
        texts.append(answer.get("feedback", ""))
        if definition["type"] == "short":
            texts.append(answer.get("text", ""))
    for gap in definition.get("gaps", []):
        texts += [a.get("feedback", "") for a in gap.get("answers", []) + gap.get("choices", [])]
        if gap["kind"] == "short":
            texts += [a.get("text", "") for a in gap["answers"]]
    # Shorter texts ("Sí", "litio"), and accepted answers the question's own text holds, are no leak.
    return [t for t in texts if len(t) >= 8 and t not in definition.get("prompt", "")]


def test_every_shipped_quiz_draws_without_its_key(learner_client, site_pages):
    call_command("load_datasets", verbosity=0)
    load_tree(settings.ALMA_CONTENT_DIR)
    quizzes = list(QuizPage.objects.live().filter(locale__language_code="es"))
    assert len(quizzes) >= 10
    kinds = set()
    for quiz in quizzes:
        drawn = draw(learner_client, quiz)
        assert drawn["key"] is None or drawn["quiz"]["practice"], quiz.url
        questions = drawn["questions"]
        assert secret_keys_in(questions) == set(), quiz.url
        pinned = OfflineDraw.objects.get(pk=drawn["draw"]).questions
        versions = QuestionVersion.objects.in_bulk([q["version"] for q in pinned])
        # Each question against its own key: a word one question accepts may well be another question's text.
        for question, entry in zip(questions, pinned, strict=True):
            text = json.dumps(question, ensure_ascii=False)
            definition = versions[entry["version"]].definition
            leaked = [t for t in given_away(definition) if json.dumps(t, ensure_ascii=False)[1:-1] in text]
            assert not leaked, (quiz.url, question["position"], leaked)
        kinds |= {q["kind"] for q in questions}
    # The kinds the shipped GIFT files hold today (tests/offline/test_draw.py covers every kind a quiz can hold).
    assert kinds >= {"single", "multiple", "truefalse", "numeric", "short", "matching"}, kinds
