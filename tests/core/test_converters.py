"""Rows read with the skipping converter loop equal rows read with Django's: through the select compiler on
SQLite, through `IdListQuery` on every backend."""

import pytest
from django.db import connection
from django.db.models.fields.json import JSONField
from django.db.models.sql import compiler as django_compiler

from events.models import Session, Speaker
from eventyay.db_backends import converters
from eventyay.db_backends.converters import ConvertingCompilerMixin
from eventyay.id_queries import rows_by_pk
from tests.factories.sessions import full_session

pytestmark = pytest.mark.django_db


def test_listed_converters_keep_none_and_bools():
    from eventyay.db_backends.sqlite3.base import DatabaseOperations as SQLiteOperations  # registers its own

    sqlite_ops, field = SQLiteOperations(connection), JSONField()
    assert len(converters.KEEPS_NONE) > 1 and converters.KEEPS_BOOL
    for function in converters.KEEPS_NONE:
        owner = field if function is JSONField.from_db_value else sqlite_ops
        assert function(owner, None, None, connection) is None, function
    for function in converters.KEEPS_BOOL:
        for value in (True, False):
            assert function(sqlite_ops, value, None, connection) is value, function


def _rows():
    return (
        list(Session.all_objects.order_by("id").values_list()),
        list(Speaker.all_objects.order_by("id").values_list()),
        [vars(row) for row in rows_by_pk(Session).instances(list(Session.all_objects.values_list("pk", flat=True)))],
    )


def test_rows_equal_djangos_conversion(event, monkeypatch):
    first = full_session(event, speakers=2)
    first.slides = [{"name": "deck", "link": "https://example.org/deck.pdf"}]
    first.complex_field_values = {"t_shirt": "L"}
    first.is_locked = True
    first.save()
    full_session(event, speakers=1)  # nulls where the first has values
    ours = _rows()
    with monkeypatch.context() as patched:
        patched.setattr(ConvertingCompilerMixin, "apply_converters", django_compiler.SQLCompiler.apply_converters)
        patched.setattr(converters, "KEEPS_NONE", set())
        patched.setattr(converters, "KEEPS_BOOL", set())
        patched.setattr(rows_by_pk(Session), "_compiled", {})
        djangos = _rows()
    rows_by_pk(Session)._compiled.clear()
    assert ours[0] == djangos[0] and ours[1] == djangos[1]
    strip = lambda rows: [{k: v for k, v in row.items() if k != "_state"} for row in rows]  # noqa: E731
    assert strip(ours[2]) == strip(djangos[2])
    assert any(True in row for row in ours[0]) and any(None in row for row in ours[0])
