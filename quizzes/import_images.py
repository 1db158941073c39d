"""Images that came inside a question file, stored as Wagtail images and put in the question's texts.

The parsers (``quizzes.formats.images``) have already checked each image with Pillow and
its size; here each becomes a Wagtail image (one per distinct content: the same bytes
imported again reuse the image, so a re-import changes nothing) and every
``@@PLUGINFILE@@/name`` in the definition becomes that image's address. On export the
reverse: every address of a Wagtail image in a definition is embedded again.
"""

from __future__ import annotations

import hashlib
import re
from io import BytesIO
from urllib.parse import unquote

from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection

from quizzes.formats import ParsedQuestion
from quizzes.formats.images import PLUGINFILE, referenced


def _replace(value, mapping: dict[str, str]):
    if isinstance(value, str):
        for placeholder, url in mapping.items():
            value = value.replace(placeholder, url)
        return value
    if isinstance(value, dict):
        return {k: _replace(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, mapping) for v in value]
    return value


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def missing_images(q: ParsedQuestion) -> list[str]:
    """Names the question's texts refer to as ``@@PLUGINFILE@@/…`` with no image in the file."""
    names = {name for text in _texts(q.definition) for name in referenced(text)}
    return sorted(n for n in names if n not in q.images and unquote(n) not in q.images)


def store_images(q: ParsedQuestion, cache: dict[str, str]) -> None:
    """Store the question's images (``cache``: sha1 → address, shared by one import) and rewrite its texts."""
    if not q.images:
        return
    Image = get_image_model()
    mapping = {}
    for name in {name for text in _texts(q.definition) for name in referenced(text)}:
        data = q.images.get(name) or q.images.get(unquote(name))
        if data is None:
            continue
        digest = hashlib.sha1(data).hexdigest()
        if digest not in cache:
            image = Image.objects.filter(file_hash=digest).first()
            if image is None:
                filename = unquote(name).rsplit("/", 1)[-1][:80] or "image"
                root = Collection.get_first_root_node() or Collection.add_root(name="Root")
                image = Image(title=filename[:255], file=ImageFile(BytesIO(data), name=filename), collection=root,
                              file_hash=digest, file_size=len(data))
                image.save()
            cache[digest] = image.file.url
        mapping[PLUGINFILE + name] = cache[digest]
    # Longer names first, so a name that is the prefix of another is not replaced inside it.
    q.definition = _replace(q.definition, dict(sorted(mapping.items(), key=lambda kv: -len(kv[0]))))


def embedded_images(definition: dict) -> dict[str, tuple[str, bytes]]:
    """For export: address → (file name, bytes) of every stored image a definition shows."""
    texts = "\n".join(_texts(definition))
    prefix = settings.MEDIA_URL
    paths = {unquote(m) for m in re.findall(re.escape(prefix) + r"([^\"')\s<>]+)", texts)}
    out = {}
    for image in get_image_model().objects.filter(file__in=paths) if paths else []:
        try:
            with image.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            continue
        out[image.file.url] = (image.file.name.rsplit("/", 1)[-1], data)
    return out
