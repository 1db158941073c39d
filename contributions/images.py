"""Wagtail images for package figures, deduplicated by file hash."""

from __future__ import annotations

from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike


def image_for(path: Path, title: str = "", collection: Collection | None = None):
    """The Wagtail image with the content of ``path``, created if no image has it
    (in ``collection``, by default the root collection)."""
    Image = get_image_model()
    with open(path, "rb") as handle:
        digest = hash_filelike(handle)
        existing = Image.objects.filter(file_hash=digest).first()
        if existing:
            return existing
        handle.seek(0)
        collection = collection or Collection.get_first_root_node() or Collection.add_root(name="Root")
        image = Image(title=(title or Path(path).stem)[:255], file=ImageFile(handle, name=Path(path).name),
                      collection=collection, file_hash=digest, file_size=Path(path).stat().st_size)
        image.save()
    return image
