"""Plain-JSON answers of the public schedule: `sessions/dates` and `has-streams` (draft rule: 404)."""

from rest_framework.response import Response

from events import schedule
from events.scoping import PUBLIC, EventScopedMixin
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import operation, plain_schema
from eventyay.api.schema.components import JSON


def described(summary, body, tag):
    """The OpenAPI operation of a plain-JSON GET of one event (200 with `body`, or 404)."""
    ok = {200: {"description": "", "content": {JSON: {"schema": body}}}}
    return plain_schema(get=operation(errors=(404,), summary=summary, tag=tag, responses=ok))


class EventScopedJSONView(EventScopedMixin, PlainJSONView, roles=PUBLIC):
    """A plain-JSON read of one event, which exists only for those who may see the event."""


@described(
    "The days (event time zone) on which accepted or confirmed sessions start.",
    {"type": "array", "items": {"type": "string", "format": "date"}},
    "session",
)
class SessionDatesView(EventScopedJSONView):
    """`GET /v1/events/<id|identifier>/sessions/dates`: `["2016-03-18", ...]`."""

    def get(self, request, event_id):
        return Response(schedule.session_dates(self.event))


@described(
    "Whether the event has video streams the caller may watch (eventyay runs none).",
    {
        "type": "object",
        "properties": {"exists": {"type": "boolean"}, "can_access": {"type": "boolean"}},
        "required": ["exists", "can_access"],
    },
    "event",
)
class HasStreamsView(EventScopedJSONView):
    """`GET /v1/events/<id|identifier>/has-streams`: `{"exists": false, "can_access": false}`."""

    def get(self, request, event_id):
        return Response(schedule.stream_access(self.event, request.user))
