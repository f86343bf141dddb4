"""The JSON:API renderer with Open Event's document shape (reference §1)."""

from rest_framework import renderers as drf_renderers
from rest_framework_json_api import renderers
from rest_framework_json_api.utils import format_field_name, is_relationship_field


def _collection(serializer):
    meta = getattr(serializer, "Meta", None)
    if meta is None and getattr(serializer, "child", None) is not None:
        meta = getattr(serializer.child, "Meta", None)
    return getattr(meta, "collection", None)


class _DocumentFinisher(drf_renderers.JSONRenderer):
    """Sits after DJA in the MRO: sees the finished document dict before it is encoded."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        if response is not None and response.status_code == 304:
            return b""
        if isinstance(data, dict):
            request = renderer_context.get("request")
            if isinstance(data.get("data"), dict) and request is not None:
                data.setdefault("links", {}).setdefault("self", request.path)
            elif isinstance(data.get("data"), list) and request is not None:
                data.setdefault("links", {}).setdefault("self", request.get_full_path())
            data["jsonapi"] = {"version": "1.0"}
        return super().render(data, accepted_media_type, renderer_context)


class JSONAPIRenderer(renderers.JSONRenderer, _DocumentFinisher):
    @classmethod
    def extract_relationships(cls, fields, resource, resource_instance):
        data = super().extract_relationships(fields, resource, resource_instance)
        if not data:
            return data
        for field_name, field in fields.items():
            if is_relationship_field(field) and field_name not in resource:
                entry = data.get(format_field_name(field_name))
                if entry is not None:
                    entry.pop("data", None)
                    entry.pop("meta", None)
        return data

    @classmethod
    def build_json_resource_obj(cls, fields, resource, resource_instance, resource_name, serializer, *args, **kw):
        obj = super().build_json_resource_obj(
            fields, resource, resource_instance, resource_name, serializer, *args, **kw
        )
        collection = _collection(serializer)
        if collection and obj.get("id") is not None:
            obj["links"] = {"self": f"/v1/{collection}/{obj['id']}"}
        return obj
