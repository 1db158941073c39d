"""A module's pre-test (issue 19, part 6): made on import from the module's own bank,
one question drawn per outcome, one attempt that counts for nothing, and compared
with the module quiz to show the learner's learning gain."""

import pytest
from django.conf import settings
from django.urls import reverse

from contributions.importer import stable_key
from contributions.loader import content_packages, load_tree
from curriculum.models import ModulePage
from progress.models import Enrolment
from quizzes.models import Attempt, QuizPage, ReviewWhen
from tests.factories import UserFactory
from tests.quizzes.test_pages import start

from .conftest import FRAMEWORK, write_tree

SECOND_OUTCOME = '''
[[outcome]]
code = "WAT-SEC-02"
level = "secondary"
bloom = "apply"
themes = ["water"]
alignments = ["UNESCO ESD for SDGs (2017): SDG 6"]
statement = { es = "Calcula un balance de agua.", en = "Work out a water balance." }
'''
QUESTIONS = ("$CATEGORY: WAT-SEC-01\n\n::Q1:: ¿Cobre? {TRUE}\n\n::Q2:: ¿Hierro? {FALSE}\n\n"
             "$CATEGORY: WAT-SEC-02\n\n::Q3:: ¿Agua? {TRUE}\n\n::Q4:: ¿Aire? {FALSE}\n")


@pytest.fixture
def two_outcome_tree(content_tree):
    write_tree(content_tree / "framework", {"outcomes.toml": FRAMEWORK["outcomes.toml"] + SECOND_OUTCOME})
    module = content_tree / "modules" / "agua-y-mineria"
    toml = module / "module.toml"
    toml.write_text(toml.read_text().replace('outcomes = ["WAT-SEC-01"]', 'outcomes = ["WAT-SEC-01", "WAT-SEC-02"]'))
    for language in ("es", "en"):
        (module / f"questions.{language}.gift").write_text(QUESTIONS)
    return content_tree


def pre_tests():
    return QuizPage.objects.filter(translation_key=stable_key("pre-test", "agua-y-mineria"))


def test_import_makes_a_pre_test_per_language_with_one_random_slot_per_outcome(site_pages, two_outcome_tree):
    load_tree(two_outcome_tree)
    assert pre_tests().count() == 2
    for module in ModulePage.objects.all():
        pre_test = QuizPage.objects.get(pk=module.pre_test_id)
        assert pre_test.locale_id == module.locale_id and pre_test.get_parent().pk == module.pk and pre_test.live
        assert [(s.question_id, s.outcome_code, s.count) for s in pre_test.slots.all()] == [
            (None, "WAT-SEC-01", 1), (None, "WAT-SEC-02", 1)]
        assert pre_test.attempts_allowed == 1 and pre_test.pass_mark == 0 and pre_test.feedback_when == ReviewWhen.AFTER_SUBMISSION
        # The pre-test is not one of the module's quizzes (nor, so, of the parts that complete it).
        assert [q.slug for q in module.quizzes()] == ["quiz"]
        assert module.get_latest_revision_as_object().pre_test_id == pre_test.pk
    assert pre_tests().get(locale__language_code="en").title == "Pre-test: Water and mining"

    again = load_tree(two_outcome_tree)
    assert pre_tests().count() == 2
    assert again.created == [] and again.updated == []


def test_a_module_that_lost_its_pre_test_gets_a_new_one_on_re_import(site_pages, two_outcome_tree):
    load_tree(two_outcome_tree)
    pre_tests().get(locale__language_code="es").delete()
    load_tree(two_outcome_tree)
    module = ModulePage.objects.get(locale__language_code="es")
    assert module.pre_test_id == pre_tests().get(locale__language_code="es").pk
    assert module.live and module.get_latest_revision_as_object().pre_test_id == module.pre_test_id


def answer(client, quiz, right: bool):
    attempt_url = start(client, quiz)
    attempt = Attempt.objects.filter(quiz_key=quiz.translation_key).latest("pk")
    answers = {f"q{aq.position}": str(aq.version.definition["answer"] == right).lower()
               for aq in attempt.questions.select_related("version")}
    client.post(attempt_url, {"page": 1, "action": "save", **answers})
    return client.post(f"{attempt_url}submit/")


def test_a_learner_takes_the_pre_test_and_the_quiz_and_sees_the_gain(site_pages, two_outcome_tree, client):
    load_tree(two_outcome_tree)
    module = ModulePage.objects.get(locale__language_code="en")
    pre_test, quiz = QuizPage.objects.get(pk=module.pre_test_id), module.quizzes().get()
    learner = UserFactory()
    client.force_login(learner)
    client.post(reverse("progress:enrol", args=[module.pk]))
    html = client.get(module.url).content.decode()
    assert "Before lesson 1: what do you already know?" in html and f'href="{pre_test.url}"' in html
    assert html.index('id="pre-test-title"') < html.index('id="lessons-title"')

    results = client.get(answer(client, pre_test, right=False)["Location"]).content.decode()
    assert "0 of 2 questions right" in results and "pass mark" not in results  # feedback after the one attempt
    client.post(f"{pre_test.url}start/")  # one attempt only: no second one starts
    assert Attempt.objects.filter(user=learner, quiz_key=pre_test.translation_key).count() == 1
    assert Enrolment.objects.get(user=learner, object_key=module.translation_key).completed_at is None
    assert "Learning gain per outcome" not in client.get(module.url).content.decode()

    answer(client, quiz, right=True)
    html = client.get(module.url).content.decode()
    table = html[html.index("Learning gain per outcome (pre-test → module quiz)"):html.index("</table>")]
    assert table.count("+100 points") == 2 and "WAT-SEC-01" in table and "WAT-SEC-02" in table


def test_the_shipped_content_has_a_pre_test_for_every_module_in_each_quiz_language(site_pages):
    load_tree(settings.ALMA_CONTENT_DIR)
    _framework, module_dirs = content_packages(settings.ALMA_CONTENT_DIR)
    quiz_languages = sum(len(list(path.glob("questions.*.gift"))) for path in module_dirs)
    pre_test_ids = set(ModulePage.objects.filter(pre_test__isnull=False).values_list("pre_test_id", flat=True))
    assert len(pre_test_ids) == quiz_languages == QuizPage.objects.filter(slug="pre-test").count()
    assert not ModulePage.objects.filter(pre_test__isnull=True, locale__language_code__in=["es", "pt", "en"]).exists()
