"""Whether a figure of a package may be imported: its path stays inside the
package, and the file is a raster image of an accepted format and size (never
an SVG: drawings are diagrams, contributions/package/diagrams.py). Changes when the rules for images do."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from contributions.package import MAX_TEXT_FILE_BYTES, Collector
from contributions.package.lesson import Block

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp", "GIF": "gif"}
SVG_HOSTILE = re.compile(r"<\s*script|\son[a-z]+\s*=|(?:xlink:)?href\s*=\s*[\"'](?!#)|<\s*foreignObject|javascript:", re.I)


def check_image(path: Path) -> str | None:
    """Why the image at ``path`` cannot be imported, or None if it can."""
    if path.suffix.lower() == ".svg":
        head = path.read_bytes()[:MAX_TEXT_FILE_BYTES].decode("utf-8", "replace")
        if SVG_HOSTILE.search(head):
            return "SVG image contains script, event handlers or external references and is refused"
        return "SVG images are not accepted as figures: draw it as a '::: diagram' (docs/package-format.md, Diagrams)"
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"image is {size / 2**20:.0f} MB, more than {MAX_IMAGE_BYTES // 2**20} MB"
    try:
        with Image.open(path) as image:
            if image.format not in IMAGE_FORMATS:
                return f"image format {image.format} is not accepted"
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return f"image has {image.width}×{image.height} pixels, more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        return f"file is not a readable image ({error.__class__.__name__})"
    return None


def check_figure(c: Collector, root: Path, lesson_path: Path, block: Block):
    name = block.value.get("file", "")
    image = (root / name).resolve() if name else None
    if not name or not image.is_relative_to(root.resolve()) or name.startswith("/"):
        c.add(lesson_path, gettext("figure path '%(name)s' is not inside the package") % {"name": name},
              gettext("write '::: figure images/name.png'"), block.line)
        return
    if not image.is_file():
        c.add(lesson_path, gettext("figure image '%(name)s' does not exist") % {"name": name},
              gettext("add the file to the package or fix the path"), block.line)
        return
    reason = check_image(image)
    if reason:
        c.add(lesson_path, f"{name}: {reason}", gettext("use a PNG, JPEG, WebP or GIF of at most 10 MB and 40 megapixels"), block.line)
        return
    block.value["path"] = image
