"""One place where relationships are added to a resource from outside its serializer.

An app above `events` (discounts, payments, forms, invites, …) hangs its relationship on the event with
`contribute(...)` from its `AppConfig.ready()`; the field then renders, links, includes and filters like a
declared one, because the serializer class itself carries it (the include planner, the filter allow-list and the
schema all read the serializer's fields).

`declare(...)` names a relationship that the web client's models declare but eventyay does not serve rows for
(yet): it renders `links` always, and when included `data: []` / `data: null`, so pages that ask for it work.
A later `contribute(...)` of the same name replaces it; a `declare(...)` never replaces a real one.
"""

from rest_framework.fields import SkipField
from rest_framework_json_api import serializers
from rest_framework_json_api.serializers import LazySerializersDict

from eventyay.api.relations import IncludedOnlyManyField, Relation, included_segments

_placeholders = set()


def contribute(serializer_class, name, field, included_serializer=None):
    """Add (or replace) the relationship `name` of `serializer_class`."""
    _placeholders.discard((serializer_class, name))
    serializer_class._declared_fields[name] = field
    meta = serializer_class.Meta
    names = getattr(meta, "fields", None)
    if isinstance(names, list | tuple) and name not in names:
        meta.fields = (*names, name)
    if included_serializer is not None:
        # A copy: serializers may share one dict of included serializers (the programme's parts do).
        included = getattr(serializer_class, "included_serializers", None) or {}
        current = dict(included.serializers) if hasattr(included, "serializers") else dict(included)
        serializer_class.included_serializers = LazySerializersDict(
            serializer_class, {**current, name: included_serializer}
        )


def declare(serializer_class, name, type_, many=False):
    """A relationship without rows (yet): links, and empty linkage when included; never replaces a real one."""
    if name in serializer_class().fields and (serializer_class, name) not in _placeholders:
        return
    field = EmptyMany(child_relation=Empty(type_)) if many else Empty(type_)
    contribute(serializer_class, name, field, empty_serializer(type_))
    _placeholders.add((serializer_class, name))


def declare_all(serializer_class, relationships):
    """`declare` each of {dasherized name: (type, "to-one" | "to-many")} that the resource does not show yet."""
    for name, (type_, kind) in relationships.items():
        declare(serializer_class, name.replace("-", "_"), type_, many=kind == "to-many")


def is_placeholder(field):
    return isinstance(field, Empty | EmptyMany)


class Empty(Relation):
    """A to-one without rows: no query, `null` when included."""

    def __init__(self, type_, **kwargs):
        self.declared_type = type_
        # A stand-in model naming the type, for DJA's and the schema's type look-ups.
        meta = type("JSONAPIMeta", (), {"resource_name": type_})
        kwargs.setdefault("model", type(f"Declared_{type_.replace('-', '_')}", (), {"JSONAPIMeta": meta}))
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def _resource_type(self):
        return self.declared_type

    def _compute_is_local_fk(self):
        return False

    def get_attribute(self, instance):
        if self.field_name not in included_segments(self.context.get("request")):
            raise SkipField
        return None


class EmptyMany(IncludedOnlyManyField):
    """A to-many without rows: no query, `[]` when included."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        if self.field_name not in included_segments(self.context.get("request")):
            raise SkipField
        return []


class ComputedMany(EmptyMany):
    """A to-many whose child relation reads its rows itself (source `*`: role lists computed from role rows):
    links always, the child's rows when included."""

    def get_attribute(self, instance):
        if self.field_name not in included_segments(self.context.get("request")):
            raise SkipField
        return self.child_relation.get_attribute(instance)


class _AnyPath(dict):
    """Included serializers of a placeholder: any deeper path is accepted (it can only be empty)."""

    def __init__(self, owner):
        super().__init__()
        self.owner = owner

    def get(self, key, default=None):
        return self.owner

    def __getitem__(self, key):
        return self.owner

    def __contains__(self, key):
        return True


_empty_serializers = {}


def empty_serializer(type_):
    """A serializer standing for a type eventyay does not serve; it never renders a row."""
    serializer = _empty_serializers.get(type_)
    if serializer is None:
        meta = type("Meta", (), {"resource_name": type_})
        serializer = type(f"Empty_{type_.replace('-', '_')}", (serializers.Serializer,), {"Meta": meta})
        serializer.included_serializers = _AnyPath(serializer)
        _empty_serializers[type_] = serializer
    return serializer
