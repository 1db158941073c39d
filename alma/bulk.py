"""Bulk writes shared by the importers and the quiz submit."""

from __future__ import annotations

import json
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router


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


def update_rows(objs: list, fields: list[str]) -> None:
    """UPDATE each row's ``fields`` in one statement: one query whatever the number of rows.

    Django's bulk_update builds a CASE WHEN per field and row, which costs more CPU
    than the whole rest of a submit. PostgreSQL takes the rows as one JSON parameter,
    ``UPDATE … FROM jsonb_to_recordset(…)`` (an executemany there is a statement per
    row, and a VALUES list a placeholder per value for psycopg to split); SQLite's
    executemany is one prepared statement run per row, in process.
    """
    if not objs:
        return
    meta = type(objs[0])._meta
    connection = connections[router.db_for_write(type(objs[0]))]
    columns = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    table, pk = qn(meta.db_table), qn(meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            rows = [{"pk": obj.pk, **{c.column: getattr(obj, c.attname) for c in columns}} for obj in objs]
            types = ", ".join(f"{qn(c.column)} {c.db_type(connection)}" for c in [meta.pk, *columns])
            cursor.execute(
                f"UPDATE {table} SET " + ", ".join(f"{qn(c.column)} = row.{qn(c.column)}" for c in columns)
                + f" FROM jsonb_to_recordset(%s::jsonb) AS row({types.replace(qn(meta.pk.column), 'pk', 1)})"
                + f" WHERE {table}.{pk} = row.pk",
                [json.dumps(rows, cls=DjangoJSONEncoder)])
        else:
            params = [[c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns] + [obj.pk]
                      for obj in objs]
            cursor.executemany(f"UPDATE {table} SET " + ", ".join(f"{qn(c.column)} = %s" for c in columns)
                               + f" WHERE {pk} = %s", params)
