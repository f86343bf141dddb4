"""Base serializer for every JSON:API resource."""

import copy
import datetime
import operator

import orjson
from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone
from rest_framework import fields as drf_fields
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.serializers import BaseSerializer
from rest_framework.settings import ISO_8601, api_settings
from rest_framework_json_api import serializers

from eventyay.api.limits import bound_number_fields
from eventyay.api.relations import IncludedOnlyManyField, Relation, included_segments
from eventyay.db import plain_column_names

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
    columns = frozenset(plain_column_names(model) or ()) if model is not None else frozenset()
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
                model = serializer.Meta.model
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
        and type(field).to_representation is not drf_fields.Field.to_representation
    )


#: Zone names whose offset is always zero: written through `datetime.timezone.utc`, which gives the same
#: `+00:00` without a zone database lookup per value (a fifth of a session row's representation).
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})


def _fixed_utc(zone):
    return datetime.UTC if getattr(zone, "key", None) in _UTC_NAMES else zone


def _has_default(serializer, field):
    """The field, or the model column behind it, has a default to fall back on."""
    if field.default is not drf_fields.empty:
        return True
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or not _simple_source(field):
        return False
    try:
        column = model._meta.get_field(field.source)
    except Exception:  # noqa: BLE001 - a computed field has no column
        return False
    return getattr(column, "concrete", False) and not column.null and column.has_default()


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
        self.getter = _tuple_getter(operator.attrgetter, sources)
        self.model = model
        columns = frozenset(plain_column_names(model) or ()) if model is not None else frozenset()
        read_from_row = [position for position, source in enumerate(sources) if source in columns]
        read_by_getattr = [position for position, source in enumerate(sources) if source not in columns]
        if not read_from_row:
            self.fetched, self.column_getter, self.other_getter = tuple(fetched), None, None
            return
        order = read_from_row + read_by_getattr
        self.fetched = tuple(fetched[position] for position in order)
        self.column_getter = _tuple_getter(operator.itemgetter, [sources[position] for position in read_from_row])
        self.other_getter = _tuple_getter(operator.attrgetter, [sources[position] for position in read_by_getattr])
        # `getter` (the fallback) reads in the same order as the two getters together.
        self.getter = _tuple_getter(operator.attrgetter, [sources[position] for position in order])

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


#: Compiled plans by everything `representation_plan` reads (`_plan_key`); bounded, in case keys run wild.
_COMPILED_PLANS = {}
MAX_COMPILED_PLANS = 1024


def compiled_plan(serializer, hidden=frozenset()):
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
        if len(_COMPILED_PLANS) < MAX_COMPILED_PLANS:
            _COMPILED_PLANS[key] = compiled
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


class FieldPrototypes:
    """A serializer class's unbound fields (`get_fields`), compared by identity: plans built from fields
    copied from these can be keyed by this object instead of by every field."""

    __slots__ = ("declared", "cloners", "__weakref__")

    def __init__(self, declared, prototypes):
        self.declared = declared
        self.cloners = tuple((name, field_cloner(field)) for name, field in prototypes.items())


def _tuple_getter(getter_class, names):
    """`getter_class(*names)` that always returns a tuple (one name gives the bare value)."""
    if len(names) > 1:
        return getter_class(*names)
    if names:
        single = getter_class(names[0])
        return lambda source: (single(source),)
    return lambda source: ()


#: serializer class → its `FieldPrototypes`: `ResourceSerializer.get_fields`.
_FIELD_PROTOTYPES = {}
_CHILD_ATTRIBUTES = ("child", "child_relation")


def field_cloner(field):
    """A function that returns an unbound copy of the unbound `field`, as `copy.deepcopy` gives, without
    running `__init__` again; what to copy is worked out once per field, not once per copy.

    DRF deep-copies every declared field per serializer instance by re-instantiating it from its
    arguments (deep-copying their querysets too). A field's state is its `__dict__`: lists and dicts in
    it are copied (validators, error messages, choices), the rest is shared as DRF shares validators and
    querysets (a related field only ever reads `queryset.all()`); a list or relation's child is copied and
    bound to the copy. Nested serializers, whose state is deeper, still go through `copy.deepcopy`. The
    prototype `field` must stay unbound and unchanged (`get_fields` keeps it for its class only)."""
    if isinstance(field, BaseSerializer):
        return lambda: copy.deepcopy(field)
    field_class, state = type(field), field.__dict__
    copied = tuple(key for key, value in state.items() if type(value) is list or type(value) is dict)
    children = tuple(
        (key, field_cloner(state[key])) for key in _CHILD_ATTRIBUTES if isinstance(state.get(key), drf_fields.Field)
    )

    def clone():
        new = object.__new__(field_class)
        new_state = new.__dict__
        new_state.update(state)
        for key in copied:
            new_state[key] = new_state[key].copy()
        for key, clone_child in children:
            child = new_state[key] = clone_child()
            child.parent = new
        return new

    return clone


class OffsetDateTimeField(drf_fields.DateTimeField):
    """ISO-8601 with a numeric offset (`2099-12-13T23:59:59+00:00`) as Open Event writes it; DRF writes `Z`,
    which e.g. Python's `datetime.fromisoformat` before 3.11 cannot read."""

    def to_representation(self, value):
        output_format = getattr(self, "format", api_settings.DATETIME_FORMAT)
        if not value or isinstance(value, str) or output_format is None or output_format.lower() != ISO_8601:
            return super().to_representation(value)
        return self.enforce_timezone(value).isoformat()


class ResourceSerializer(serializers.ModelSerializer):
    """DJA's model serializer with our relationship field.

    Subclasses set `Meta.resource_name` (the JSON:API type) and `Meta.collection`
    (the URL segment, e.g. `sessions`) so links come out as `/v1/<collection>/<id>`.
    """

    serializer_related_field = Relation
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: OffsetDateTimeField,
    }
    # `type` is an attribute of tickets, sponsors and custom forms in Open Event; the parser keeps it apart
    # from the resource type, so only DJA's other reserved names stay reserved.
    _reserved_field_names = {"meta", "results", api_settings.NON_FIELD_ERRORS_KEY}

    def get_fields(self):
        """Every integer field is bounded by its column's range, every float is finite (`eventyay.api.limits`).

        The fields depend on the class only (its declared fields, `Meta`, the model), so they are built once
        per class and copied per instance (`field_cloner`): a response builds a serializer per resource
        type, and building one from scratch costs more than rendering a dozen rows. A relationship an app
        contributes later (`contribute_relationship`) changes the declared fields and so rebuilds them."""
        declared = tuple(self._declared_fields.items())
        cls = type(self)
        cached = _FIELD_PROTOTYPES.get(cls)
        if cached is None or cached.declared != declared:
            cached = _FIELD_PROTOTYPES[cls] = FieldPrototypes(declared, bound_number_fields(self, super().get_fields()))
        self._field_prototypes = cached
        return {name: clone() for name, clone in cached.cloners}

    def to_internal_value(self, data):
        """A null sent for an optional attribute that cannot be null but has a default is taken as "not sent".

        The web client's store sends every attribute its model declares, null for a number or string never set
        (a new speaker's `order`, a new session's `state`); a create then stores the default, an edit keeps the
        stored value. Nullable and required attributes are untouched (null stays a value, or a 422).
        """
        if isinstance(data, dict) and None in data.values():
            absent = self._null_means_absent()
            data = {name: value for name, value in data.items() if value is not None or name not in absent}
        return super().to_internal_value(data)

    def _null_means_absent(self):
        names = self.__dict__.get("_null_absent")
        if names is None:
            names = self._null_absent = frozenset(
                name
                for name, field in self.fields.items()
                if not (field.read_only or field.required or field.allow_null) and _has_default(self, field)
            )
        return names

    def _representation_plan(self):
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = compiled_plan(self)
        return plan

    def to_representation(self, instance):
        """DRF's, with each field's way to its value worked out once (`representation_plan`).

        Lists render thousands of fields per request; for plain columns, datetimes and relationship
        linkage DRF's per-field call chain only reads an attribute and reshapes it, so it is done here
        directly (`CompiledPlan`). The plan is built once per serializer instance (after sparse fieldsets
        apply); other fields go through DRF. tests/core/test_representation.py checks the output equals DRF's.
        """
        return self._representation_plan().run(instance)

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if field_class is not Relation and issubclass(field_class, serializers.ResourceRelatedField):
            field_class = Relation
        return field_class, kwargs

    @classmethod
    def contribute_relationship(cls, name, field, included_serializer=None):
        """Let an app above add a relationship to this resource without this app importing it (`declared.py`)."""
        from eventyay.api import declared

        declared.contribute(cls, name, field, included_serializer)


class PrivateFieldsMixin:
    """Leaves `private_fields` out of the document unless `sees_private(instance)` says this caller may read
    them; the filter layer reads the same list (`eventyay.api.filters.step_fields`). Put it before
    `ResourceSerializer` so the shared fast path stays comparable with DRF's own."""

    private_fields = ()

    def sees_private(self, instance):
        raise NotImplementedError(f"{type(self).__name__} declares private_fields but not who sees them")

    def viewer(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def to_representation(self, instance):
        if self.private_fields and not self.sees_private(instance):
            return self._public_plan().run(instance)
        return super().to_representation(instance)

    def _public_plan(self):
        """The representation plan without `private_fields`: the public rows of a list never read them."""
        plan = self.__dict__.get("_public")
        if plan is None:
            plan = self._public = compiled_plan(self, hidden=frozenset(self.private_fields))
        return plan
