"""Django's SQLite backend (the embedded default), with a cheaper conversion of stored datetimes.

SQLite hands a datetime column back as a naive `datetime` in the connection's zone; Django then reads
`settings.USE_TZ` (a lazy object's attribute, in Python) and calls `timezone.is_aware` and `make_aware`
for each value: a page of 100 sessions with their speakers converts about a thousand. The connection's
`timezone` is None without USE_TZ and is reset when either setting changes, so it says the same; the
result is what `make_aware` returns, `value.replace(tzinfo=connection.timezone)`.
"""

import datetime

from django.db.backends.sqlite3 import base, operations

from eventyay.db_backends.converters import KEEPS_BOOL, KEEPS_NONE


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "eventyay.db_backends.sqlite3.compiler"

    def convert_datetimefield_value(self, value, expression, connection):
        if value.__class__ is datetime.datetime and value.tzinfo is None:
            zone = self.connection.timezone
            if zone is not None:
                return value.replace(tzinfo=zone)
        return super().convert_datetimefield_value(value, expression, connection)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations


# Each returns None for None; a bool comes back from SQLite's own `bool` converter and stays as it is.
KEEPS_NONE.update(
    {
        DatabaseOperations.convert_datetimefield_value,
        operations.DatabaseOperations.convert_datetimefield_value,
        DatabaseOperations.convert_datefield_value,
        DatabaseOperations.convert_timefield_value,
        DatabaseOperations.convert_uuidfield_value,
        DatabaseOperations.convert_booleanfield_value,
    }
)
KEEPS_BOOL.add(DatabaseOperations.convert_booleanfield_value)
