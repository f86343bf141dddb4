"""Model conventions shared by every app: soft delete as Open Event has it."""

from django.db import connection, models, transaction
from django.utils import timezone

from eventyay.html import clean_html


class LiveManager(models.Manager):
    """Default manager: hides soft-deleted rows from lists, lookups and `include`."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class HTMLField(models.TextField):
    """Rich text, sanitized whenever its row is written: `save()`, the admin and `bulk_create` (imports)."""

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField(blank=True, null=True, db_index=True)

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])


class SingletonModel(models.Model):
    """A table of one row (pk=1): site-wide settings. Subclasses add a `CheckConstraint(condition=Q(pk=1))`."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The row, or an unsaved one with the defaults when none is stored yet."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


#: PostgreSQL samples 300 x this many rows per table (see `refresh_planner_statistics`).
PLANNER_SAMPLE_TARGET = 10


def refresh_planner_statistics(model_classes):
    """ANALYZE the tables a bulk write filled, so the very next reads use the right indexes.

    Without it a freshly imported programme was read with plans made for empty tables: 185 ms instead of
    4 ms per query of a public speakers list on PostgreSQL (until autovacuum caught up), and SQLite never
    gathers statistics by itself.

    On PostgreSQL with a sample of 3,000 rows (`default_statistics_target` 10, for this transaction only)
    instead of 30,000: row counts and the distinct values of the keys are what those plans need, and a
    fifth to a seventh of the time (after the 20k-session import: 0.1 s instead of 0.6-0.9 s). Autovacuum's
    own ANALYZE, with the full sample, follows as usual once that many rows have changed."""
    tables = dict.fromkeys(model._meta.db_table for model in model_classes)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL default_statistics_target = {PLANNER_SAMPLE_TARGET}")
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL default_statistics_target TO DEFAULT")


#: The largest finite double; PostgreSQL ranks NaN above every number and Infinity above this one.
FLOAT_MAX = 1.7976931348623157e308


def finite_checks(*names, limit=FLOAT_MAX):
    """Check constraints that keep NaN and ±Infinity out of the float/decimal columns `names`, whatever
    writes them (API, admin, import, raw ORM): a JSON document cannot carry such a value. NULL stays
    allowed where the column allows it. For a decimal column pass `limit=10 ** (max_digits - decimal_places)`.
    `tests/security/test_finite_numbers.py` checks that every such column of every model has one."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{name}__gte": -limit, f"{name}__lte": limit})
            | models.Q(**{f"{name}__isnull": True}),
            name=f"%(app_label)s_%(class)s_{name}_finite",
        )
        for name in names
    ]
