"""On PostgreSQL, `timestamptz` columns read through psycopg's own loader give what Django's loader gives."""

import datetime as dt

import pytest
from django.db import connection, connections
from psycopg import adapters
from psycopg.pq import Format

from events.models import Session
from eventyay.db_backends.postgresql.base import UtcTimestamptzLoader
from tests.factories.sessions import full_session

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own loader"),
]

LITERALS = [
    "2027-02-02 18:47:31.514764+00",
    "2027-02-02 20:47:31+02",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "2024-02-29 12:00:00-09:30",
]


def test_values_equal_djangos_loader():
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    select = "SELECT " + ", ".join(f"'{literal}'::timestamptz" for literal in LITERALS)
    with connection.cursor() as cursor:
        loader = connection.connection.adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)
        assert loader is UtcTimestamptzLoader
        cursor.execute(select)
        ours = cursor.fetchone()
    with connection.cursor() as cursor:
        register_tzloader(connection.timezone, cursor.cursor)  # Django's own, on this cursor only
        cursor.execute(select)
        djangos = cursor.fetchone()
    assert ours == djangos
    assert all(value.tzinfo is dt.UTC for value in ours)
    assert all(value.tzinfo is djangos[0].tzinfo for value in djangos)


def test_rows_read_back_aware_in_utc(event):
    session = full_session(event, speakers=0)
    row = Session.objects.get(pk=session.pk)
    assert row.starts_at == session.starts_at and row.starts_at.tzinfo is dt.UTC
    assert type(connections["default"]).__module__ == "eventyay.db_backends.postgresql.base"
