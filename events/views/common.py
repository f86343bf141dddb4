"""What the views of an event's parts share."""

from eventyay.api.viewsets import ResourceViewSet


class EventChildViewSet(ResourceViewSet):
    """A resource that belongs to one event, listed under `/v1/events/<id|identifier>/<collection>`."""

    parent_lookups = {"event_id": "event"}
