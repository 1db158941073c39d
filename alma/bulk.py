"""Bulk writes shared by the importers."""

from __future__ import annotations

from collections import defaultdict


def sync_m2m(field, wanted: dict[int, set[int]]) -> set[int]:
    """Make the rows of the many-to-many ``field`` (e.g. ``Question._meta.get_field("outcomes")``)
    for each source pk in ``wanted`` be exactly its target pks: one read, one
    bulk insert, a delete per source that lost targets. Returns the source pks
    that changed. Sends no m2m_changed signal (callers note what they touched)."""
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    current = defaultdict(set)
    for a, b in through.objects.filter(**{f"{source}__in": list(wanted)}).values_list(source, target):
        current[a].add(b)
    added, changed = [], set()
    for a, targets in wanted.items():
        if current[a] == targets:
            continue
        changed.add(a)
        if current[a] - targets:
            through.objects.filter(**{source: a, f"{target}__in": list(current[a] - targets)}).delete()
        added += [through(**{f"{source}_id": a, f"{target}_id": b}) for b in sorted(targets - current[a])]
    through.objects.bulk_create(added)
    return changed
