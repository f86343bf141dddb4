"""JSON:API surface of custom forms (reference §3.8): type `custom-form`, numeric ids."""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers as drf_serializers
from rest_framework_json_api import serializers

from events.models import Event
from eventyay.api.relations import Relation
from eventyay.api.schema.components import INTEGER, STRING, obj
from eventyay.api.serializers import ResourceSerializer
from eventyay.writes import merged
from forms.models import CustomForm

IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


TRANSLATION = obj({"id": INTEGER, "name": STRING, "language_code": STRING, "form_id": STRING})


@extend_schema_field({"type": "array", "items": TRANSLATION})
class TranslationsField(drf_serializers.Field):
    """`translations`: `[{id?, name, language_code, isDeleted?}]` in, `[{id, name, language_code, form_id}]` out."""

    default_error_messages = {"invalid": "translations must be a list of objects with name and language_code."}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(source="*", **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, custom_form):
        return [
            {"id": t.pk, "name": t.name, "language_code": t.language_code, "form_id": custom_form.form_id}
            for t in custom_form.translations.all()
        ]

    def to_internal_value(self, data):
        if data is None:
            return {"translations": []}
        if not isinstance(data, list):
            self.fail("invalid")
        items = []
        for position, item in enumerate(data):
            if not isinstance(item, dict):
                self.fail("invalid")
            item_id = item.get("id")
            if item_id not in (None, ""):
                try:
                    item_id = int(item_id)
                except (TypeError, ValueError):
                    raise drf_serializers.ValidationError(f"Translation {position}: 'id' must be a number.") from None
            else:
                item_id = None
            deleted = item.get("isDeleted", item.get("is_deleted", False)) in (True, "true", 1, "1")
            name, language = item.get("name"), item.get("language_code", item.get("language-code"))
            if not deleted:
                for key, value, limit in (("name", name, 255), ("language_code", language, 32)):
                    if not isinstance(value, str) or not value.strip():
                        raise drf_serializers.ValidationError(f"Translation {position}: '{key}' is required.")
                    if len(value) > limit:
                        raise drf_serializers.ValidationError(
                            f"Translation {position}: '{key}' is longer than {limit} characters."
                        )
            items.append({"id": item_id, "name": name, "language_code": language, "isDeleted": deleted})
        return {"translations": items}


class CustomFormSerializer(ResourceSerializer):
    field_identifier = serializers.CharField(max_length=100)
    form = serializers.ChoiceField(choices=CustomForm.Form.choices)
    type = serializers.ChoiceField(choices=[(t, t) for t in CustomForm.TYPES], required=False)
    is_complex = serializers.BooleanField(read_only=True)
    translations = TranslationsField()
    event = Relation(queryset=Event.objects.all(), required=False)

    included_serializers = {"event": "events.serializers.event.EventSerializer"}

    class Meta:
        model = CustomForm
        resource_name = "custom-form"
        collection = "custom-forms"
        fields = (
            "field_identifier",
            "form",
            "type",
            "name",
            "description",
            "is_required",
            "is_included",
            "is_public",
            "is_fixed",
            "position",
            "is_complex",
            "form_id",
            "min",
            "max",
            "main_language",
            "is_allow_edit",
            "translations",
            "event",
        )

    def validate_field_identifier(self, value):
        if not IDENTIFIER.match(value):
            raise serializers.ValidationError("Use a camelCase name of letters and digits, e.g. tshirtSize.")
        return value

    def validate(self, attrs):
        parent = self.context.get("parent")
        event = attrs.get("event")
        if self.instance is None:
            if isinstance(parent, Event):
                if event is not None and event.pk != parent.pk:
                    raise serializers.ValidationError({"event": ["The event in the body differs from the URL's."]})
                attrs["event"] = parent
        elif event is not None and event.pk != self.instance.event_id:
            raise serializers.ValidationError({"event": ["A custom form cannot move to another event."]})
        values = merged(self.instance, attrs, ("min", "max"), {"min": 0, "max": 10})
        low, high = values["min"], values["max"]
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"min": ["min cannot be greater than max."]})
        return attrs
