"""alma.postgresql reads timestamptz values as Django's own backend does, only faster."""

from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection

from alma.postgresql.base import IsoUtcLoader

pytestmark = pytest.mark.django_db

VALUES = ["2026-12-07 12:22:32.379344+00", "2026-12-07 12:22:32+00", "0099-01-01 00:00:00.5+00",
          "2026-03-29 02:30:00+05:30", "1900-01-01 00:00:00+00:17:30"]


def _django_loader():
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    class DjangoUtcLoader(BaseTzLoader):
        timezone = timezone.utc

    return DjangoUtcLoader


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.parametrize("text", VALUES)
def test_same_value_as_django_loader(text):
    connection.ensure_connection()
    fast, django = IsoUtcLoader(1184, connection.connection), _django_loader()(1184, connection.connection)
    value = fast.load(text.encode())
    assert value == django.load(text.encode())
    assert value.tzinfo is timezone.utc and value.utcoffset() == timedelta(0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_the_connection_reads_timestamps_with_it():
    moment = datetime(2026, 12, 7, 12, 22, 32, 379344, tzinfo=timezone.utc)
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz, 'infinity'::timestamptz < now()", [moment])
        value, _ = cursor.fetchone()
        loader = cursor.cursor.adapters.get_loader(1184, 0)
    assert value == moment and value.tzinfo is timezone.utc
    assert loader is IsoUtcLoader
