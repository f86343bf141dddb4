"""What the views of an event's parts share."""

from django.utils.functional import cached_property

from eventyay.api import permissions as perms
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
        return prefetch_restricted(self, queryset, self.restricted_includes)


def prefetch_restricted(view, queryset, restricted):
    """`include` preloading, with the caller's own `Prefetch` for the relations in `restricted`."""
    raw = view.request.query_params.get("include", "") if view.request else ""
    paths = [p.strip().replace("-", "_") for p in raw.split(",") if p.strip()]
    done = set()
    for path in paths:
        first = path.split(".")[0]
        if first in restricted and first not in done:
            done.add(first)
            queryset = queryset.prefetch_related(restricted[first](view))
    return ResourceViewSet.preload_includes(view, queryset)
