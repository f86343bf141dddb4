"""Base serializer for every JSON:API resource."""

from django.db import models
from rest_framework import fields as drf_fields
from rest_framework.settings import api_settings
from rest_framework_json_api import serializers

from eventyay.api.fields import _FIELD_PROTOTYPES, FieldPrototypes, OffsetDateTimeField
from eventyay.api.limits import bound_number_fields
from eventyay.api.relations import Relation
from eventyay.api.representation import _simple_source, compiled_plan

__all__ = ["OffsetDateTimeField", "PrivateFieldsMixin", "ResourceSerializer"]


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

    def plan_without(self, hidden=()):
        """This serializer's representation plan, leaving out the `hidden` field names (a tuple: the key of a
        memo per serializer instance, looked up per row), through `compiled_plan`."""
        plans = self.__dict__.get("_plans")
        if plans is None:
            plans = self._plans = {}
        plan = plans.get(hidden)
        if plan is None:
            plan = plans[hidden] = compiled_plan(self, hidden)
        return plan

    def to_representation(self, instance):
        """DRF's, with each field's way to its value worked out once (`representation_plan`).

        Lists render thousands of fields per request; for plain columns, datetimes and relationship
        linkage DRF's per-field call chain only reads an attribute and reshapes it, so it is done here
        directly (`CompiledPlan`). The plan is built once per serializer instance (after sparse fieldsets
        apply); other fields go through DRF. tests/core/test_representation.py checks the output equals DRF's.
        """
        return self.plan_without().run(instance)

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
    `ResourceSerializer` (whose `plan_without` it uses), so the shared fast path stays comparable with DRF's own."""

    private_fields = ()

    def sees_private(self, instance):
        raise NotImplementedError(f"{type(self).__name__} declares private_fields but not who sees them")

    def viewer(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def to_representation(self, instance):
        if self.private_fields and not self.sees_private(instance):
            # The public rows of a list never read the private fields (no representation then a pop per row).
            return self.plan_without(tuple(self.private_fields)).run(instance)
        return super().to_representation(instance)
