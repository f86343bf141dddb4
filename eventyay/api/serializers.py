"""Base serializer for every JSON:API resource."""

from rest_framework.settings import api_settings
from rest_framework_json_api import serializers

from eventyay.api.relations import Relation


class ResourceSerializer(serializers.ModelSerializer):
    """DJA's model serializer with our relationship field.

    Subclasses set `Meta.resource_name` (the JSON:API type) and `Meta.collection`
    (the URL segment, e.g. `sessions`) so links come out as `/v1/<collection>/<id>`.
    """

    serializer_related_field = Relation
    # `type` is an attribute of tickets, sponsors and custom forms in Open Event; the parser keeps it apart
    # from the resource type, so only DJA's other reserved names stay reserved.
    _reserved_field_names = {"meta", "results", api_settings.NON_FIELD_ERRORS_KEY}

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
