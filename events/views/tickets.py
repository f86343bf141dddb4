"""Tickets (reference §3.4): hidden tickets only for owner/organizers and admins."""

from rest_framework.response import Response

from events.domain import tickets
from events.models import Ticket
from events.scoping import PUBLIC, EventScopedMixin
from events.serializers.tickets import TicketSerializer
from events.views.common import EventChildViewSet
from eventyay.api import permissions as perms
from eventyay.api.plain import FixedJSONView
from eventyay.api.schema import operation, plain_schema
from eventyay.api.schema.components import STRING, obj


class TicketViewSet(EventChildViewSet):
    queryset = Ticket.objects.all()
    serializer_class = TicketSerializer

    def restrict_queryset(self, queryset):
        user = self.request.user
        if perms.is_staff(user):
            return queryset
        parent_event = self.parent_event
        if parent_event is not None and perms.has_event_role(user, parent_event, perms.ORGANIZER):
            return queryset
        return tickets.tickets_visible_to(user, queryset)


@plain_schema(
    get=operation(
        None,
        {
            "type": "array",
            "items": obj(
                {
                    "id": {"type": "integer"},
                    "name": STRING,
                    "quantity": {"type": "integer", "nullable": True},
                    "available": {"type": "integer", "nullable": True},
                }
            ),
        },
        errors=(404,),
        tag="ticket",
    ),
)
class TicketAvailabilityView(EventScopedMixin, FixedJSONView, roles=PUBLIC):
    """`GET /v1/events/<id|identifier>/tickets/availability`: plain JSON, the tickets the caller may see."""

    def get(self, request, event_id):
        return Response(tickets.ticket_availability(request.user, self.event))
