"""The certificate picture: every letter of every language drawn with a real glyph,
and every line inside the frame, however long the name or title."""

import io
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from progress import certificates
from progress.models import Certificate

LANGUAGES = ["es", "pt", "fr", "en"]
# Names and titles with the letters these languages use (and a long one that must wrap).
NAMES = ["Ñusta Quispe Mamani", "João Conceição Araújo", "Anaïs Lefèvre-Œuvray", "Jürgen SSøren Ångström"]
TITLES = ["Enseñar minería con datos abiertos: agua, relaves y transición energética justa en América Latina y el Caribe",
          "Formação docente: mineração, água e comunidades", "Former à l'exploitation minière responsable",
          "Teaching mining with purpose"]
# The verification address on the picture is at the base URL of the site choices (curriculum.SiteChoices).
pytestmark = pytest.mark.django_db

MODULES = ["Enseñar minería con propósito", "Visitas seguras y diálogo con la comunidad", "Enseñar con datos"]


def _certificate(language, name, title, kind="track"):
    return Certificate(id=uuid.uuid4(), kind=kind, achievement_key=uuid.uuid4(), achievement_title=title,
                       learner_name=name, language=language, hours=Decimal("12.5"), modules=MODULES,
                       issued_at=timezone.now())


def _drawn(char, font):
    image = Image.new("L", (3 * font.size, 3 * font.size))
    ImageDraw.Draw(image).text((font.size, font.size), char, font=font, fill=255)
    return image.tobytes()


def _missing_glyphs(text, font):
    """Characters the font draws as its .notdef box (compared with a private-use code point it has no glyph for)."""
    notdef = _drawn("\ue000", font)
    return sorted({char for char in text if not char.isspace() and _drawn(char, font) == notdef})


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_of_the_localised_certificate_has_a_glyph(language):
    certificate = _certificate(language, " ".join(NAMES), " ".join(TITLES))
    lines = certificates.certificate_lines(certificate)
    text = "".join(line.text for line in lines)
    assert {"ñ", "ç", "ã", "é"} & set(text)  # the test draws accented letters at all
    for line in lines:
        assert _missing_glyphs(line.text, line.font) == [], line.text


def test_the_bundled_font_covers_the_latin_letters_of_the_four_languages():
    font = ImageFont.truetype(str(certificates.REGULAR), 40)
    letters = "áéíóúüñÁÉÍÓÚÜÑ¿¡ãõâêôàçÃÕÂÊÔÀÇèëîïûùÿœæŒÆÈËÎÏÛÙŸ«»€–—’“”…·"
    assert _missing_glyphs(letters, font) == []
    assert _missing_glyphs("\ue000", font) == ["\ue000"]  # the comparison does detect a missing glyph


@pytest.mark.parametrize("language,name,title", list(zip(LANGUAGES, NAMES, TITLES)))
def test_every_line_fits_inside_the_frame(language, name, title):
    certificate = _certificate(language, name * 3, title * 2)
    left, top, right, bottom = certificates.TEXT_BOX
    frame_left, frame_top, frame_right, frame_bottom = certificates.FRAME
    assert frame_left < left and right < frame_right and frame_top < top and bottom < frame_bottom
    for line, x, y in certificates._layout(certificates.certificate_lines(certificate)):
        box = line.font.getbbox(line.text)
        assert left <= x + box[0] and x + box[2] <= right, line.text
        assert top <= y + box[1] and y + box[3] <= bottom, line.text


def test_png_and_pdf_are_real_files():
    certificate = _certificate("pt", NAMES[1], TITLES[1])
    png = Image.open(io.BytesIO(certificates.render_png(certificate)))
    assert png.size == (certificates.WIDTH, certificates.HEIGHT)
    pdf = certificates.render_pdf(certificate)
    assert pdf.startswith(b"%PDF") and b"/MediaBox" in pdf


def test_the_hours_and_modules_are_on_the_certificate():
    text = " ".join(line.text for line in certificates.certificate_lines(_certificate("es", NAMES[0], TITLES[3])))
    assert "12,5 horas" in text and "Enseñar con datos" in text


@pytest.fixture
def learner(db):
    from tests.factories import UserFactory

    return UserFactory(username="rosa", display_name="Rosa Mamani")


def _complete(learner, module, seconds):
    from lessons.models import LessonPage
    from progress import lesson_progress

    for lesson in LessonPage.objects.child_of(module).live().specific():
        lesson_progress.complete_lesson(learner, lesson, seconds=seconds)


def test_hours_come_from_time_really_spent_not_the_estimate(catalog, learner):
    from curriculum.models import ModulePage
    from tests.factories import make_module

    rushed = make_module(catalog, title="Enseñar minería", lessons=2)
    ModulePage.objects.filter(pk=rushed.pk).update(estimated_hours=Decimal("4"))
    _complete(learner, rushed, seconds=12)  # two lessons "read" in 24 seconds
    assert Certificate.objects.get(user=learner).hours == Decimal("0.0")
    studied = make_module(catalog, title="Enseñar con datos", lessons=1)
    ModulePage.objects.filter(pk=studied.pk).update(estimated_hours=Decimal("2"))
    _complete(learner, studied, seconds=3 * 3600)  # more than the estimate: capped at it
    assert Certificate.objects.get(user=learner, achievement_title="Enseñar con datos").hours == Decimal("2.0")


def test_verification_page_and_pdf_show_hours_and_modules(client, catalog, learner):
    from curriculum.models import ModulePage
    from tests.factories import make_module

    module = make_module(catalog, title="Visitas seguras a faenas", lessons=1)
    ModulePage.objects.filter(pk=module.pk).update(estimated_hours=Decimal("3"))
    _complete(learner, module, seconds=90 * 60)
    certificate = Certificate.objects.get(user=learner)
    html = client.get(f"/es/verify/{certificate.verification_key}/").content.decode()
    assert "Visitas seguras a faenas" in html and "Horas de desarrollo profesional" in html and "1,5 h" in html
    assert client.get(f"/es/certificates/{certificate.id}.pdf").status_code == 302  # owner only: sign in first
    client.force_login(learner)
    pdf = client.get(f"/es/certificates/{certificate.id}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
