"""Resource objects built from a precomputed plan, and JSON bytes from orjson: the fast half of the renderer.

DJA works out, for every row of every response, which fields are attributes, which are relationships,
their member names, sparse fieldsets, meta fields and links. None of that changes between the rows of
one serializer, so `ResourcePlan` decides it once per serializer (its field set lives for one response)
and `build` only copies values. Links are string templates split at the row's id.
`tests/events/test_sessions_rendering.py` checks the documents equal DJA's (`DocumentRenderer`).
"""

import functools
import operator

import orjson
from rest_framework.fields import Field
from rest_framework.relations import HyperlinkedIdentityField, ManyRelatedField
from rest_framework.settings import api_settings
from rest_framework.utils.encoders import JSONEncoder
from rest_framework_json_api.relations import HyperlinkedMixin
from rest_framework_json_api.utils import format_field_name, is_relationship_field

from eventyay.api.relations import API_PREFIX, links_from_template
from eventyay.api.representation import tuple_getter
from eventyay.memo import remember

_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_standard_default = JSONEncoder().default


def dumps(data):
    """Compact UTF-8 JSON as DRF's encoder writes it (datetimes, decimals, lazy strings go through its
    `default`; U+2028/U+2029 escaped), or None when orjson cannot encode `data` exactly (an integer
    beyond 64 bits, a non-string key): the caller then uses the standard encoder."""
    try:
        content = orjson.dumps(data, default=_standard_default, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        return None
    if b"\xe2" in content:  # one byte's search is a memchr; the two 3-byte searches cost more than encoding
        content = content.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
    return content


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


def _collection(serializer):
    meta = getattr(serializer, "Meta", None)
    if meta is None and getattr(serializer, "child", None) is not None:
        meta = getattr(serializer.child, "Meta", None)
    return getattr(meta, "collection", None)


def _meta_fields(serializer):
    target = getattr(serializer, "child", None) or serializer
    return tuple(getattr(getattr(target, "Meta", None), "meta_fields", ()) or ())


#: Plans by serializer class, resource type and fields (`_plan_key`), shared by the responses of a process.
_PLANS = {}
MAX_PLANS = 1024


def _plan_key(fields, serializer, resource_name):
    """Everything a plan reads: the fields' names, classes (a to-many's child's too) and write-only flags,
    the serializer class (its collection, its fields' link templates), the resource type. Fields copied
    from the class's prototypes (`ResourceSerializer.get_fields`) are named by those."""
    target = getattr(serializer, "child", None) or serializer
    prototypes = target.__dict__.get("_field_prototypes")
    if prototypes is not None and getattr(fields, "serializer", None) is target:
        return (type(target), resource_name, prototypes)
    described = tuple(
        (name, field.__class__, getattr(field, "child_relation", None).__class__, field.write_only)
        for name, field in fields.items()
    )
    return (type(target), resource_name, described)


#: Row shapes (key tuples) remembered per plan; rows of one serializer have one or two shapes.
_MAX_SHAPES = 32


class ResourcePlan:
    """How the rows of one serializer become resource objects (see the module docstring)."""

    __slots__ = ("type", "attributes", "relationships", "self_prefix", "_shapes")

    def __init__(self, fields, serializer, resource_name):
        attributes, relationships = member_plan(fields)
        self.type = resource_name
        self.attributes = tuple(attributes.items())
        self.relationships = tuple(
            _relationship_plan(index, name, member, many, link_field)
            for index, (name, member, many, link_field) in enumerate(relationships)
        )
        collection = _collection(serializer)
        self.self_prefix = f"{API_PREFIX}/{collection}/" if collection else None
        self._shapes = {}

    @classmethod
    def of(cls, fields, serializer, resource_name):
        """The plan for this field set, or None where DJA's general path must run (sparse fieldsets,
        meta fields, hyperlinked `url` fields)."""
        cache = getattr(fields, "_resource_plans", None)
        if cache is None:
            if isinstance(fields, dict):
                return None  # a filtered copy: nowhere to keep a plan
            cache = fields._resource_plans = {}
        if resource_name in cache:
            return cache[resource_name]
        plan = None
        if _plannable(fields, serializer, resource_name):
            key = _plan_key(fields, serializer, resource_name)
            plan = _PLANS.get(key)
            if plan is None:
                plan = cls(fields, serializer, resource_name)
                if not any(isinstance(relationship[5], Field) for relationship in plan.relationships):
                    remember(_PLANS, key, plan, MAX_PLANS)  # no field of this response's serializer in it
        cache[resource_name] = plan
        return plan

    def build(self, resource, instance):
        if "id" in resource:
            rid = resource["id"]
            rid = None if rid is None else str(rid)
        else:
            pk = getattr(instance, "pk", None) if instance else None
            rid = None if pk is None else str(pk)
        obj = {"type": self.type, "id": rid}
        # Which attributes and linkage a row has depends on its keys only (a private field left out, a
        # relationship not included): the copying for each set of keys is worked out once.
        keys = tuple(resource)
        shape = self._shapes.get(keys)
        if shape is None:
            shape = self._shape(keys)
        members, pick, steps = shape
        if members:
            obj["attributes"] = dict(zip(members, pick(resource), strict=True))
        if instance is not None and self.relationships:
            obj["relationships"] = self._relationships(resource, instance, steps)
        if self.self_prefix and rid is not None:
            obj["links"] = {"self": self.self_prefix + rid}
        return obj

    def _shape(self, keys):
        present = frozenset(keys)
        names = [name for name, _ in self.attributes if name in present]
        members = tuple(member for name, member in self.attributes if name in present)
        shape = (members, tuple_getter(operator.itemgetter, names), _relationship_steps(self.relationships, present))
        return remember(self._shapes, keys, shape, _MAX_SHAPES)

    def _relationships(self, resource, instance, steps):
        """Links always; `data` (and a to-many's `meta.count`) only when the serializer rendered the linkage.

        Written as JSON at once (an `orjson.Fragment` in the document): a page has thousands of
        relationship members that differ from row to row only by their id and linkage, so the bytes
        between two linkages are one template joined with the row's id (`_relationship_steps`)."""
        if steps is None:
            return self._relationships_dict(resource, instance)  # links built per row: DJA's way
        pk = getattr(instance, "pk", None)
        pk = str(pk).encode() if pk.__class__ is int else orjson.dumps(str(pk))[1:-1]
        parts = []
        append = parts.append
        try:
            for name, many, pieces in steps:
                if name is not None:
                    value = resource[name]
                    if value is None:
                        append(b'"data":null')
                    else:
                        if many and value.__class__ is list:
                            append(b'"meta":{"count":%d},' % len(value))
                        append(b'"data":' + orjson.dumps(value, option=_ORJSON_OPTIONS))
                append(pk.join(pieces))
        except orjson.JSONEncodeError:
            return self._relationships_dict(resource, instance)  # a value only DRF's encoder writes
        return orjson.Fragment(b"".join(parts))

    def _relationships_dict(self, resource, instance):
        relationships = {}
        for name, member, many, _, _, link_source in self.relationships:
            entry = {}
            if name in resource:
                value = resource[name]
                if many and isinstance(value, list):
                    entry["meta"] = {"count": len(value)}
                entry["data"] = value
            if isinstance(link_source, tuple):
                entry["links"] = links_from_template(link_source, instance.pk)
            elif link_source is not None:
                links = link_source.get_links(instance, link_source.related_link_lookup_field)
                if links:
                    entry["links"] = links
            relationships[member] = entry
        return relationships


def _relationship_steps(relationships, present):
    """The relationships object of a row with keys `present` as steps (linkage name or None, many, the byte
    pieces that follow it, to join with the row's id); None when a relationship builds its links per row."""
    steps, name, many, pieces = [], None, False, [b"{"]

    def add(piece, new_id=False):
        if new_id:
            pieces.append(piece)
        else:
            pieces[-1] += piece

    for field_name, _, field_many, opening, links, link_source in relationships:
        if links is None and link_source is not None:
            return None
        add(opening)
        if field_name in present:
            steps.append((name, many, tuple(pieces)))
            name, many, pieces = field_name, field_many, [b""]
            if links is not None:
                add(b",")
        if links is not None:
            add(links[0])
            for piece in links[1:]:
                add(piece, new_id=True)
        add(b"}")
    add(b"}")
    steps.append((name, many, tuple(pieces)))
    return tuple(steps)


def _json_piece(text):
    """`text` as it appears inside a JSON string (escaped, without the quotes)."""
    return orjson.dumps(text)[1:-1]


def _relationship_plan(index, name, member, many, link_field):
    """(name, member, many, the member's opening bytes, its `links` as byte pieces to join with the row id (None:
    no fixed template), its link source: the fixed template, or the link field that builds links per row)."""
    opening = (b"," if index else b"") + b'"' + _json_piece(member) + b'":{'
    template = getattr(link_field, "link_template", None)
    template = template() if template is not None else None
    if template is None:
        return name, member, many, opening, None, link_field
    # The fixed template's links are joined from `pieces`; the template stays for the fallback dict.
    members = []
    for key, parts in template:
        members.append([b'"' + _json_piece(key) + b'":"' + _json_piece(parts[0]), *map(_json_piece, parts[1:])])
        members[-1][-1] += b'"'
    pieces = [b'"links":{']
    for position, member_pieces in enumerate(members):
        if position:
            pieces[-1] += b","
        pieces[-1] += member_pieces[0]
        pieces.extend(member_pieces[1:])
    pieces[-1] += b"}"
    return name, member, many, opening, tuple(pieces), tuple(template)


def _plain(data):
    """The document with its written fragments read back, for DRF's encoder (the rare fallback of `dumps`)."""
    if isinstance(data, orjson.Fragment):
        return orjson.loads(orjson.dumps(data))
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    return data


def _plannable(fields, serializer, resource_name):
    if _meta_fields(serializer):
        return False
    url = fields.get(api_settings.URL_FIELD_NAME)
    if isinstance(url, HyperlinkedIdentityField):
        return False
    request = getattr(serializer, "context", {}).get("request")
    return request is None or f"fields[{resource_name}]" not in request.query_params
