"""An activity's materials may cite a printable material of the lesson's teacher guide:
``Role cards for the actors {material: role-cards}`` (docs/package-format.md). The reference
is kept in the stored text, so a package round-trips unchanged, and left out wherever the
material is shown."""

import re

MATERIAL_REF = re.compile(r"\s*\{material:\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\s*$")


def material_code(item: str) -> str | None:
    """The code of the teacher-guide material this materials line cites, if any."""
    found = MATERIAL_REF.search(item)
    return found.group(1) if found else None


def material_label(item: str) -> str:
    """The line as learners read it: without its reference."""
    return MATERIAL_REF.sub("", item)
