"""Images that travel inside question files: Moodle's ``<file encoding="base64">`` and ``data:`` URIs.

Pure. Each image is decoded, checked with Pillow (a real PNG, JPEG, GIF or WebP, at most
``MAX_IMAGE_BYTES`` and ``MAX_PIXELS``) and kept by name; the question's text refers to it
as ``@@PLUGINFILE@@/name`` (Moodle's own placeholder) until the importer stores it as a
Wagtail image and puts that image's address in its place. A file that is not a readable
image is an error naming its line, so a hostile image refuses the file like any error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import warnings as py_warnings
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape

from PIL import Image, UnidentifiedImageError

PLUGINFILE = "@@PLUGINFILE@@/"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
DATA_URI_RE = re.compile(r"data:image/[a-zA-Z0-9.+-]+;base64,([A-Za-z0-9+/=\s]+)")
NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")
SVG_IMG_RE = re.compile(r"<img\b[^>]*?src\s*=\s*[\"']data:image/svg\+xml[^\"']*[\"'][^>]*>", re.IGNORECASE)
SVG_MD_RE = re.compile(r"!\[([^\]]*)\]\(data:image/svg\+xml[^)]*\)", re.IGNORECASE)
ALT_RE = re.compile(r"\balt\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)


def check_image(data: bytes) -> tuple[str, str]:
    """``(extension, "")`` for a safe image, else ``("", reason)``."""
    if len(data) > MAX_IMAGE_BYTES:
        return "", f"the image is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_IMAGE_BYTES // 1024 // 1024} MB"
    try:
        with py_warnings.catch_warnings():
            py_warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                fmt, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    return "", f"the image is {width}×{height} pixels; the limit is {MAX_PIXELS:,} pixels"
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # verify() does not decode the pixels; a truncated or hostile file fails here
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:
        return "", f"it is not a readable image ({type(error).__name__})"
    if fmt not in FORMATS:
        return "", f"{fmt} images are not accepted (PNG, JPEG, GIF or WebP)"
    return FORMATS[fmt], ""


def safe_name(name: str, data: bytes, ext: str) -> str:
    stem = NAME_RE.sub("-", unquote(name).rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip("-.")[:60] or "image"
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}.{ext}"


def collect_files(holder, images: dict, errors: list) -> None:
    """Decode the ``<file>`` children of an element into ``images`` under the name the text uses."""
    for node in holder.findall("file"):
        name = node.attrs.get("name", "")
        if node.attrs.get("encoding", "base64") != "base64" or not name:
            errors.append((node.line, "A <file> needs a name and base64 encoding."))
            continue
        if len(node.text) > MAX_IMAGE_BYTES * 4 // 3 + 1024:
            errors.append((node.line, f"The file '{name[:60]}' is larger than {MAX_IMAGE_BYTES // 1024 // 1024} MB."))
            continue
        try:
            data = base64.b64decode("".join(node.text.split()), validate=True)
        except (binascii.Error, ValueError):
            errors.append((node.line, f"The file '{name[:60]}' is not valid base64."))
            continue
        ext, problem = check_image(data)
        if problem:
            errors.append((node.line, f"The file '{name[:60]}' was refused: {problem}."))
            continue
        images[name] = data
        images[quote(name)] = data


def _svg_left_out(text: str, warnings: list, line: int) -> str:
    """SVG (which can carry scripts) is not stored: the image becomes its alt text, with a warning."""

    def alt_of(tag: str) -> str:
        match = ALT_RE.search(tag)
        return match.group(1) if match else ""

    def sub(match, alt):
        warnings.append((line, f"An embedded SVG image ('{alt[:40]}') is left out: ALMA stores PNG, JPEG, GIF or WebP "
                               "images; its alt text is shown instead."))
        return f"[{alt}]" if alt else ""

    text = SVG_IMG_RE.sub(lambda m: sub(m, alt_of(m.group(0))), text)
    return SVG_MD_RE.sub(lambda m: sub(m, m.group(1)), text)


def extract_data_uris(text: str, images: dict, errors: list, line: int, warnings: list | None = None) -> str:
    """``text`` with each ``data:image/…;base64,…`` replaced by ``@@PLUGINFILE@@/name`` and the image kept."""
    if "data:" not in text:
        return text
    if warnings is not None and "svg" in text.lower():
        text = _svg_left_out(text, warnings, line)

    def sub(match):
        try:
            data = base64.b64decode("".join(match.group(1).split()), validate=True)
        except (binascii.Error, ValueError):
            errors.append((line, "An embedded data: image is not valid base64."))
            return ""
        ext, problem = check_image(data)
        if problem:
            errors.append((line, f"An embedded data: image was refused: {problem}."))
            return ""
        name = safe_name("inline", data, ext)
        images[name] = data
        return PLUGINFILE + name

    return DATA_URI_RE.sub(sub, text)


def referenced(text: str) -> list[str]:
    """The names a text refers to as ``@@PLUGINFILE@@/name``."""
    return re.findall(re.escape(PLUGINFILE) + r"([^\"')\s<>]+)", text or "")


def embed_files(text: str, images: dict) -> tuple[str, str]:
    """For export: ``text`` with each known image address as ``@@PLUGINFILE@@/name``, and the ``<file>`` elements."""
    files = []
    for url, (name, data) in images.items():
        if url and url in text:
            text = text.replace(url, PLUGINFILE + quote(name))
            files.append(f'<file name="{escape(name, {chr(34): "&quot;"})}" path="/" encoding="base64">'
                         f"{base64.b64encode(data).decode('ascii')}</file>")
    return text, "".join(files)
