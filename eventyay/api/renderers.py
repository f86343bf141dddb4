"""The JSON:API renderer with Open Event's document shape (reference §1)."""

from django.db.models import Manager
from rest_framework import renderers as drf_renderers
from rest_framework.relations import ManyRelatedField
from rest_framework_json_api import renderers
from rest_framework_json_api.utils import (
    format_field_name,
    get_resource_type_from_serializer,
    get_serializer_fields,
    is_relationship_field,
)

from eventyay.api.documents import ResourcePlan, _collection, _plain, dumps, member_name, member_plan
from eventyay.api.limits import render_finite
from eventyay.api.relations import Relation

__all__ = ["DocumentRenderer", "JSONAPIRenderer", "member_name", "member_plan"]


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
        if data is not None and self.get_indent(accepted_media_type, renderer_context) is None:
            content = dumps(data)
            if content is not None:
                return content
        return render_finite(super().render, _plain(data), accepted_media_type, renderer_context)


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
_NOT_CACHED = object()


def _include_plan(fields, serializer, included_resources):
    """The relationships of this field set that `included_resources` names, with what walking each needs:
    (field, nested paths, whether it is a to-many, its attribute when a plain foreign key, serializer
    class). Worked out once per field set and include list, not once per row."""
    key = tuple(included_resources)
    plans = getattr(fields, "_include_plans", None)
    if plans is not None and key in plans:
        return plans[key]
    included_serializers = getattr(serializer, "included_serializers", None) or {}
    plan = []
    for field_name, field in fields.items():
        if not is_relationship_field(field) or field_name not in included_serializers:
            continue
        nested = [p.split(".", 1)[1] for p in included_resources if p.startswith(f"{field_name}.")]
        if field_name not in included_resources and not nested:
            continue
        many = isinstance(field, ManyRelatedField)
        direct = None
        if isinstance(field, Relation) and field._is_local_fk():
            direct = field.source  # the row's cached related object (select_related), as DJA reads it
        plan.append((field, nested, many, direct, included_serializers[field_name]))
    if not isinstance(fields, dict):
        if plans is None:
            plans = fields._include_plans = {}
        plans[key] = plan
    return plan


class _CachedIncludes(DocumentRenderer):
    @classmethod
    def extract_included(cls, fields, resource, resource_instance, included_resources, included_cache):
        if not resource_instance:
            return
        serializer = fields.serializer
        # The serializer's context, looked up once per field set (`Field.context` walks up to the root).
        context = getattr(fields, "_include_context", None)
        if context is None:
            context = serializer.context
            if not isinstance(fields, dict):
                fields._include_context = context
        instances = context.setdefault(CACHE_KEY, {})
        prefetched = resource_instance.__dict__.get("_prefetched_objects_cache") or {}
        for field, nested, many, direct, serializer_class in _include_plan(fields, serializer, included_resources):
            if many and field.source in prefetched:
                items = prefetched[field.source]  # skip building a related manager per row
            else:
                if direct is not None:
                    # The row loaded with the page (`attach_to_ones`, select_related), without the descriptor.
                    related = resource_instance._state.fields_cache.get(direct, _NOT_CACHED)
                    if related is _NOT_CACHED:
                        related = getattr(resource_instance, direct)
                else:
                    related = cls.extract_relation_instance(field, resource_instance)
                if isinstance(related, Manager):
                    related = related.all()
                if related is None:
                    continue
                items = list(related) if hasattr(related, "__iter__") else [related]
            known = instances.get(serializer_class)
            if known is None:
                child = serializer_class(context=context)
                model = getattr(getattr(child, "Meta", None), "model", None)
                known = instances[serializer_class] = (
                    child,
                    get_serializer_fields(child),
                    get_resource_type_from_serializer(child),
                    model._meta.pk.attname if model is not None else None,
                )
            child, child_fields, resource_type, pk_attname = known
            seen = included_cache[resource_type]
            for item in items:
                pk = item.__dict__.get(pk_attname) if pk_attname else None
                key = str(item.pk if pk is None else pk)
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


class JSONAPIRenderer(_CachedIncludes):
    """The renderer of every JSON:API view: `DocumentRenderer`'s document, built faster.

    DJA builds a fresh serializer for every included relationship of every row and re-serializes a
    resource each time another row names it; for a page of 100 sessions with their speakers, tracks,
    rooms and types that is most of the request's time. Here each included serializer is built once
    per response, each included resource once, and member names are formatted once per name.
    tests/events/test_sessions_rendering.py checks both renderers give the same documents.
    """

    @classmethod
    def build_json_resource_obj(cls, fields, resource, resource_instance, resource_name, serializer, *args, **kw):
        force_type_resolution = args[0] if args else kw.get("force_type_resolution", False)
        plan = None if force_type_resolution else ResourcePlan.of(fields, serializer, resource_name)
        if plan is None:
            return super().build_json_resource_obj(
                fields, resource, resource_instance, resource_name, serializer, *args, **kw
            )
        return plan.build(resource, resource_instance)

    @classmethod
    def extract_attributes(cls, fields, resource):
        attributes, _ = member_plan(fields)
        return {member: resource[name] for name, member in attributes.items() if name in resource}

    @classmethod
    def extract_relationships(cls, fields, resource, resource_instance):
        """Links always; `data` (and a to-many's `meta.count`) only when the serializer rendered the linkage,
        as `DocumentRenderer` does (the general path; `ResourcePlan` is the fast one)."""
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
