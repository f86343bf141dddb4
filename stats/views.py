"""Statistics as single JSON:API resources (no model behind them): the event's for its co-organizers, the
server's for admins."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from events.models import Event
from eventyay.api import permissions as perms
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import PlainOperation
from eventyay.api.viewsets import resolve_event
from stats import services

JSONAPI = {"version": "1.0"}


def document(type_, id_, attributes, self_link, relationships=None):
    data = {
        "type": type_,
        "id": str(id_),
        "attributes": {name.replace("_", "-"): value for name, value in attributes.items()},
        "links": {"self": self_link},
    }
    if relationships:
        data["relationships"] = relationships
    return {"data": data, "links": {"self": self_link}, "jsonapi": JSONAPI}


def described(summary, type_, names, errors=(401, 403)):
    attributes = {name.replace("_", "-"): {"type": "integer"} for name in names}
    schema = {
        "type": "object",
        "properties": {
            "data": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": [type_]},
                    "id": {"type": "string"},
                    "attributes": {"type": "object", "properties": attributes},
                },
            }
        },
    }
    spec = {
        "get": {
            "summary": summary,
            "tag": "statistics",
            "responses": {200: {"description": "", "content": {"application/vnd.api+json": {"schema": schema}}}},
            "errors": errors,
            "login": True,
        }
    }
    return type("Described", (PlainOperation,), {"spec": spec})()


def require_staff(user):
    if not (user and user.is_authenticated):
        raise exceptions.NotAuthenticated()
    if not perms.is_staff(user):
        raise exceptions.PermissionDenied("Admin access is required.")


class EventGeneralStatisticsView(PlainJSONView):
    """`GET /v1/events/<id>/general-statistics` (type `event-statistics-general`): co-organizers and admins."""

    schema = described(
        "Sessions per state, speakers and sponsors of the event.",
        "event-statistics-general",
        ["sessions", "speakers", "sponsors", "speaker_without_session"],
        errors=(401, 403, 404),
    )

    def get(self, request, event_id):
        event = resolve_event(Event, event_id)
        if not perms.can_see_event(request.user, event):
            raise Http404("Event not found.")
        if not perms.has_event_role(request.user, event, perms.CO_ORGANIZER):
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied("Only co-organizers may see the event's statistics.")
        event_link = f"/v1/events/{event.pk}"
        relationships = {
            "event": {
                "data": {"type": "event", "id": str(event.pk)},
                "links": {"related": event_link},
            }
        }
        return Response(
            document(
                "event-statistics-general",
                event.pk,
                services.event_general(event),
                f"{event_link}/general-statistics",
                relationships,
            ),
            content_type=JSONAPI_MEDIA,
        )


#: These views write whole JSON:API documents themselves, and say so in their content type.
JSONAPI_MEDIA = "application/vnd.api+json"

#: `/v1/admin/statistics/<name>` → (type, counting function).
ADMIN_STATISTICS = {
    "events": ("admin-statistics-event", services.admin_events, ["draft", "published", "past"]),
    "users": ("admin-statistics-user", services.admin_users, ["super_admin", "admin", "verified", "unverified"]),
    "sessions": ("admin-statistics-session", services.admin_sessions, ["accepted", "confirmed", "submitted"]),
    "mails": ("admin-statistics-mail", services.admin_mails, ["one_day", "three_days", "seven_days", "thirty_days"]),
    "groups": ("admin-statistics-group", services.admin_groups, ["groups", "group_events", "followers"]),
}


def admin_view(name):
    type_, count, names = ADMIN_STATISTICS[name]

    class AdminStatisticsView(PlainJSONView):
        schema = described(f"Server-wide counts: {name}.", type_, names)

        def get(self, request):
            require_staff(request.user)
            return Response(document(type_, 1, count(), f"/v1/admin/statistics/{name}"), content_type=JSONAPI_MEDIA)

    AdminStatisticsView.__name__ = f"AdminStatistics{name.title()}View"
    AdminStatisticsView.__qualname__ = AdminStatisticsView.__name__
    return AdminStatisticsView


class EventsPerCatalogueView(PlainJSONView):
    """`GET /v1/admin/statistics/event-types` and `/event-topics`: plain `[{id, name, count}]`, for admins."""

    counts = None
    schema = type(
        "Described",
        (PlainOperation,),
        {
            "spec": {
                "get": {
                    "summary": "Live events per event type or topic.",
                    "tag": "statistics",
                    "responses": {
                        200: {
                            "description": "",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "id": {"type": "integer"},
                                                "name": {"type": "string"},
                                                "count": {"type": "integer"},
                                            },
                                        },
                                    }
                                }
                            },
                        }
                    },
                    "errors": (401, 403),
                    "login": True,
                }
            }
        },
    )()

    def get(self, request):
        require_staff(request.user)
        return Response(self.counts())
