"""Custom forms keep the original's numeric ids on the wire (reference §1: ids are strings except custom-form)."""

from eventyay.api.renderers import JSONAPIRenderer


class NumericIdRenderer(JSONAPIRenderer):
    @classmethod
    def build_json_resource_obj(cls, fields, resource, resource_instance, resource_name, serializer, *args, **kw):
        obj = super().build_json_resource_obj(
            fields, resource, resource_instance, resource_name, serializer, *args, **kw
        )
        if obj.get("type") == "custom-form" and str(obj.get("id", "")).isdigit():
            obj["id"] = int(obj["id"])
        return obj
