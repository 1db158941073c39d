"""A module in Spanish and English for the offline bundle tests: lessons with Markdown, an image, a glossary term
and a chart of the seed USGS dataset (content/datasets), a practice quiz (answers shown at once) and a quiz that
keeps its answers back."""

import io

from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from lessons.models import LessonPage
from quizzes.models import ReviewWhen
from tests.factories import GlossaryTermFactory, locale, make_module
from tests.quizzes.conftest import make_question, make_quiz

COPPER_CHART = {"dataset": "usgs-mcs2025-minerals", "kind": "bar", "x": "country", "y": "production", "series": "",
                "where": "commodity = copper; year = 2024; latam_caribbean = yes; "
                         "measure = mine production, recoverable copper content",
                "title": "Cobre", "caption": "USGS Mineral Commodity Summaries 2025"}
WORDS = {"es": ("Flotación", "La flotación separa el cobre de la roca molida."),
         "en": ("Flotation", "Flotation separates copper from the ground rock.")}


def make_image():
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (180, 110, 60)).save(buffer, "PNG")
    return get_image_model().objects.create(title="Relaves", file=ImageFile(buffer, name="relaves.png"))


def make_offline_module(catalogs, languages=("es", "en")):
    """The module ``cobre-offline`` in ``languages`` (translations of each other); returns {code: module}."""
    call_command("load_datasets", verbosity=0)
    image = make_image()
    modules, first = {}, None
    for code in languages:
        term, text = WORDS[code]
        glossary = GlossaryTermFactory(code="flotacion", term=term, definition=text, locale=locale(code))
        module = make_module(catalogs[code], title=f"Cobre ({code})", slug="cobre-offline", lessons=2)
        lessons = list(LessonPage.objects.child_of(module).order_by("path"))
        lessons[0].body = [
            {"type": "markdown", "value": f"## {term}\n\n{text} [Catálogo](/{code}/) · [Otra web](https://www.usgs.gov/)"},
            {"type": "glossary_term", "value": {"term": glossary.pk}},
            {"type": "image", "value": {"image": image.pk, "alt_text": "Tranque de relaves", "caption": "", "credit": ""}},
            {"type": "chart", "value": COPPER_CHART}]
        lessons[0].save_revision().publish()
        make_quiz(module, title="Práctica", questions=[make_question("single", lang=code), make_question("numeric", lang=code)],
                  answers_when=ReviewWhen.IMMEDIATELY, feedback_when=ReviewWhen.IMMEDIATELY)
        make_quiz(module, title="Evaluación", questions=[make_question("single", lang=code)])
        if first is None:
            first = [module, *lessons]
        else:  # the same pages in another language share their translation keys
            for original, translated in zip(first, [module, *lessons]):
                Page.objects.filter(pk=translated.pk).update(translation_key=original.translation_key)
        modules[code] = module
    return modules
