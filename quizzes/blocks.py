"""A quiz a lesson can embed for a short check: ``quiz = QuizBlock()`` in a StreamBlock.

It shows the quiz's title and size and a link to take it; the quiz itself runs
on its QuizPage (so attempts, time limits and review rules are the same). The
block renders no per-learner data, so lesson pages stay cacheable.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuizBlock(blocks.StructBlock):
    quiz = blocks.PageChooserBlock(page_type="quizzes.QuizPage", label=_("quiz"))
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120,
                               help_text=_("Defaults to “Check what you know”."))
    text = blocks.CharBlock(label=_("text"), required=False, max_length=300)

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "quizzes/blocks/quiz_block.html"
