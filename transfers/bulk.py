"""Bulk writes of an import: reserved primary keys, then `COPY` (PostgreSQL) or `executemany` (SQLite)."""

import re

from django.db import connection, models
from django.utils import timezone

from eventyay.db import HTMLField
from eventyay.html import clean_html

BATCH = 1000


def _reserve_ids(model, count):
    """Primary keys for `count` new rows, taken inside the import transaction.

    PostgreSQL: `count` values of the table's sequence in one statement, sent back as their
    range when they are contiguous (the usual case: 20,000 ids as three numbers, not 20,000
    rows) and as an array when a concurrent writer took some in between. SQLite: after
    MAX(id); the event row written first already holds SQLite's single write lock, so no
    other writer can take them.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 <> count(*) THEN array_agg(v) END"
                " FROM (SELECT nextval(pg_get_serial_sequence(%s, %s)) AS v FROM generate_series(1, %s)) AS s",
                [table, model._meta.pk.column, count],
            )
            low, high, scattered = cursor.fetchone()
            return list(range(low, high + 1)) if scattered is None else scattered
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


def _references_written(fields, params, offset, written):
    """True when every foreign key of these rows is None or a row this transaction wrote (`written`)."""
    for index, f in enumerate(fields, start=offset):
        if not f.is_relation:
            continue
        given = {values[index] for values in params} - {None}
        if given and not (f.target_field.primary_key and given <= written.get(f.related_model, set())):
            return False
    return True


def _skip_reference_checks(cursor):
    """Turn off the foreign-key triggers for the rest of this transaction when the role may; returns the
    setting to restore, or None (the checks then run as usual).

    Each inserted row queues one trigger call per foreign key, run at COMMIT: 170,000 of them for the
    20k-session import, about a second of the server's time. Rows whose references all point to rows
    this same transaction wrote cannot dangle (no other transaction sees those rows, so none can delete
    them), so those checks can only pass. `session_replication_role` is what pg_restore sets for the
    same reason; it is a superuser's setting unless granted (PostgreSQL 15: GRANT SET ON PARAMETER).
    Not-null, unique and check constraints are not triggers and still apply.
    """
    may = (
        "has_parameter_privilege('session_replication_role', 'SET')"
        if connection.pg_version >= 150000
        else "current_setting('is_superuser') = 'on'"
    )
    cursor.execute(f"SELECT {may}, current_setting('session_replication_role')")  # noqa: S608
    allowed, previous = cursor.fetchone()
    if not allowed:
        return None
    cursor.execute("SELECT set_config('session_replication_role', 'replica', true)")
    return previous


def fast_insert(model, rows, event_id=None, keys=True, written=None):
    """Insert dicts of attribute values with `COPY` or `executemany`; returns the new primary keys in order.

    `bulk_create` spends most of an import building model instances and SQL for batches of
    a few dozen rows (SQLite's 999-parameter limit); this writes the same rows, defaults
    included, in a fraction of the time. Rows are trusted: they come from the normaliser.
    `keys=False` (rows nothing refers to, e.g. speaker links) lets the database number them
    and returns None: no ids to reserve and send. `written` ({model: primary keys}): the rows this
    transaction wrote; when every reference points to one of them PostgreSQL is spared checking each.
    """
    if not rows:
        return [] if keys else None
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor not in ("sqlite", "postgresql"):
        objects = [model(**({"event_id": event_id} if event_id else {}), **row) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects] if keys else None
    now = timezone.now()
    offset = 1 if keys else 0  # the primary key, when we send it, comes first
    base, position, converted = [None] * offset, {}, []
    for index, f in enumerate(fields, start=offset):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            base.append(now)
        elif f.has_default():
            base.append(f.get_default())
        else:
            base.append(None)
        position[f.attname] = index
        convert = _converter(f)
        if convert is not None:
            converted.append((index, convert))
    event_at = position.get("event_id") if event_id is not None else None
    pks = _reserve_ids(model, len(rows)) if keys else None
    params = []
    for number, row in enumerate(rows):
        values = base.copy()  # the defaults, then the row's own values: most fields of a row are defaults
        for name, value in row.items():
            at = position.get(name)
            if at is not None:
                values[at] = value
        if event_at is not None:
            values[event_at] = event_id
        if keys:
            values[0] = pks[number]
        for index, convert in converted:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        params.append(values)
    quote = connection.ops.quote_name
    names = [f.column for f in fields]
    columns = ", ".join(quote(c) for c in ([model._meta.pk.column, *names] if keys else names))
    placeholders = ", ".join(["%s"] * (len(names) + (1 if keys else 0)))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            trusted = written is not None and _references_written(fields, params, offset, written)
            previous = _skip_reference_checks(cursor) if trusted else None
            # COPY: PostgreSQL's bulk path, an order of magnitude faster than INSERTs of many rows.
            with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            if previous is not None:
                cursor.execute("SELECT set_config('session_replication_role', %s, true)", [previous])
        else:
            for start in range(0, len(params), 2000):
                cursor.executemany(head + f"({placeholders})", params[start : start + 2000])
    return pks
