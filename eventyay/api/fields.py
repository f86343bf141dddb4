"""Field-level pieces of the read path: the datetime field Open Event writes, and fields copied from per-class
prototypes instead of being rebuilt for every serializer (`ResourceSerializer.get_fields`)."""

import copy

from rest_framework import fields as drf_fields
from rest_framework.serializers import BaseSerializer
from rest_framework.settings import ISO_8601, api_settings


class OffsetDateTimeField(drf_fields.DateTimeField):
    """ISO-8601 with a numeric offset (`2099-12-13T23:59:59+00:00`) as Open Event writes it; DRF writes `Z`,
    which e.g. Python's `datetime.fromisoformat` before 3.11 cannot read."""

    def to_representation(self, value):
        output_format = getattr(self, "format", api_settings.DATETIME_FORMAT)
        if not value or isinstance(value, str) or output_format is None or output_format.lower() != ISO_8601:
            return super().to_representation(value)
        return self.enforce_timezone(value).isoformat()


class FieldPrototypes:
    """A serializer class's unbound fields (`get_fields`), compared by identity: plans built from fields
    copied from these can be keyed by this object instead of by every field."""

    __slots__ = ("declared", "cloners")

    def __init__(self, declared, prototypes):
        self.declared = declared
        self.cloners = tuple((name, field_cloner(field)) for name, field in prototypes.items())


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
