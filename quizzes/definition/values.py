"""Small value helpers shared by the definition's modules (``shape``, ``cloze``). Pure."""

from __future__ import annotations

import hashlib
import math


def opaque_id(text: str, taken: set[str]) -> str:
    """A short id for a choice or item that says nothing about its position or correctness."""
    base = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


def num(value, default=None):
    """``value`` as a finite float, else ``default`` (booleans are not numbers)."""
    if isinstance(value, bool):
        return default
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return default


def text(value) -> str:
    return value if isinstance(value, str) else ""
