"""What needs translating: for every locale, the live pages and framework
snippets that have no translation in it, or whose translation is out of date.

Translations are made with wagtail-localize. A translation is *out of date* when

* the source page was published after wagtail-localize last read it (the
  translator should "Sync translated pages"), or
* wagtail-localize re-read the source ("Sync") after the translation was last
  saved (the translator should translate the new strings and publish).

Translations that came in a package (both languages written by the authors)
have no wagtail-localize source: the package is their source of truth, so
they are never reported out of date here, only missing.

One query per model, whatever the number of objects and locales.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationLog

# (app label, model name, is a page)
TRACKED = (
    ("curriculum", "ModulePage", True),
    ("lessons", "LessonPage", True),
    ("quizzes", "QuizPage", True),
    ("curriculum", "Theme", False),
    ("curriculum", "Mineral", False),
    ("curriculum", "LearningOutcome", False),
    ("lessons", "GlossaryTerm", False),
    ("quizzes", "Question", False),
)

MISSING = "missing"
OUT_OF_DATE = "out-of-date"


@dataclass
class Item:
    model: type
    source: object
    status: str
    target_pk: int | None = None
    translation_source_id: int | None = None

    @property
    def kind(self):
        return self.model._meta.verbose_name

    @property
    def is_page(self):
        return issubclass(self.model, Page)

    @property
    def title(self):
        return self.source.title if self.is_page else str(self.source)

    def _snippet_url(self, action, pk):
        meta = self.model._meta
        return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}", args=[pk])

    @property
    def translate_url(self):
        if self.is_page:
            return reverse("wagtail_localize:submit_page_translation", args=[self.source.pk])
        meta = self.model._meta
        return reverse("wagtail_localize:submit_snippet_translation", args=[meta.app_label, meta.model_name, self.source.pk])

    @property
    def edit_url(self):
        if self.target_pk is None:
            return None
        return reverse("wagtailadmin_pages:edit", args=[self.target_pk]) if self.is_page else self._snippet_url("edit", self.target_pk)

    @property
    def sync_url(self):
        if self.translation_source_id is None:
            return None
        return reverse("wagtail_localize:update_translations", args=[self.translation_source_id])


@dataclass
class LocaleReport:
    locale: Locale
    items: list[Item] = field(default_factory=list)

    @property
    def missing(self):
        return [i for i in self.items if i.status == MISSING]

    @property
    def out_of_date(self):
        return [i for i in self.items if i.status == OUT_OF_DATE]


def _translations_of(is_page):
    """The wagtail-localize translations into the outer row's locale of the outer row's object."""
    last_saved = (TranslationLog.objects.filter(source=OuterRef("source_id"), locale=OuterRef("target_locale_id"))
                  .order_by("-created_at").values("created_at")[:1])
    translations = Translation.objects.filter(
        enabled=True, source__object_id=OuterRef("translation_key"), target_locale_id=OuterRef("locale_id"),
    ).annotate(saved_at=Subquery(last_saved))
    stale = Q(saved_at__isnull=True) | Q(saved_at__lt=F("source__last_updated_at"))
    if is_page:
        source_published = (Page.objects.filter(translation_key=OuterRef("source__object_id"),
                                                locale_id=OuterRef("source__locale_id")).values("last_published_at")[:1])
        translations = translations.annotate(source_published_at=Subquery(source_published))
        stale |= Q(source_published_at__gt=F("source__last_updated_at"))
    return translations, stale


def _source_locale_order(locales):
    """The default language first, then the others as settings list them."""
    order = [settings.LANGUAGE_CODE] + [code for code, _ in settings.LANGUAGES]
    rank = {code: index for index, code in reversed(list(enumerate(order)))}
    return sorted(locales, key=lambda locale: rank.get(locale.language_code, len(order)))


def what_needs_translating() -> list[LocaleReport]:
    locales = _source_locale_order(Locale.objects.all())
    reports = {locale.pk: LocaleReport(locale) for locale in locales}
    rank = {locale.pk: index for index, locale in enumerate(locales)}
    for app_label, model_name, is_page in TRACKED:
        model = apps.get_model(app_label, model_name)
        queryset = model.objects.live() if is_page else model.objects.all()
        translations, stale = _translations_of(is_page)
        queryset = queryset.annotate(
            out_of_date=Exists(translations.filter(stale)),
            localize_source_id=Subquery(translations.values("source_id")[:1]),
        ).select_related("locale").order_by("pk")
        groups: dict = {}
        for obj in queryset:
            groups.setdefault(obj.translation_key, []).append(obj)
        for objects in groups.values():
            objects.sort(key=lambda o: rank[o.locale_id])
            source = objects[0]
            present = {o.locale_id: o for o in objects}
            for locale in locales:
                target = present.get(locale.pk)
                if target is None:
                    reports[locale.pk].items.append(Item(model, source, MISSING))
                elif target is not source and target.out_of_date:
                    reports[locale.pk].items.append(
                        Item(model, source, OUT_OF_DATE, target.pk, target.localize_source_id))
    return list(reports.values())
