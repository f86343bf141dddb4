"""The SQLite backend's datetime conversion gives what Django's gives, with and without USE_TZ."""

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseOperations as DjangoOperations
from django.test import override_settings

from events.models import Session
from tests.factories.sessions import full_session

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's own conversion"),
]

STORED = [
    dt.datetime(2027, 2, 2, 18, 47, 31),
    dt.datetime(2027, 2, 2, 18, 47, 31, 514764),
    dt.datetime(1, 1, 1),
    dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
]


@pytest.mark.parametrize("use_tz", [True, False])
def test_conversion_equals_djangos(use_tz):
    with override_settings(USE_TZ=use_tz):
        for value in [*STORED, None, "2027-02-02 18:47:31.5"]:
            ours = connection.ops.convert_datetimefield_value(value, None, connection)
            djangos = DjangoOperations.convert_datetimefield_value(connection.ops, value, None, connection)
            assert ours == djangos and type(ours) is type(djangos)
            assert getattr(ours, "tzinfo", None) is getattr(djangos, "tzinfo", None)


def test_rows_read_back_aware_in_utc(event):
    session = full_session(event, speakers=0)
    row = Session.objects.get(pk=session.pk)
    assert row.starts_at == session.starts_at and row.starts_at.tzinfo is dt.UTC
    assert type(connection.ops).__module__ == "eventyay.db_backends.sqlite3.base"
