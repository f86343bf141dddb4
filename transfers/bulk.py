"""Bulk writes of an import: reserved primary keys, then `COPY` (PostgreSQL) or `executemany` (SQLite)."""

import re

from django.db import connection, models
from django.utils import timezone

from eventyay.db import HTMLField
from eventyay.html import clean_html

BATCH = 1000


def _reserve_ids(model, count):
    """Primary keys for `count` new rows, taken inside the import transaction.

    PostgreSQL: from the table's sequence. SQLite: after MAX(id); the event row written
    first already holds SQLite's single write lock, so no other writer can take them.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [r[0] for r in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(model._meta.pk.column)}), 0) FROM {quote(table)}")  # noqa: S608
        start = cursor.fetchone()[0]
        # AUTOINCREMENT never reuses ids of deleted rows; neither do we.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(start, seq[0] if seq else 0) + 1
        return list(range(start, start + count))


#: Characters the sanitizer may change; a text with none of them comes out of it as it went in.
_MARKUP = re.compile("[<>&\r\x00\xa0]")


def clean_rich_text(value):
    """`clean_html`, skipped for plain text (no markup character): most imported abstracts are plain."""
    if isinstance(value, str) and not _MARKUP.search(value):
        return value
    return clean_html(value)


def _converter(model_field):
    """The per-value conversion `bulk_create` would do, reduced to the field types that need one."""
    if isinstance(model_field, HTMLField):
        return clean_rich_text  # what HTMLField.pre_save does on other writes
    if isinstance(model_field, models.DateTimeField):
        # Values are aware datetimes (the normaliser reads them so); what Django's prep adds is only the
        # backend's adaptation, called here directly (on PostgreSQL psycopg takes the datetime as it is).
        adapt = connection.ops.adapt_datetimefield_value
        return None if connection.vendor == "postgresql" else adapt
    if isinstance(model_field, models.JSONField | models.DecimalField):
        return lambda value: model_field.get_db_prep_save(value, connection)
    return None


def fast_insert(model, rows, event_id=None):
    """Insert dicts of attribute values with `executemany`; returns the new primary keys in order.

    `bulk_create` spends most of an import building model instances and SQL for batches of
    a few dozen rows (SQLite's 999-parameter limit); this writes the same rows, defaults
    included, in a fraction of the time. Rows are trusted: they come from the normaliser.
    """
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor not in ("sqlite", "postgresql"):
        objects = [model(**({"event_id": event_id} if event_id else {}), **row) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects]
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None
    if event_id is not None:
        defaults["event_id"] = event_id
    converters = [(f.attname, _converter(f)) for f in fields]
    pks = _reserve_ids(model, len(rows))
    params = []
    for pk, row in zip(pks, rows, strict=True):
        values = [pk]
        for attname, convert in converters:
            value = row.get(attname, defaults[attname]) if attname != "event_id" or event_id is None else event_id
            values.append(convert(value) if convert is not None and value is not None else value)
        params.append(values)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [model._meta.pk.column, *(f.column for f in fields)])
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk path, an order of magnitude faster than INSERTs of many rows.
            with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
        else:
            for start in range(0, len(params), 2000):
                cursor.executemany(head + f"({placeholders})", params[start : start + 2000])
    return pks
