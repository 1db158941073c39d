"""Essays (issue #19 part 6): open questions with a rubric, answered in the learner's words and
graded by a teacher; the attempt's score counts once every essay is graded (quizzes.essays)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from quizzes import attempts as quiz_attempts
from quizzes import definition as qd
from quizzes import essays
from quizzes.formats import gift, moodle_xml, qti3
from quizzes.models import Attempt, Question
from quizzes.scoring import score

from tests.factories import locale

from .conftest import make_question, make_quiz
from .test_pages import start

CONTENT = Path(settings.BASE_DIR) / "content"
SHIPPED = CONTENT / "modules" / "tailings-dams-safe-management" / "questions.en.gift"
RUBRIC = "Rubric, 4 points per criterion. Uses three criteria; cites dated facts; a concrete proposal."
ESSAY = {"type": "essay", "prompt": "Was the reparation after Fundão fair? Judge it with three criteria.",
         "rubric": RUBRIC, "min_words": 250, "max_words": 300, "points": 4}


def make_essay(outcome, lang="es", **overrides):
    question = Question(title="Essay", locale=locale(lang))
    question.set_definition({**ESSAY, **overrides})
    question.save()
    question.outcomes.set([outcome])
    question.save()
    return question


# --- the definition ------------------------------------------------------------------------------


def test_an_essay_definition_is_normalised_and_validated():
    d = qd.normalise(ESSAY)
    assert (d["rubric"], d["min_words"], d["max_words"], d["points"]) == (RUBRIC, 250, 300, 4.0)
    assert qd.validate(d) == []
    assert qd.normalise({**ESSAY, "min_words": "many", "max_words": True})["min_words"] is None
    assert "The minimum number of words is larger than the maximum." in qd.validate({**ESSAY, "min_words": 400})
    assert any("rubric is longer" in e for e in qd.validate({**ESSAY, "rubric": "x" * 20_001}))


def test_the_learner_view_has_no_rubric_and_answers_are_text_with_a_cap():
    d = qd.normalise(ESSAY)
    view = qd.public_view(d)
    assert RUBRIC not in json.dumps(view) and "rubric" not in view
    assert (view["min_words"], view["max_words"]) == (250, 300)
    assert qd.clean_answer(d, "  Fair in part.  ") == "Fair in part."
    assert qd.clean_answer(d, "") is None
    with pytest.raises(qd.AnswerError):
        qd.clean_answer(d, ["not", "text"])
    with pytest.raises(qd.AnswerError):
        qd.clean_answer(d, "w " * 10_001)
    assert qd.word_count("Fair  in\npart.") == 3


def test_an_essay_is_never_scored_automatically():
    assert essays.needs_grading(qd.normalise(ESSAY))
    assert score(qd.normalise(ESSAY), "anything").points == 0  # the pure scorer gives nothing; submit leaves None


# --- formats -------------------------------------------------------------------------------------


def test_the_shipped_gift_essay_is_read_with_its_rubric_and_written_back():
    parsed = gift.parse(SHIPPED.read_bytes(), SHIPPED.name)
    essays_read = [q for q in parsed.questions if q.definition["type"] == "essay"]
    assert len(essays_read) == 1 and not [s for s in parsed.skipped if s.qtype == "essay"]
    essay = essays_read[0].definition
    assert essay["rubric"].startswith("Rubric, 4 points per criterion.") and essay["general_feedback"] == ""
    assert "Fundão" in essay["prompt"]
    again = gift.parse(gift.dump(parsed.questions))
    assert [q.definition for q in again.questions] == [q.definition for q in parsed.questions]


def test_moodle_xml_essay_with_graderinfo_round_trips():
    parsed = gift.parse(SHIPPED.read_bytes(), SHIPPED.name).questions
    essay = next(q for q in parsed if q.definition["type"] == "essay")
    essay.definition = qd.normalise({**essay.definition, "min_words": 250, "max_words": 300})
    text = moodle_xml.dump(parsed)
    assert '<question type="essay">' in text and "<graderinfo" in text and "<maxwordlimit>300</maxwordlimit>" in text
    again = moodle_xml.parse(text)
    assert [q.definition for q in again.questions] == [q.definition for q in parsed]
    assert not again.warnings


def test_moodle_xml_essay_as_moodle_writes_it():
    text = """<quiz><question type="essay"><name><text>E</text></name>
<questiontext format="html"><text><![CDATA[<p>Explain the water balance.</p>]]></text></questiontext>
<generalfeedback format="html"><text></text></generalfeedback><defaultgrade>5</defaultgrade>
<responseformat>editor</responseformat><responserequired>1</responserequired><responsefieldlines>15</responsefieldlines>
<minwordlimit>100</minwordlimit><maxwordlimit></maxwordlimit><attachments>2</attachments><attachmentsrequired>0</attachmentsrequired>
<maxbytes>0</maxbytes><filetypeslist></filetypeslist>
<graderinfo format="html"><text><![CDATA[<p>Inflows equal outflows plus storage.</p>]]></text></graderinfo>
<responsetemplate format="html"><text></text></responsetemplate></question></quiz>"""
    result = moodle_xml.parse(text)
    d = result.questions[0].definition
    assert (d["type"], d["points"], d["min_words"], d["max_words"]) == ("essay", 5.0, 100, None)
    assert "Inflows equal outflows" in d["rubric"]
    assert "attachments" in result.warnings[0][1]  # what ALMA cannot keep is said, not lost silently


def test_qti_names_essays_as_left_out():
    parsed = gift.parse(SHIPPED.read_bytes(), SHIPPED.name).questions
    assert [q.definition["type"] for q in qti3.left_out(parsed)] == ["essay"]


# --- the learner's pages -------------------------------------------------------------------------


@pytest.fixture
def client_ana(client, learner):
    client.force_login(learner)
    return client


def test_a_learner_answers_an_essay_and_waits_for_the_grade(client_ana, module, outcome, learner):
    tf = make_question("truefalse", outcomes=[outcome])
    quiz = make_quiz(module, questions=[tf, make_essay(outcome)], shuffle_questions=False)
    attempt_url = start(client_ana, quiz)
    html = client_ana.get(attempt_url).content.decode()
    assert '<textarea id="q2" name="q2"' in html and 'aria-describedby="q2-hint"' in html
    assert '<label for="q2">' in html and "250" in html and "300" in html
    assert RUBRIC not in html
    api = client_ana.get(f"/api/v1/me/quiz-attempts/{Attempt.objects.get(user=learner).pk}/")
    assert RUBRIC not in api.content.decode() and "rubric" not in api.content.decode()
    client_ana.post(attempt_url, {"page": 1, "action": "save", "q1": "true", "q2": "Fair in part: slow and late."})
    done = client_ana.post(f"{attempt_url}submit/")
    attempt = Attempt.objects.get(user=learner)
    assert attempt.state == Attempt.State.SUBMITTED and attempt.points is None and attempt.passed is None
    essay = attempt.questions.get(position=2)
    assert essay.answer == "Fair in part: slow and late." and essay.points is None
    assert attempt.questions.get(position=1).points == 1
    results = client_ana.get(done["Location"]).content.decode()
    assert "Esperando la nota de tu docente" in results
    assert RUBRIC not in results
    assert "Esperando la nota de tu docente" in client_ana.get(quiz.url).content.decode()  # the list of attempts
    api = client_ana.get(f"/api/v1/me/quiz-attempts/{attempt.pk}/results/").content.decode()
    assert RUBRIC not in api and "rubric" not in api


def test_grading_the_last_essay_scores_the_attempt_once(module, outcome, learner):
    from progress.models import ItemSummary
    tf = make_question("truefalse", outcomes=[outcome])
    quiz = make_quiz(module, questions=[tf, make_essay(outcome)], shuffle_questions=False, pass_mark=50)
    attempt, _created = quiz_attempts.start_attempt(quiz, learner)
    quiz_attempts.submit_attempt(attempt, answers={"1": "true", "2": "My essay."})
    assert not ItemSummary.objects.filter(user=learner, last_score__isnull=False).exists()
    essay = attempt.questions.get(position=2)
    with pytest.raises(essays.GradeError):
        essays.grade(essay, 5, "")  # above the question's 1 point in this quiz
    attempt = essays.grade(essay, "0,5", "Three criteria, but no dates.")
    assert (attempt.points, attempt.score, attempt.passed) == (1.5, 0.75, True)
    essay.refresh_from_db()
    assert essay.feedback == ["Three criteria, but no dates."] and essay.fraction == 0.5
    summary = ItemSummary.objects.get(user=learner)
    assert summary.tries == 1 and summary.last_score == 0.75
    essays.grade(essay, 0, "")  # a regrade changes the score, not the number of tries
    attempt.refresh_from_db()
    assert attempt.points == 1.0 and ItemSummary.objects.get(user=learner).tries == 1


# --- the shipped content -------------------------------------------------------------------------


def test_load_content_imports_the_shipped_essays(site_pages, tmp_path):
    (tmp_path / "modules").mkdir()
    (tmp_path / "framework").symlink_to(CONTENT / "framework")
    (tmp_path / "modules" / "tailings-dams-safe-management").symlink_to(CONTENT / "modules" / "tailings-dams-safe-management")
    call_command("load_content", str(tmp_path))
    essays_loaded = Question.objects.filter(qtype="essay")
    assert essays_loaded.count() >= 3  # one per language of the module
    assert all(q.latest_version.definition["rubric"] for q in essays_loaded)
