"""How `ResourceSerializer.to_representation` turns a row into its dict: a plan worked out once per process.

`representation_plan` decides per field how its value is read and reshaped; `CompiledPlan` runs that per row;
`compiled_plan` keeps one per serializer class, field prototypes, include, sparse fieldsets, zone and settings,
bound to each response's fields. tests/core/test_representation.py checks the output equals DRF's.
"""

import copy
import datetime
import operator

import orjson
from django.conf import settings as django_settings
from django.utils import timezone
from rest_framework import fields as drf_fields
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import ISO_8601, api_settings

from eventyay.api.fields import OffsetDateTimeField
from eventyay.api.relations import IncludedOnlyManyField, Relation, included_segments
from eventyay.db import column_names
from eventyay.memo import remember

#: Field classes whose output is the model attribute itself (a str, bool, int, JSON value or None).
IDENTITY_FIELDS = frozenset(
    {
        drf_fields.CharField,
        drf_fields.URLField,
        drf_fields.EmailField,
        drf_fields.BooleanField,
        drf_fields.IntegerField,
        drf_fields.ChoiceField,
    }
)


_ATTR, _DATETIME, _FOREIGN_KEY, _MANY, _SKIP, _DRF = "attr", "datetime", "fk", "many", "skip", "drf"
_NUMBER, _VALUE = "number", "value"


def _simple_source(field):
    return len(field.source_attrs) == 1 and field.source != "*"


def representation_plan(serializer):
    """(kind, name, field, argument) per readable field: how `to_representation` gets its value.

    `attr`: the attribute unchanged (IDENTITY_FIELDS, JSON); `number`: `float(value)` / `int(value)` (a
    float field, a big integer not written as a string); `datetime`: ISO-8601 in the field's zone;
    `fk`: a local foreign key's linkage from its `<name>_id` column; `many`: a to-many's linkage from
    the prefetched rows; `skip`: linkage not rendered (not included, or a declared placeholder not
    included, whose `get_attribute` would skip it); `value`: a column read as DRF's `Field.get_attribute`
    reads it, None kept, anything else through the field's `to_representation`; `drf`: DRF's own path.
    """
    from eventyay.api.declared import is_placeholder

    request = serializer.context.get("request")
    included = included_segments(request)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    columns = _columns(model)
    plan = []
    for field in serializer._readable_fields:
        kind, arg = _DRF, None
        field_class = type(field)
        if field_class in IDENTITY_FIELDS or (field_class is drf_fields.JSONField and not field.binary):
            if _simple_source(field):
                kind, arg = _ATTR, field.source
        elif field_class is drf_fields.FloatField and _simple_source(field):
            kind, arg = _NUMBER, float
        elif field_class is drf_fields.BigIntegerField and _simple_source(field):
            if not getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING):
                kind, arg = _NUMBER, int
        elif is_placeholder(field) and field.field_name not in included:
            kind = _SKIP
        elif field_class is OffsetDateTimeField and _simple_source(field):
            output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
            zone = _fixed_utc(field.timezone if hasattr(field, "timezone") else field.default_timezone())
            if output_format is not None and output_format.lower() == ISO_8601 and zone is not None:
                kind, arg = _DATETIME, zone
        elif isinstance(field, Relation) and field_class is not Relation:
            if not field._is_local_fk() and field.skips_unless_included() and field.field_name not in included:
                kind = _SKIP
        elif field_class is Relation:
            if field._is_local_fk():
                kind, arg = _FOREIGN_KEY, (model._meta.get_field(field.source).attname, field.resource_type())
            elif field.field_name not in included:
                kind = _SKIP
        elif field_class is IncludedOnlyManyField and type(field.child_relation) is Relation:
            if field.field_name not in included:
                kind = _SKIP
            else:
                kind, arg = _MANY, field.child_relation.resource_type()
        if kind is _DRF and _reads_column(field, columns):
            kind = _VALUE
        plan.append((kind, field.field_name, field, arg))
    return tuple(plan)


def _reads_column(field, columns):
    """DRF would read this field's value as the column itself: `Field.get_attribute` of a simple source that is
    a column (never callable, never missing on a loaded row)."""
    return (
        _simple_source(field)
        and field.source in columns
        and type(field).get_attribute is drf_fields.Field.get_attribute
    )


def _columns(model):
    return frozenset(column_names(model) or ()) if model is not None else frozenset()


#: Zone names whose offset is always zero: written through `datetime.timezone.utc`, which gives the same
#: `+00:00` without a zone database lookup per value (a fifth of a session row's representation).
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})


def _fixed_utc(zone):
    return datetime.UTC if getattr(zone, "key", None) in _UTC_NAMES else zone


class CompiledPlan:
    """A representation plan as `to_representation` runs it: every plain column, datetime and foreign key
    id of a row is read at once, into a dict whose keys are already in field order; only the values that
    need reshaping (datetimes, linkage) or DRF's own path are visited in Python.

    Columns are read from the row's `__dict__` by one `operator.itemgetter` call: through `getattr` a
    foreign key's `<name>_id` runs Django's descriptor in Python. Values that are not plain columns of the
    serializer's model (properties, annotations), and rows of another class or with deferred columns,
    are read by `operator.attrgetter`, as DRF reads them."""

    __slots__ = ("keys", "fetched", "getter", "steps", "model", "column_getter", "other_getter")

    def __init__(self, plan, model=None):
        keys, fetched, sources, steps = [], [], [], []
        for kind, name, field, arg in plan:
            if kind is _SKIP:
                continue
            keys.append(name)
            if kind is _ATTR:
                fetched.append(name)
                sources.append(arg)
            elif kind is _DATETIME or kind is _NUMBER or kind is _VALUE:
                fetched.append(name)
                sources.append(field.source)
                steps.append((kind, name, field, arg))
            elif kind is _FOREIGN_KEY:
                fetched.append(name)
                sources.append(arg[0])
                steps.append((kind, name, field, arg[1]))
            else:
                steps.append((kind, name, field, arg))
        self.keys = tuple(keys)
        self.steps = tuple(steps)
        self.model = model
        # Plain columns first, read from the row's `__dict__`; the rest through `getattr`. `getter` reads all of
        # them through `getattr`, in the same order (rows of another class, deferred columns).
        columns = _columns(model)
        from_row = [position for position, source in enumerate(sources) if source in columns]
        by_getattr = [position for position, source in enumerate(sources) if source not in columns]
        order = from_row + by_getattr
        self.fetched = tuple(fetched[position] for position in order)
        self.getter = tuple_getter(operator.attrgetter, [sources[position] for position in order])
        self.column_getter = (
            tuple_getter(operator.itemgetter, [sources[position] for position in from_row]) if from_row else None
        )
        self.other_getter = tuple_getter(operator.attrgetter, [sources[position] for position in by_getattr])

    def bound(self, fields):
        """This plan with the steps' fields taken from `fields` (a serializer's; None where it has none)."""
        plan = copy.copy(self)
        plan.steps = tuple((kind, name, fields.get(name), arg) for kind, name, _, arg in self.steps)
        return plan

    def _values(self, instance):
        if self.column_getter is not None and instance.__class__ is self.model:
            try:
                return self.column_getter(instance.__dict__) + self.other_getter(instance)
            except KeyError:  # a deferred column: `getattr` loads it
                pass
        return self.getter(instance)

    def run(self, instance):
        ret = dict.fromkeys(self.keys)
        ret.update(zip(self.fetched, self._values(instance), strict=True))
        for kind, name, field, arg in self.steps:
            if kind is _DATETIME:
                value = ret[name]
                if value is None:
                    continue
                if value.__class__ is datetime.datetime and arg is _UTC and value.tzinfo is _UTC:
                    ret[name] = _utc_text(value)
                elif value.__class__ is datetime.datetime and value.utcoffset() is not None:
                    ret[name] = (value if value.tzinfo is arg else value.astimezone(arg)).isoformat()
                else:
                    ret[name] = field.to_representation(value)
            elif kind is _FOREIGN_KEY:
                value = ret[name]
                if value is not None:
                    ret[name] = {"type": arg, "id": str(value)}
            elif kind is _NUMBER:
                value = ret[name]
                if value is not None:
                    ret[name] = arg(value)
            elif kind is _VALUE:
                value = ret[name]
                if value is not None:
                    ret[name] = field.to_representation(value)
            elif kind is _MANY and field.source in (instance.__dict__.get("_prefetched_objects_cache") or ()):
                rows = instance._prefetched_objects_cache[field.source]
                ret[name] = [{"type": arg, "id": str(pk)} for pk in _pks(rows)]
            else:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    del ret[name]
                    continue
                check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                ret[name] = None if check is None else field.to_representation(attribute)
        return ret


_UTC = datetime.UTC


def _utc_text(value):
    """`value.isoformat()` of a UTC datetime, written by orjson in a third of the time (the same text for
    every datetime of years 1 to 9999: tests/core/test_representation.py)."""
    return orjson.dumps(value)[1:-1].decode()


def _pks(rows):
    """The primary keys of rows of one model, read from their `__dict__` (`.pk` is a Python property)."""
    if not rows:
        return ()
    attname = rows[0]._meta.pk.attname
    try:
        return [row.__dict__[attname] for row in rows]
    except KeyError:  # a row of a child model (another primary key column)
        return [row.pk for row in rows]


#: Compiled plans by everything `representation_plan` reads (`_plan_key`); a query string's sparse fieldsets
#: are part of the key, so the memo is bounded (`remember`).
_COMPILED_PLANS = {}
MAX_COMPILED_PLANS = 1024


def compiled_plan(serializer, hidden=()):
    """The serializer's `CompiledPlan` (without the `hidden` fields), bound to its fields.

    What a plan decides depends on the serializer's class and fields, the request's `include` and the
    active zone, not on the serializer instance: it is worked out once per process for each of those and
    bound to each new serializer's fields (a response builds a serializer per resource type)."""
    fields = serializer.fields  # built first: copied from the class's prototypes, they name the key
    key = _plan_key(serializer, hidden)
    compiled = _COMPILED_PLANS.get(key)
    if compiled is None:
        steps = representation_plan(serializer)
        if hidden:
            steps = tuple((_SKIP, step[1], step[2], None) if step[1] in hidden else step for step in steps)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        compiled = CompiledPlan(steps, model).bound({})  # kept without this request's fields
        remember(_COMPILED_PLANS, key, compiled, MAX_COMPILED_PLANS)
    return compiled.bound(fields)


def _plan_key(serializer, hidden):
    request = serializer.context.get("request")
    prototypes = serializer.__dict__.get("_field_prototypes")
    if prototypes is not None:  # the fields as the class builds them, less the sparse fieldsets' choice
        fields = (prototypes, _sparse_fieldsets(request))
    else:  # `_readable_fields`, not `fields`: DJA's sparse fieldsets leave fields out there
        fields = tuple((field.field_name, field.__class__, field.source) for field in serializer._readable_fields)
    settings_read = (api_settings.DATETIME_FORMAT, api_settings.COERCE_BIGINT_TO_STRING, django_settings.USE_TZ)
    return (
        type(serializer),
        hidden,
        fields,
        included_segments(request),
        timezone.get_current_timezone(),
        settings_read,
    )


def _sparse_fieldsets(request):
    """The request's `fields[type]` parameters, as a hashable key (once per request)."""
    if request is None:
        return ()
    cached = getattr(request, "_sparse_fieldsets_key", None)
    if cached is None:
        params = request.query_params
        cached = request._sparse_fieldsets_key = tuple(
            sorted((key, tuple(params.getlist(key))) for key in params if key.startswith("fields["))
        )
    return cached


def tuple_getter(getter_class, names):
    """`getter_class(*names)` that always returns a tuple (one name gives the bare value)."""
    if len(names) > 1:
        return getter_class(*names)
    if names:
        single = getter_class(names[0])
        return lambda source: (single(source),)
    return lambda source: ()
