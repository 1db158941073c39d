"""Quiz pages: a ``QuizPage`` lives under a module; its ``QuizSlot`` rows are
either a fixed question or a random draw ("3 questions on CM-SEC-03, medium")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from alma.page_routes import RestrictionsFromTable
from curriculum.models import LearningOutcome, ReviewedWithModule
from quizzes.models.bank import Difficulty, Question

class ReviewWhen(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, question by question")
    AFTER_SUBMISSION = "after-submission", _("After the attempt is submitted")
    AFTER_DUE_DATE = "after-due-date", _("After the due date")
    # For tests a certificate rests on: a failed attempt must not hand out the key for the next one.
    AFTER_PASSED_OR_LAST = "after-passed-or-last", _("Once passed, or when no attempts are left")
    NEVER = "never", _("Never")


class QuizPage(RestrictionsFromTable, ReviewedWithModule, RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown, shown before the learner starts."))
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=0, help_text=_("0 for no limit."))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=0, help_text=_("0 for no limit."))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    due_at = models.DateTimeField(_("due date"), null=True, blank=True)
    feedback_when = models.CharField(_("show feedback"), max_length=20, choices=ReviewWhen.choices,
                                     default=ReviewWhen.AFTER_SUBMISSION)
    answers_when = models.CharField(_("show the right answers"), max_length=20, choices=ReviewWhen.choices,
                                    default=ReviewWhen.AFTER_SUBMISSION)
    shuffle_questions = models.BooleanField(_("shuffle questions for each attempt"), default=True)
    questions_per_page = models.PositiveSmallIntegerField(_("questions per page"), default=0,
                                                          help_text=_("0 for pages of 5 to 10 questions, chosen by the platform."))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("slots", label=_("Questions"), min_num=1),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("time_limit_minutes"), FieldPanel("pass_mark")]),
            FieldPanel("due_at"),
            FieldRowPanel([FieldPanel("feedback_when"), FieldPanel("answers_when")]),
            FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("questions_per_page")]),
        ], heading=_("Quiz rules")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []
    template = "quizzes/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def rules(self) -> dict:
        """The rules an attempt copies when it starts."""
        return {
            "attempts_allowed": self.attempts_allowed,
            "time_limit_minutes": self.time_limit_minutes,
            "pass_mark": self.pass_mark,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "feedback_when": self.feedback_when,
            "answers_when": self.answers_when,
            "questions_per_page": self.questions_per_page,
        }

    def question_count(self) -> int:
        return sum(slot.count if slot.outcome_code else 1 for slot in self.slots.all())

    # The learner's screens; the views themselves live in quizzes.views, imported in each route
    # because quizzes.views imports these models (a cycle at import time).
    @path("")
    def index_route(self, request):
        from quizzes import views

        return views.quiz_index(request, self)

    @path("start/")
    def start_route(self, request):
        from quizzes import views

        return views.start(request, self)

    @path("attempt/<int:attempt_id>/")
    def attempt_route(self, request, attempt_id):
        from quizzes import views

        return views.attempt(request, self, attempt_id)

    @path("attempt/<int:attempt_id>/submit/")
    def submit_route(self, request, attempt_id):
        from quizzes import views

        return views.submit(request, self, attempt_id)

    @path("attempt/<int:attempt_id>/results/")
    def results_route(self, request, attempt_id):
        from quizzes import views

        return views.results(request, self, attempt_id)

    def personal_context(self, request) -> dict:
        """What the start page's personal part shows this learner (see alma/personal.py)."""
        from quizzes import views

        return views.learner_context(request, self)

    def attempt_url(self, attempt, name="attempt_route"):
        return self.url + self.reverse_subpage(name, kwargs={"attempt_id": attempt.pk})


class QuizSlot(Orderable):
    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(Question, verbose_name=_("question"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="slots")
    outcome_code = models.CharField(_("or draw at random for outcome"), max_length=20, blank=True,
                                    help_text=_("An outcome code such as CM-SEC-03."))
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, null=True, blank=True,
                                                  help_text=_("Leave empty for any difficulty."))
    count = models.PositiveSmallIntegerField(_("how many"), default=1)
    points = models.FloatField(_("points per question"), default=1.0)

    panels = [
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("outcome_code"), FieldPanel("difficulty"), FieldPanel("count")]),
        FieldPanel("points"),
    ]

    def clean(self):
        if bool(self.question_id) == bool(self.outcome_code):
            raise ValidationError(_("Choose a question, or an outcome code to draw questions from — one of the two."))
        if self.outcome_code and not LearningOutcome.objects.filter(code=self.outcome_code).exists():
            raise ValidationError({"outcome_code": _("There is no learning outcome with this code.")})
        if not 0 < self.points <= 1000:
            raise ValidationError({"points": _("Points must be more than 0 and at most 1000.")})


