"""What the views of an event's parts share."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch

from eventyay.api.relations import IncludedOnlyManyField, included_segments
from eventyay.api.viewsets import ResourceViewSet


class EventChildViewSet(ResourceViewSet):
    """A resource that belongs to one event, listed under `/v1/events/<id|identifier>/<collection>`."""

    parent_lookups = {"event_id": "event"}
    #: include name → fn(view) giving the `Prefetch` that shows only rows the caller may see.
    restricted_includes = {}

    def preload_includes(self, queryset):
        from events.views.event import NESTED_ROWS

        return prefetch_restricted(self, queryset, self.restricted_includes, NESTED_ROWS)


def prefetch_restricted(view, queryset, restricted, nested=None):
    """`include` preloading, with the caller's own `Prefetch` for the relations in `restricted`.

    A to-many relationship shows its linkage wherever its name appears in `include` (`relations.py`),
    also on included resources: `?include=microlocations,sessions` lists each room's sessions. Those
    second-level relations are prefetched here too (`nested`: name → fn(view) giving the visible rows),
    so such a request costs one query per relation, not one per row.
    """
    segments = included_segments(view.request)
    raw = view.request.query_params.get("include", "") if view.request else ""
    firsts = list(dict.fromkeys(p.strip().replace("-", "_").split(".")[0] for p in raw.split(",") if p.strip()))
    lookups = [restricted[first](view) for first in firsts if first in restricted]
    included = getattr(view.get_serializer_class(), "included_serializers", None) or {}
    for first in firsts:
        child = included.get(first) if first in included else None
        if child is None or not _is_model_relation(view.model, first):
            continue
        for name, field in child().fields.items():
            if isinstance(field, IncludedOnlyManyField) and name in segments:
                rows = (nested or {}).get(field.source)
                path = f"{first}__{field.source}"
                lookups.append(Prefetch(path, queryset=rows(view)) if rows else path)
    return ResourceViewSet.preload_includes(view, queryset.prefetch_related(*lookups))


def _is_model_relation(model, name):
    try:
        return model._meta.get_field(name).is_relation
    except FieldDoesNotExist:
        return False
