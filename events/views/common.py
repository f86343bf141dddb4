"""What the views of an event's parts share."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.utils.functional import cached_property

from eventyay.api import permissions as perms
from eventyay.api.relations import IncludedOnlyManyField, included_segments
from eventyay.api.viewsets import ResourceViewSet, truthy


class TrashedDetailMixin:
    """Soft-deleted rows reachable on detail routes by those who may restore them.

    The base viewset honours `get_trashed` on nested lists only; here the owner, organizers and
    co-organizers of the row's event (and staff) may also open, restore (`PATCH deleted-at: null`)
    or purge a trashed row by id. A PATCH that sends `deleted-at` asks for it implicitly.
    """

    @cached_property
    def wants_trashed(self):
        if self.parent is not None or "pk" not in self.kwargs:
            return super().wants_trashed
        asked = truthy(self.request.query_params.get("get_trashed", ""))
        if self.request.method == "PATCH" and isinstance(self.request.data, dict):
            asked = asked or "deleted_at" in self.request.data
        if not asked:
            return False
        if perms.is_staff(self.request.user):
            return True
        obj = self.trashed_candidate(self.kwargs["pk"])
        event = self.event_of(obj)
        return event is not None and perms.has_event_role(self.request.user, event, perms.CO_ORGANIZER)

    def trashed_candidate(self, ref):
        try:
            return self.model.all_objects.filter(pk=int(ref)).first()
        except (TypeError, ValueError):
            return None


class EventChildViewSet(TrashedDetailMixin, ResourceViewSet):
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
