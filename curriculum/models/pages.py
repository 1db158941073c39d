"""The pages that organise modules: home, catalogue, module and track."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from alma.i18n import language_codes, localized_list
from alma.page_routes import RestrictionsFromTable
from alma.personal import share_rendering
from curriculum import national
from curriculum.models.framework import LearningOutcome, Level, Licence, Mineral, Theme
from curriculum.models.site import SiteChoices
from curriculum.orcid import is_valid_orcid

class HomePage(RestrictionsFromTable, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count_per_parent = 1
    subpage_types = ["curriculum.CatalogPage", "curriculum.ModulePage", "curriculum.TrackPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        share_rendering(request, self)
        context = super().get_context(request, *args, **kwargs)
        context["featured_modules"] = (
            ModulePage.objects.in_catalogue().filter(locale=self.locale).select_related("institution")[:6]
        )
        context["catalog"] = (SiteChoices.current(request).catalogue_for(self.locale)
                              or CatalogPage.objects.live().filter(locale=self.locale).first())
        context["levels"] = Level.choices
        return context


class CatalogFilterError(ValueError):
    pass


class CatalogPage(RestrictionsFromTable, Page):
    """The catalogue of modules, with filters by level, theme, mineral, language and national curriculum."""

    intro = RichTextField(_("introduction"), blank=True)
    per_page = 12

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["curriculum.HomePage"]
    subpage_types = ["curriculum.ModulePage", "curriculum.TrackPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue page")

    def read_filters(self, request, national_choices=None) -> dict:
        """Validate the query string; raise CatalogFilterError naming the bad value.
        ``national_choices``: national.filter_choices(), when the caller has read them already."""
        allowed = {
            "level": set(Level.values),
            "theme": set(Theme.objects.values_list("code", flat=True)),
            "mineral": set(Mineral.objects.values_list("code", flat=True)),
            "lang": set(language_codes()),
            "fits": national.filter_values(national_choices),
        }
        labels = {"level": _("level"), "theme": _("theme"), "mineral": _("mineral"), "lang": _("language"),
                  "fits": _("national curriculum")}
        filters = {}
        for name, values in allowed.items():
            value = request.GET.get(name, "").strip()
            if not value:
                continue
            if value not in values:
                raise CatalogFilterError(
                    _("Unknown %(filter)s “%(value)s”. Choose one of the options in the filter list.")
                    % {"filter": labels[name], "value": value[:40]}
                )
            filters[name] = value
        return filters

    def filtered_modules(self, filters):
        modules = ModulePage.objects.in_catalogue().filter(locale=self.locale)
        if "level" in filters:
            modules = modules.filter(level=filters["level"])
        if "theme" in filters:
            modules = modules.filter(themes__code=filters["theme"])
        if "mineral" in filters:
            modules = modules.filter(minerals__code=filters["mineral"])
        if "lang" in filters:
            available = ModulePage.objects.in_catalogue().filter(locale__language_code=filters["lang"])
            modules = modules.filter(translation_key__in=available.values("translation_key"))
        if "fits" in filters:
            modules = modules.filter(outcomes__code__in=national.outcome_codes_fitting(filters["fits"]))
        return modules.distinct().select_related("institution").order_by("level_order", "title")

    def serve(self, request, *args, **kwargs):
        share_rendering(request, self)
        context = self.get_context(request, *args, **kwargs)
        context.update(
            filters={}, levels=Level.choices, languages=settings.LANGUAGES,
            themes=Theme.objects.filter(locale=self.locale), minerals=Mineral.objects.filter(locale=self.locale),
            national_choices=national.filter_choices(),
        )
        try:
            filters = self.read_filters(request, context["national_choices"])
        except CatalogFilterError as error:
            context.update(filter_error=str(error), modules=[], page_obj=None)
            return TemplateResponse(request, self.get_template(request), context, status=400)
        paginator = Paginator(self.filtered_modules(filters), self.per_page)
        try:
            page_obj = paginator.page(request.GET.get("page") or 1)
        except (EmptyPage, ValueError):
            context.update(filter_error=_("There is no such page of results."), modules=[], page_obj=None)
            return TemplateResponse(request, self.get_template(request), context, status=404)
        context.update(
            filters=filters,
            national_label=next((f"{curriculum.name}: {label}" for curriculum, options in context["national_choices"]
                                 for value, label in options if value == filters.get("fits")), ""),
            page_obj=page_obj,
            modules=page_obj.object_list,
            result_count=paginator.count,
        )
        return TemplateResponse(request, self.get_template(request), context)


class ModuleAuthor(Orderable):
    module = ParentalKey("curriculum.ModulePage", related_name="authors", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    orcid = models.CharField(
        _("ORCID iD"), max_length=19, blank=True, help_text=_("Sixteen digits in groups of four, e.g. 0000-0002-1825-0097.")
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("orcid"), FieldPanel("affiliation")]

    def clean(self):
        if self.orcid and not is_valid_orcid(self.orcid):
            raise ValidationError({"orcid": _("This is not a valid ORCID iD (check the digits and the checksum).")})


LEVEL_ORDER = {value: position for position, value in enumerate(Level.values)}


class ModulePageQuerySet(PageQuerySet):
    def in_catalogue(self):
        """Live, public modules with at least one live lesson: an empty module is never listed."""
        live_lessons = Page.objects.filter(
            live=True, content_type__app_label="lessons", content_type__model="lessonpage",
            path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        return self.live().public().filter(Exists(live_lessons))


class ModulePage(RestrictionsFromTable, Page):
    """A module: an ordered set of lessons (its children) for one level."""

    summary = models.TextField(_("summary"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    level_order = models.PositiveSmallIntegerField(editable=False, default=0)
    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="modules")
    minerals = ParentalManyToManyField(Mineral, verbose_name=_("minerals"), blank=True, related_name="modules")
    outcomes = ParentalManyToManyField(
        LearningOutcome, verbose_name=_("learning outcomes"), blank=True, related_name="modules"
    )
    estimated_hours = models.DecimalField(_("estimated hours"), max_digits=5, decimal_places=1, default=1)
    institution = models.ForeignKey(
        "accounts.Institution", verbose_name=_("contributing institution"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="modules",
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY)
    version = models.CharField(_("version"), max_length=20, default="1.0")
    prerequisites = ParentalManyToManyField(
        "self", verbose_name=_("prerequisites"), blank=True, symmetrical=False, related_name="required_by"
    )
    pre_test = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pre-test"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("A quiz taken before the lessons that counts for nothing; the module quiz is "
                                      "compared with it to show learning gain."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("level"), FieldPanel("themes"), FieldPanel("minerals"), FieldPanel("outcomes"), FieldPanel("estimated_hours")],
            heading=_("Curriculum"),
        ),
        MultiFieldPanel(
            [FieldPanel("institution"), InlinePanel("authors", label=_("Authors")), FieldPanel("licence"), FieldPanel("version")],
            heading=_("Credits and licence"),
        ),
        FieldPanel("prerequisites"),
        PageChooserPanel("pre_test", "quizzes.QuizPage"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.FilterField("level")]
    parent_page_types = ["curriculum.HomePage", "curriculum.CatalogPage"]
    subpage_types = ["lessons.LessonPage", "quizzes.QuizPage"]

    objects = PageManager.from_queryset(ModulePageQuerySet)()

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def save(self, *args, **kwargs):
        self.level_order = LEVEL_ORDER.get(self.level, 0)
        super().save(*args, **kwargs)

    @property
    def licence_url(self):
        return Licence(self.licence).url if self.licence in Licence.values else ""

    def live_children(self, model_label: str):
        """The module's live children of one page type ("lessons.LessonPage"), in their order.

        Lessons and quizzes live in the apps above curriculum, so the type is named, not imported.
        """
        return apps.get_model(model_label).objects.child_of(self).live().order_by("path")

    def lessons(self):
        return self.live_children("lessons.LessonPage")

    def quizzes(self):
        """The module's quizzes, without its pre-test (which is not part of the module's work)."""
        return self.live_children("quizzes.QuizPage").exclude(pk=self.pre_test_id)

    def live_pre_test(self):
        if self.pre_test_id is None:
            return None
        return apps.get_model("quizzes.QuizPage").objects.live().filter(pk=self.pre_test_id).first()

    def get_context(self, request, *args, **kwargs):
        share_rendering(request, self)
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = list(self.lessons())
        context["quizzes"] = list(self.quizzes())
        context["pre_test"] = self.live_pre_test()
        context["outcomes"] = localized_list(self.outcomes.all(), self.locale)
        context["national_fits"] = national.fits_for(outcome.code for outcome in context["outcomes"])
        context["themes"] = localized_list(self.themes.all(), self.locale)
        context["minerals"] = localized_list(self.minerals.all(), self.locale)
        context["authors"] = list(self.authors.all())
        return context


class ReviewedWithModule:
    """For the pages inside a module (lessons, quizzes): they are reviewed and
    published with their module, as one unit, so they have no workflow of their
    own; the module's approval publishes them (contributions.review)."""

    def get_workflow(self):
        if self.path and ModulePage.objects.filter(path=self.path[:-self.steplen]).exists():
            return None
        return super().get_workflow()


# --- Tracks ---------------------------------------------------------------------


class TrackModule(Orderable):
    """One module of a track, in the order learners follow them."""

    track = ParentalKey("curriculum.TrackPage", related_name="track_modules", on_delete=models.CASCADE)
    module = models.ForeignKey(ModulePage, verbose_name=_("module"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("module")]

    class Meta(Orderable.Meta):
        verbose_name = _("track module")
        verbose_name_plural = _("track modules")

    def __str__(self):
        # Stable text (used by importers to tell whether a track changed).
        return f"track-module:{self.module_id}"


class TrackPage(RestrictionsFromTable, Page):
    """An ordered set of modules with completion rules (e.g. teacher training)."""

    QUIZ_MODEL = "quizpage"  # curriculum must not import quizzes: the choosers and clean() name the type

    summary = models.TextField(_("summary"))
    minimum_hours = models.DecimalField(
        _("minimum hours"), max_digits=5, decimal_places=1, default=0,
        help_text=_("Professional-development hours the learner's completed modules must add up to."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, help_text=_("Percentage each module quiz must be passed with.")
    )
    test_attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed on the track's tests"), default=3,
        help_text=_("Attempts a learner gets on each quiz of the track's modules and on its pre- and post-test. "
                    "Their right answers are shown only once passed, or when no attempts are left."),
    )
    pre_test = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pre-test"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("A quiz taken before the track, on the same outcomes as the post-test."),
    )
    post_test = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("post-test"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("A quiz taken after the track; compared with the pre-test to show learning gain."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        InlinePanel("track_modules", label=_("Modules"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("minimum_hours"), FieldPanel("pass_mark"), FieldPanel("test_attempts_allowed"),
             PageChooserPanel("pre_test", "quizzes.QuizPage"), PageChooserPanel("post_test", "quizzes.QuizPage")],
            heading=_("Completion rules"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["curriculum.HomePage", "curriculum.CatalogPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def clean(self):
        super().clean()
        errors = {}
        for name in ("pre_test", "post_test"):
            page = getattr(self, name)
            if page is not None and page.specific_class is not None and page.specific_class._meta.model_name != self.QUIZ_MODEL:
                errors[name] = _("Choose a quiz page.")
        if self.pass_mark is not None and not 0 <= self.pass_mark <= 100:
            errors["pass_mark"] = _("The pass mark is a percentage between 0 and 100.")
        if self.minimum_hours is not None and self.minimum_hours < 0:
            errors["minimum_hours"] = _("The minimum hours cannot be negative.")
        if errors:
            raise ValidationError(errors)

    def modules(self) -> list:
        """The track's modules in order, each in the track's language when it exists."""
        chosen = [tm.module for tm in self.track_modules.all().select_related("module")]
        keys = [m.translation_key for m in chosen]
        local = {m.translation_key: m for m in ModulePage.objects.live().filter(translation_key__in=keys, locale_id=self.locale_id)}
        return [local.get(m.translation_key, m) for m in chosen]

    @property
    def total_hours(self):
        return sum((m.estimated_hours for m in self.modules()), 0)

    def get_context(self, request, *args, **kwargs):
        share_rendering(request, self)
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules()
        context["total_hours"] = sum((m.estimated_hours for m in context["modules"]), 0)
        return context
