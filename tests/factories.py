"""Factories for the framework and for module/lesson pages.

Pages are created the Wagtail way (add_child + a published revision), so tests
see what editors and importers produce.
"""

import uuid

import factory
from wagtail.models import Locale

from accounts.models import Institution, User
from curriculum.models import LearningOutcome, Level, Mineral, ModulePage, Theme
from lessons.models import GlossaryTerm, LessonPage


def locale(code="es"):
    return Locale.objects.get(language_code=code)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Universidad {n}")
    slug = factory.Sequence(lambda n: f"universidad-{n}")
    kind = Institution.Kind.UNIVERSITY
    country = "CL"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


class TranslatableFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(locale)
    translation_key = factory.LazyFunction(uuid.uuid4)


class ThemeFactory(TranslatableFactory):
    class Meta:
        model = Theme

    code = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Tema {n}")


class MineralFactory(TranslatableFactory):
    class Meta:
        model = Mineral

    code = factory.Sequence(lambda n: f"mineral-{n}")
    name = factory.Sequence(lambda n: f"Mineral {n}")
    symbol = "Cu"


class OutcomeFactory(TranslatableFactory):
    class Meta:
        model = LearningOutcome

    code = factory.Sequence(lambda n: f"CM-SEC-{n:02d}")
    statement = factory.Sequence(lambda n: f"Explica el resultado {n}.")
    level = Level.SECONDARY
    bloom_verb = "understand"


class GlossaryTermFactory(TranslatableFactory):
    class Meta:
        model = GlossaryTerm

    code = factory.Sequence(lambda n: f"term-{n}")
    term = factory.Sequence(lambda n: f"Término {n}")
    definition = "Una definición."


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_module(parent, *, title="Minerales críticos", slug=None, level=Level.SECONDARY, lessons=3, blocks=2,
                outcomes=(), themes=(), minerals=(), live=True):
    """A module under ``parent`` with ``lessons`` live lessons of ``blocks`` Markdown blocks each."""
    module = ModulePage(title=title, slug=slug or f"module-{uuid.uuid4().hex[:8]}", summary="Resumen del módulo.",
                        level=level, locale=parent.locale)
    module.themes.set(list(themes))
    module.minerals.set(list(minerals))
    module.outcomes.set(list(outcomes))
    if live:
        publish(parent, module)
    else:
        module.live = False
        parent.add_child(instance=module)
        module.save_revision()
    for number in range(1, lessons + 1):
        make_lesson(module, number=number, blocks=blocks, outcomes=outcomes)
    return module


def make_lesson(module, *, number=1, blocks=2, outcomes=(), title=None):
    body = [{"type": "markdown", "value": f"## Sección {i}\n\nTexto de la lección con **cobre** y litio."} for i in range(blocks)]
    lesson = LessonPage(title=title or f"Lección {number}", slug=f"leccion-{number}", locale=module.locale, body=body, minutes=20)
    lesson.outcomes.set(list(outcomes))
    return publish(module, lesson)
