"""A module's pre-test: what the learner already knows, before the first lesson.

Made by the importer from the module's own question bank: one question drawn at
random per outcome of the module that the bank has questions for, one attempt,
no pass mark, feedback after submission. It never blocks or completes anything
(progress/structure.py leaves it out of the module's parts); its scores are
compared with the module quiz's in progress/learning_gain.py.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from contributions.new_pages import NewPages
from contributions.package.module import ModulePackage
from curriculum.models import ModulePage
from quizzes.models import Question, QuizSlot, ReviewWhen


def page_values(package: ModulePackage, language: str, locale) -> dict | None:
    """The pre-test page's fields and slots in this language (None when the bank has no question with an outcome)."""
    codes = set(Question.objects.filter(locale=locale, external_id__startswith=f"{package.slug}:", archived=False)
                .values_list("outcomes__code", flat=True))
    outcomes = sorted(codes & set(package.outcomes))  # in code order, whatever the manifest's order
    if not outcomes:
        return None
    with translation.override(language):
        title = gettext("Pre-test: %(module)s") % {"module": package.title[language]}
        intro = gettext("What do you already know? Answer one question per learning outcome before the first "
                        "lesson. It counts for nothing: you have one attempt and see the feedback after it. "
                        "The module quiz at the end shows how much you learned.")
    return {
        "title": title[:255], "intro": intro, "attempts_allowed": 1, "pass_mark": 0,
        "feedback_when": ReviewWhen.AFTER_SUBMISSION, "answers_when": ReviewWhen.AFTER_SUBMISSION,
        "children_slots": (QuizSlot, [{"outcome_code": code, "count": 1, "points": 1} for code in outcomes]),
    }


def link(module: ModulePage, quiz, new_pages: NewPages, publish: bool, user) -> None:
    """Make ``quiz`` the module's ``pre_test`` (in a new revision of an existing module)."""
    if module.pre_test_id == quiz.pk:
        return
    module.pre_test = quiz
    if module.pk in new_pages.created:  # its first revision, written by new_pages.finish(), holds it
        ModulePage.objects.filter(pk=module.pk).update(pre_test=quiz)
        return
    revision = module.save_revision(user=user, log_action=True, clean=not publish)
    if publish:
        revision.publish(user=user)
