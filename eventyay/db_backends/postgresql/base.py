"""Django's PostgreSQL backend, reading `timestamptz` columns with psycopg's own (C) loader.

Django registers a Python loader for `timestamptz` (psycopg's pure-Python parser, then `replace(tzinfo=...)`
with the connection's zone): about 2.6 µs a value, a fifth of a session page's time on PostgreSQL.
With USE_TZ and no database TIME_ZONE, Django keeps the session's TimeZone at UTC, and psycopg's own
loader then returns the same values with `datetime.timezone.utc` (`tests/core/test_postgres_backend.py`);
in every other configuration Django's loader stays.
"""

import datetime

from django.db.backends.postgresql import base
from psycopg import adapt, adapters
from psycopg.pq import Format

#: psycopg's own `timestamptz` loader: the C one where psycopg has its C implementation.
_NATIVE_LOADER = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)


class UtcTimestamptzLoader(adapt.Loader):
    """psycopg's default `timestamptz` loader (its C one where psycopg has it), with the `timezone` that
    Django's `create_cursor` compares against the connection's."""

    timezone = datetime.UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        # The native loader's bound `load` itself: psycopg calls it without a Python frame of ours.
        self.load = _NATIVE_LOADER(oid, context).load

    def load(self, data):  # replaced on each instance by the native loader's
        raise NotImplementedError


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        context = params.get("context")
        if context is not None and self.timezone is datetime.UTC and self.timezone_name == "UTC":
            context.register_loader("timestamptz", UtcTimestamptzLoader)
        return params
