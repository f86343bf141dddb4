"""Model conventions shared by every app: soft delete as Open Event has it."""

from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
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


#: Attribute descriptors `from_db`'s shortcut may bypass: storing into `__dict__` is all they do for a new row.
_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


def plain_column_names(model):
    """The attribute names of a model's columns in `from_db` order, or None when its rows must be built by
    `Model.__init__` (an own `__init__`, or a column whose descriptor does more than store the value)."""
    if model.__init__ is not models.Model.__init__:
        return None
    names = []
    for field in model._meta.concrete_fields:
        descriptor = model.__dict__.get(field.attname)
        if descriptor is None:
            descriptor = next((c.__dict__[field.attname] for c in model.__mro__ if field.attname in c.__dict__), None)
        if descriptor is not None and type(descriptor) not in _PLAIN_DESCRIPTORS:
            return None
        names.append(field.attname)
    return tuple(names)


def column_names(model):
    """`plain_column_names(model)`, worked out once per model class."""
    names = model.__dict__.get("_column_names", False)
    if names is False:
        names = model._column_names = plain_column_names(model)
    return names


def _post_init_receivers(model):
    """`post_init`'s receivers for `model`, looked up again only when the signal's connections change.

    `Signal.send` finds them per row through a weak-keyed cache, a fifteenth of a list page's time. The
    memo is keyed by the signal's connection list as it stands; async receivers take `send` itself."""
    connections = tuple(post_init.receivers)
    memo = model.__dict__.get("_post_init_memo")
    if memo is None or memo[0] != connections:
        sync_receivers, async_receivers = post_init._live_receivers(model)
        if async_receivers:
            return (lambda signal, sender, instance: signal.send(sender=sender, instance=instance),)
        memo = model._post_init_memo = (connections, tuple(sync_receivers))
    return memo[1]


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField(blank=True, null=True, db_index=True)

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @classmethod
    def from_db(cls, db, field_names, values):
        """Django's, without `Model.__init__` for a row with every column loaded: the values go straight into
        the instance's `__dict__` (what `__init__` ends up doing through each field's descriptor), and
        `post_init` is still sent to its receivers. A list page builds hundreds of rows; `__init__` was a
        fifth of its time. Deferred columns, an own `__init__` or a `pre_init` receiver take Django's path."""
        names = column_names(cls)
        if names is None or len(values) != len(names) or (pre_init.receivers and pre_init.has_listeners(cls)):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        state = new._state = ModelState()
        state.adding = False
        state.db = db
        new.__dict__.update(zip(names, values, strict=True))
        if post_init.receivers:
            for receiver in _post_init_receivers(cls):
                receiver(signal=post_init, sender=cls, instance=new)
        return new

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
