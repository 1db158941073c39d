from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from alma.i18n import localized_list
from alma.page_routes import RestrictionsFromTable
from alma.personal import share_rendering
from curriculum.models import LearningOutcome, ReviewedWithModule
from curriculum.national import fits_for
from lessons.blocks import LessonStreamBlock, TeacherGuideStreamBlock


class GlossaryTerm(index.Indexed, TranslatableMixin, models.Model):
    code = models.SlugField(_("code"), max_length=60)
    term = models.CharField(_("term"), max_length=120)
    definition = models.TextField(_("definition"))

    panels = [FieldPanel("code"), FieldPanel("term"), FieldPanel("definition")]
    search_fields = [
        index.SearchField("term", boost=2), index.SearchField("definition"),
        index.AutocompleteField("term"), index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="unique_glossary_code_per_locale")]

    def __str__(self):
        return self.term


class LessonPage(RestrictionsFromTable, ReviewedWithModule, Page):
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=30)
    outcomes = ParentalManyToManyField(LearningOutcome, verbose_name=_("learning outcomes"), blank=True, related_name="lessons")
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"))
    # For teachers, editors and staff only (teachers/guide_views.py): not searched, not in the API.
    teacher_guide = StreamField(TeacherGuideStreamBlock(), verbose_name=_("teacher guide"), blank=True, default=list)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("minutes"),
        FieldPanel("outcomes"),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Content")),
        ObjectList([FieldPanel("teacher_guide")], heading=_("Teacher guide")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ])
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        share_rendering(request, self)
        context = super().get_context(request, *args, **kwargs)
        module = self.get_parent().specific
        siblings = list(module.lessons().only("id", "title", "url_path", "path", "locale_id", "translation_key"))
        position = next((i for i, lesson in enumerate(siblings) if lesson.pk == self.pk), 0)
        context.update(
            module=module,
            lesson_number=position + 1,
            lesson_count=len(siblings),
            previous_lesson=siblings[position - 1] if position > 0 else None,
            next_lesson=siblings[position + 1] if position + 1 < len(siblings) else None,
            outcomes=localized_list(self.outcomes.all(), self.locale),
        )
        context["national_fits"] = fits_for(outcome.code for outcome in context["outcomes"])
        return context
