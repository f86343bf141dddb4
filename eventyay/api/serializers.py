"""Base serializer for every JSON:API resource."""

from django.db import models
from rest_framework import fields as drf_fields
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import ISO_8601, api_settings
from rest_framework_json_api import serializers

from eventyay.api.relations import Relation

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

    def _representation_plan(self):
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = []
            for field in self._readable_fields:
                direct = type(field) in IDENTITY_FIELDS and len(field.source_attrs) == 1
                plan.append((field.field_name, field, field.source_attrs[0] if direct else None))
            self._plan = plan
        return plan

    def to_representation(self, instance):
        """DRF's, but plain columns are read straight from the instance.

        Lists render thousands of fields per request; for the field classes in IDENTITY_FIELDS DRF's
        per-field call chain returns the attribute unchanged, so it is skipped. The plan is built once per
        serializer instance (after sparse fieldsets apply); other fields go through DRF.
        """
        ret = {}
        for name, field, attr in self._representation_plan():
            if attr is not None:
                ret[name] = getattr(instance, attr)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            ret[name] = None if check is None else field.to_representation(attribute)
        return ret

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if field_class is not Relation and issubclass(field_class, serializers.ResourceRelatedField):
            field_class = Relation
        return field_class, kwargs

    @classmethod
    def contribute_relationship(cls, name, field, included_serializer=None):
        """Let an app above add a relationship to this resource without this app importing it.

        Used from `AppConfig.ready()`, e.g. payments adds the event's `stripe-authorization`. The
        relationship then renders, links and can be included like a declared one.
        """
        cls._declared_fields[name] = field
        if included_serializer is not None:
            included = getattr(cls, "included_serializers", None)
            if included is None or not hasattr(included, "serializers"):
                from rest_framework_json_api.serializers import LazySerializersDict

                cls.included_serializers = LazySerializersDict(cls, dict(included or {}))
            cls.included_serializers.serializers[name] = included_serializer
