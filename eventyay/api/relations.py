"""Relationship fields with Open Event's links and cheap linkage.

Every relationship carries `links.self` / `links.related` as relative paths
(`/v1/<collection>/<id>/relationships/<name>`). A to-one foreign key also carries
its `data` linkage, read from the `<name>_id` column (no query). A to-many
relationship, or a to-one that is not a local foreign key, carries `data` only
when the request names it in `include`, so lists cost a fixed number of queries.
"""

import functools

from django.db import models
from rest_framework.exceptions import ParseError
from rest_framework.fields import SkipField
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField
from rest_framework_json_api.relations import ResourceRelatedField
from rest_framework_json_api.utils import format_link_segment, get_resource_type_from_model

API_PREFIX = "/v1"


#: Limits on `?include=`: enough for any client's page, not enough to make one request do unbounded work.
MAX_INCLUDE_PATHS = 30
MAX_INCLUDE_DEPTH = 5


def include_paths(request):
    """`?include=a.b,c` → (("a", "b"), ("c",)), names underscored; 400 past the limits above."""
    if request is None or not hasattr(request, "query_params"):
        return ()
    cached = getattr(request, "_include_paths", None)
    if cached is None:
        raw = request.query_params.get("include", "")
        paths = dict.fromkeys(
            tuple(part.replace("-", "_") for part in path.strip().split(".") if part)
            for path in raw.split(",")
            if path.strip()
        )
        if len(paths) > MAX_INCLUDE_PATHS or any(len(path) > MAX_INCLUDE_DEPTH for path in paths):
            raise ParseError(
                {
                    "detail": f"include takes at most {MAX_INCLUDE_PATHS} paths of at most "
                    f"{MAX_INCLUDE_DEPTH} relationships each.",
                    "source": {"parameter": "include"},
                }
            )
        cached = request._include_paths = tuple(paths)
    return cached


def included_segments(request):
    """All relationship names that appear anywhere in `?include=` (underscored)."""
    if request is None:
        return frozenset()
    cached = getattr(request, "_included_segments", None)
    if cached is None:
        cached = request._included_segments = frozenset(part for path in include_paths(request) for part in path)
    return cached


def links_from_template(template, pk):
    """`{"self": ..., "related": ...}` of the row `pk` from a link template (`Relation.link_template`)."""
    pk = str(pk)
    return {key: pk.join(parts) for key, parts in template}


@functools.lru_cache(maxsize=4096)
def _link_segment(field_name):
    """`speaker_invites` → `speaker-invites`, once per name (inflection's regexes, per relationship per response)."""
    return format_link_segment(field_name)


def collection_of(serializer):
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "collection", None)


_UNKNOWN = object()
_included_types = {}


class _IdPlaceholder:
    """Stands in for a row when a relationship's links are first built; its `pk` marks where ids go."""

    pk = "\x00id\x00"


class Relation(ResourceRelatedField):
    """A JSON:API relationship; see the module docstring.

    The type, whether it is a local foreign key and the link template are worked out once per field
    instance (a serializer's fields live for one response), not once per row: lists render fast.
    """

    def __init__(self, **kwargs):
        self.related_model = kwargs.pop("related_model", None)
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return IncludedOnlyManyField(**list_kwargs)

    # --- linkage ---------------------------------------------------------
    def _model(self):
        if self.related_model is not None:
            return self.related_model
        if self.queryset is not None:
            return self.queryset.model
        return None

    def resource_type(self):
        if "_type" not in self.__dict__:
            self._type = self._resource_type()
        return self._type

    def _resource_type(self):
        # The included serializers are the parent class's: look each (class, name) up once per process, not
        # once per response (DJA tries singular and plural names through inflection's regexes).
        parent = self.get_parent_serializer()
        included = getattr(parent, "included_serializers", None) or {}
        key = (type(parent), self.field_name or self.parent.field_name, tuple(included))
        included_type = _included_types.get(key, _UNKNOWN)
        if included_type is _UNKNOWN:
            included_type = _included_types[key] = self.get_resource_type_from_included_serializer()
        if included_type:
            return included_type
        model = self._model()
        return get_resource_type_from_model(model) if model is not None else None

    def _is_local_fk(self):
        if "_local_fk" not in self.__dict__:
            self._local_fk = self._compute_is_local_fk()
        return self._local_fk

    def _compute_is_local_fk(self):
        parent = self.get_parent_serializer()
        model = getattr(getattr(parent, "Meta", None), "model", None)
        if model is None or self.source in (None, "*") or "." in self.source:
            return False
        try:
            field = model._meta.get_field(self.source)
        except Exception:
            return False
        return isinstance(field, models.ForeignKey | models.OneToOneField) and field.concrete

    def use_pk_only_optimization(self):
        return self._is_local_fk()

    def get_attribute(self, instance):
        if not self._is_local_fk() and self.field_name not in included_segments(self.context.get("request")):
            raise SkipField
        return super().get_attribute(instance)

    def skips_unless_included(self):
        """Whether `get_attribute` skips this field whenever it is neither a local foreign key nor included, so
        that the representation plan may leave it out without calling it (`representation_plan`). A
        subclass with its own `get_attribute` is asked to say so itself (its own `skips_unless_included`)."""
        return type(self).get_attribute is Relation.get_attribute

    def to_representation(self, value):
        return {"type": self.resource_type(), "id": str(value.pk)}

    def visible_target(self, instance):
        """The related object as the relationship routes (`relationships/<name>`, `/<name>`) show it to the
        caller of this serializer's request, or None. A relationship with its own visibility rule (the
        event's Stripe authorization) overrides it, so no route shows more than the resource's linkage."""
        return getattr(instance, self.source, None)

    # --- links -----------------------------------------------------------
    def get_links(self, obj=None, lookup_field="pk"):
        if obj is None:
            return {}
        return links_from_template(self._template(), obj.pk)

    def _template(self):
        template = self.__dict__.get("_links")
        if template is None:
            # Relative links differ only by the row's id: work out the rest once.
            sample = self._build_links(_IdPlaceholder)
            template = self._links = tuple((key, value.split(_IdPlaceholder.pk)) for key, value in sample.items())
        return template

    def link_template(self):
        """((member, parts split at the row id), ...) for renderers that join ids themselves; None when a
        subclass builds its links another way, or there are none."""
        if type(self).get_links is not Relation.get_links:
            return None
        return self._template() or None

    def _build_links(self, obj):
        serializer = self.get_parent_serializer()
        collection = collection_of(serializer)
        if not collection or obj is None:
            return {}
        name = _link_segment(self.field_name or self.parent.field_name)
        base = f"{API_PREFIX}/{collection}/{obj.pk}"
        return {"self": f"{base}/relationships/{name}", "related": f"{base}/{name}"}


class IncludedOnlyManyField(ManyRelatedField):
    def get_attribute(self, instance):
        if self.field_name not in included_segments(self.context.get("request")):
            raise SkipField
        prefetched = instance.__dict__.get("_prefetched_objects_cache")
        if prefetched and self.source in prefetched:
            return prefetched[self.source]  # the rows themselves: no related manager built per row
        rows = super().get_attribute(instance)
        if isinstance(rows, models.QuerySet):
            # Not preloaded (a view that loads its object itself): the same rows the planner would load.
            from eventyay.api.includes import included_rows

            visible = included_rows(rows.model, getattr(self.context.get("request"), "user", None))
            rows = rows.filter(pk__in=visible.values("pk"))
        return rows
