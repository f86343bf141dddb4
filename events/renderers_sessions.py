"""JSON:API renderers that give the same document as `eventyay.api.renderers.JSONAPIRenderer`, faster.

DJA builds a fresh serializer (and its whole field set) for every included relationship of every
row, and again for every included item just to read its fields; it also re-serializes a speaker
each time another session names it. For a page of 100 sessions with their speakers, tracks, rooms
and types that is several hundred serializer constructions per request: most of the time of the
request. This renderer keeps the document identical but builds each included serializer once per
response and each included resource once, and formats member names once per name.
"""

import functools

from django.db.models import Manager
from rest_framework.relations import ManyRelatedField
from rest_framework_json_api.relations import HyperlinkedMixin
from rest_framework_json_api.utils import (
    format_field_name,
    get_resource_type_from_serializer,
    get_serializer_fields,
    is_relationship_field,
)

from eventyay.api.renderers import JSONAPIRenderer

CACHE_KEY = "_included_serializer_instances"


class CachedIncludeRenderer(JSONAPIRenderer):
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


class FastResourceRenderer(CachedIncludeRenderer):
    """Same document, with the per-row work of DJA's attribute and relationship extraction cut down."""

    @classmethod
    def extract_attributes(cls, fields, resource):
        attributes, _ = member_plan(fields)
        return {member: resource[name] for name, member in attributes.items() if name in resource}

    @classmethod
    def extract_relationships(cls, fields, resource, resource_instance):
        """Links always; `data` (and a to-many's `meta.count`) only when the serializer rendered the linkage,
        as `eventyay.api.renderers.JSONAPIRenderer` does."""
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
