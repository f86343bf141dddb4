"""The JSON:API renderer with Open Event's document shape (reference §1)."""

import functools

from django.db.models import Manager
from rest_framework import renderers as drf_renderers
from rest_framework.relations import ManyRelatedField
from rest_framework_json_api import renderers
from rest_framework_json_api.relations import HyperlinkedMixin
from rest_framework_json_api.utils import (
    format_field_name,
    get_resource_type_from_serializer,
    get_serializer_fields,
    is_relationship_field,
)


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


class DocumentRenderer(renderers.JSONRenderer, _DocumentFinisher):
    """The plain DJA-based renderer with Open Event's document shape (the reference for `JSONAPIRenderer`)."""

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


CACHE_KEY = "_included_serializer_instances"
WALKED_KEY = "_included_walked"


class _CachedIncludes(DocumentRenderer):
    @classmethod
    def extract_included(cls, fields, resource, resource_instance, included_resources, included_cache):
        if not resource_instance:
            return
        serializer = fields.serializer
        context = serializer.context
        instances = context.setdefault(CACHE_KEY, {})
        included_serializers = getattr(serializer, "included_serializers", None) or {}
        for field_name, field in fields.items():
            if not is_relationship_field(field):
                continue
            nested = [p.split(".", 1)[1] for p in included_resources if p.startswith(f"{field_name}.")]
            if field_name not in included_resources and not nested:
                continue
            if field_name not in included_serializers:
                continue
            prefetched = getattr(resource_instance, "_prefetched_objects_cache", {})
            if isinstance(field, ManyRelatedField) and field.source in prefetched:
                related = prefetched[field.source]  # skip building a related manager per row
            else:
                related = cls.extract_relation_instance(field, resource_instance)
            if isinstance(related, Manager):
                related = related.all()
            if related is None:
                continue
            items = list(related) if hasattr(related, "__iter__") else [related]
            serializer_class = included_serializers[field_name]
            child = instances.get(serializer_class)
            if child is None:
                child = instances[serializer_class] = serializer_class(context=context)
            child_fields = get_serializer_fields(child)
            resource_type = get_resource_type_from_serializer(child)
            seen = included_cache[resource_type]
            for item in items:
                key = str(item.pk)
                data = None
                if key not in seen:
                    data = child.to_representation(item)
                    seen[key] = cls.build_json_resource_obj(child_fields, data, item, resource_type, child, False)
                if nested:
                    # Each resource is walked once per remaining path: `tracks.event.tracks...` stays linear.
                    walked = context.setdefault(WALKED_KEY, set())
                    marker = (resource_type, key, tuple(nested))
                    if marker in walked:
                        continue
                    walked.add(marker)
                    data = data if data is not None else child.to_representation(item)
                    cls.extract_included(child_fields, data, item, nested, included_cache)


@functools.lru_cache(maxsize=4096)
def member_name(field_name):
    """`starts_at` → `starts-at`, computed once per name (DJA runs inflection for every key of every row)."""
    return format_field_name(field_name)


def member_plan(fields):
    """Which fields are attributes and which relationships, with their member names; kept on the field set."""
    plan = getattr(fields, "_member_plan", None)
    if plan is None:
        attributes, relationships = {}, []
        for name, field in fields.items():
            if is_relationship_field(field):
                if not field.write_only:
                    many = isinstance(field, ManyRelatedField)
                    link_field = field.child_relation if many else field
                    linkable = isinstance(link_field, HyperlinkedMixin)
                    relationships.append((name, member_name(name), many, link_field if linkable else None))
            elif name != "id":
                attributes[name] = member_name(name)
        plan = (attributes, relationships)
        if not isinstance(fields, dict):  # a serializer's BindingDict lives as long as the serializer
            fields._member_plan = plan
    return plan


class JSONAPIRenderer(_CachedIncludes):
    """The renderer of every JSON:API view: `DocumentRenderer`'s document, built faster.

    DJA builds a fresh serializer for every included relationship of every row and re-serializes a
    resource each time another row names it; for a page of 100 sessions with their speakers, tracks,
    rooms and types that is most of the request's time. Here each included serializer is built once
    per response, each included resource once, and member names are formatted once per name.
    tests/events/test_sessions_rendering.py checks both renderers give the same documents.
    """

    @classmethod
    def extract_attributes(cls, fields, resource):
        attributes, _ = member_plan(fields)
        return {member: resource[name] for name, member in attributes.items() if name in resource}

    @classmethod
    def extract_relationships(cls, fields, resource, resource_instance):
        """Links always; `data` (and a to-many's `meta.count`) only when the serializer rendered the linkage,
        as `DocumentRenderer` does."""
        if resource_instance is None:
            return None
        _, plan = member_plan(fields)
        relationships = {}
        for name, member, many, link_field in plan:
            entry = {}
            if name in resource:
                value = resource[name]
                if many and isinstance(value, list):
                    entry["meta"] = {"count": len(value)}
                entry["data"] = value
            if link_field is not None:
                links = link_field.get_links(resource_instance, link_field.related_link_lookup_field)
                if links:
                    entry["links"] = links
            relationships[member] = entry
        return relationships
