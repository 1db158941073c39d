"""Certificates as a PNG image and a PDF (Pillow); the Open Badges 3.0 credential is ``progress.badges``."""

import io
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from curriculum.models import SiteChoices
from progress.models import Certificate

INK, COPPER, PAPER = (31, 41, 51), (160, 72, 28), (251, 247, 240)
# DejaVu Sans (Bitstream Vera licence, fonts/LICENSE-DejaVu.txt): every Latin letter
# the platform's languages need, bundled so no certificate depends on the server's fonts.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
WIDTH, HEIGHT = 1600, 1130
FRAME = (30, 30, WIDTH - 30, HEIGHT - 30)
TEXT_BOX = (110, 80, WIDTH - 110, HEIGHT - 70)  # everything is drawn inside this box, well inside the frame


def verification_url(certificate: Certificate, choices: SiteChoices | None = None) -> str:
    """The public verification page, at the base URL of the site choices."""
    with translation.override(certificate.language):
        path = reverse("progress:certificate-verify", args=[certificate.verification_key])
    return (choices or SiteChoices.current()).site_base_url() + path


def public_issue_date(certificate: Certificate) -> str:
    """The issue day only: the exact time would match the `earned` statement in research exports."""
    return f"{certificate.issued_at.date().isoformat()}T00:00:00Z"


@dataclass
class Line:
    text: str
    font: ImageFont.FreeTypeFont
    fill: tuple
    gap: int  # space above the line, in pixels


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between letters."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if font.getlength(current + char) > width and current:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines or [""]


def fit_text(text: str, path: Path, size: int, *, width: int, max_lines: int, min_size: int = 16) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size, from ``size`` down to ``min_size``, at which ``text`` wraps into ``max_lines`` lines."""
    for candidate in range(size, min_size - 1, -2):
        font = ImageFont.truetype(str(path), candidate)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    font = ImageFont.truetype(str(path), min_size)
    lines = _wrap(text, font, width)
    return font, lines[: max_lines - 1] + [_ellipsis(" ".join(lines[max_lines - 1:]), font, width)]


def _ellipsis(text: str, font, width: int) -> str:
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


def certificate_lines(certificate: Certificate) -> list[Line]:
    """What the certificate says, in its language, fitted to the text box (sizes shrink, long text wraps)."""
    width = TEXT_BOX[2] - TEXT_BOX[0]
    blocks = []  # (text, font path, size, max lines, colour, gap)
    with translation.override(certificate.language):
        blocks += [("ALMA Aula", BOLD, 60, 1, COPPER, 0),  # the platform's name, drawn without reading the database
                   (_("Certificate of completion"), BOLD, 50, 2, INK, 24),
                   (_("awarded to"), REGULAR, 32, 1, INK, 30),
                   (certificate.learner_name, BOLD, 64, 2, INK, 10),
                   (_("for completing"), REGULAR, 32, 1, INK, 30),
                   (certificate.achievement_title, BOLD, 50, 3, COPPER, 10)]
        if certificate.kind == "track" and certificate.modules:
            blocks.append((_("Modules: %(modules)s") % {"modules": "; ".join(certificate.modules)}, REGULAR, 26, 4, INK, 18))
        details = [date_format(certificate.issued_at, "DATE_FORMAT")]
        if certificate.hours:
            details.insert(0, _("%(hours)s hours of professional development") % {"hours": number_format(certificate.hours, 1)})
        blocks += [(" · ".join(details), REGULAR, 30, 2, INK, 22),
                   (_("Verify at %(url)s") % {"url": verification_url(certificate)}, REGULAR, 24, 2, INK, 34),
                   (_("Certificate id %(id)s") % {"id": certificate.verification_key}, REGULAR, 22, 1, INK, 8)]
    lines = []
    for text, path, size, max_lines, fill, gap in blocks:
        font, wrapped = fit_text(text, path, size, width=width, max_lines=max_lines)
        for index, line in enumerate(wrapped):
            lines.append(Line(line, font, fill, gap if index == 0 else 4))
    return lines


def _layout(lines: list[Line]) -> list[tuple[Line, float, float]]:
    """(line, x, y) of each line, centred horizontally, the whole block centred vertically in the text box."""
    heights = [line.font.getbbox("Ág")[3] for line in lines]
    total = sum(heights) + sum(line.gap for line in lines)
    y = TEXT_BOX[1] + max(0, (TEXT_BOX[3] - TEXT_BOX[1] - total) / 2)
    placed = []
    for line, height in zip(lines, heights):
        y += line.gap
        x = (WIDTH - line.font.getlength(line.text)) / 2
        placed.append((line, x, y))
        y += height
    return placed


def render_image(certificate: Certificate) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle(FRAME, outline=COPPER, width=8)
    draw.rectangle([FRAME[0] + 18, FRAME[1] + 18, FRAME[2] - 18, FRAME[3] - 18], outline=COPPER, width=2)
    for line, x, y in _layout(certificate_lines(certificate)):
        draw.text((x, y), line.text, font=line.font, fill=line.fill)
    return image


def render_png(certificate: Certificate) -> bytes:
    buffer = io.BytesIO()
    render_image(certificate).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render_pdf(certificate: Certificate) -> bytes:
    """The same picture on one A4 landscape page (1600 px over 297 mm)."""
    buffer = io.BytesIO()
    render_image(certificate).save(buffer, format="PDF", resolution=WIDTH / (297 / 25.4),
                                   title=certificate.achievement_title, author="ALMA Aula")
    return buffer.getvalue()


BADGE_SIZE = 600


def render_badge_image(title: str) -> Image.Image:
    """The Achievement's image: a round copper badge with the platform's name and the achievement's title."""
    image = Image.new("RGBA", (BADGE_SIZE, BADGE_SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, BADGE_SIZE - 8, BADGE_SIZE - 8), fill=PAPER, outline=COPPER, width=16)
    draw.ellipse((40, 40, BADGE_SIZE - 40, BADGE_SIZE - 40), outline=COPPER, width=3)
    head = ImageFont.truetype(str(BOLD), 44)
    draw.text(((BADGE_SIZE - head.getlength("ALMA Aula")) / 2, 120), "ALMA Aula", font=head, fill=COPPER)
    font, lines = fit_text(title, BOLD, 46, width=380, max_lines=4, min_size=22)
    height = font.getbbox("Ág")[3] + 6
    y = 200 + (4 - len(lines)) * height / 2
    for line in lines:
        draw.text(((BADGE_SIZE - font.getlength(line)) / 2, y), line, font=font, fill=INK)
        y += height
    return image


def render_badge_png(title: str) -> bytes:
    buffer = io.BytesIO()
    render_badge_image(title).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

