"""Orders and attendees (issue 17): the buyer, the event's team (registrars read and check in) and staff.

Lists: `/v1/orders` (staff), `/v1/events/<id>/orders` and `/attendees` (the event's team),
`/v1/users/<id>/orders` and `/attendees` (that user or staff), `/v1/orders/<identifier>/attendees` (the buyer
and team), `/v1/tickets/<id>/orders` and `/attendees` (team). Writes go through `payments.domain.changes`.
"""

from django.db.models import Q
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from events.models import Event, Ticket
from eventyay.api import permissions as perms
from eventyay.api.renderers import JSONAPIRenderer
from eventyay.api.schema import operation, plain_schema
from eventyay.api.viewsets import ResourceViewSet, resolve_event
from eventyay.ids import as_id
from payments.domain import changes, lifecycle, statistics
from payments.models import Attendee, Order
from payments.serializers.orders import AttendeeSerializer, OrderSerializer


def require_login(user):
    if not (user and user.is_authenticated):
        raise exceptions.NotAuthenticated()


class SaleViewSet(ResourceViewSet):
    """What orders and attendees share: no POST here, no DELETE (cancel instead), team-only event lists."""

    http_method_names = ["get", "patch", "head", "options"]

    def list(self, request, *args, **kwargs):
        require_login(request.user)
        if self.parent is None and not perms.is_staff(request.user):
            raise exceptions.PermissionDenied("Admin access is required.")
        if self.parent_event is not None:
            lifecycle.expire_due(event=self.parent_event)  # embedded mode: lapsed orders show as expired
        return super().list(request, *args, **kwargs)

    def check_parent_permissions(self, parent, event):
        user = self.request.user
        require_login(user)
        if isinstance(parent, Order):
            if not changes.may_read_order(user, parent):
                raise exceptions.PermissionDenied("Only the buyer and the event's team may see this order.")
        elif isinstance(parent, Event | Ticket):
            if not perms.has_event_role(user, event, changes.CHECK_IN_ROLES):
                raise exceptions.PermissionDenied("Only the event's organizers and registrars may list its sales.")
        elif parent.pk != user.pk and not perms.is_staff(user):
            raise exceptions.PermissionDenied("You may only list your own orders.")

    def check_write_permission(self, obj, event):
        require_login(self.request.user)  # the rules of who may change what are in the domain layer


class OrderViewSet(SaleViewSet):
    queryset = Order.objects.select_related("event")
    serializer_class = OrderSerializer
    parent_lookups = {"event_id": "event", "user_id": "user", "ticket_id": "tickets"}

    def lookup_object(self, queryset, lookup):
        pk = as_id(lookup)
        found = queryset.filter(Q(identifier=lookup) | Q(pk=pk) if pk is not None else Q(identifier=lookup))
        order = found.first()
        if order is None:
            raise Http404(f"Order '{lookup}' not found.")
        return order

    def can_read_object(self, obj, event):
        require_login(self.request.user)
        if not changes.may_read_order(self.request.user, obj):
            raise exceptions.PermissionDenied("Only the buyer and the event's team may see this order.")
        if lifecycle.is_lapsed(obj):
            lifecycle.expire_due(event=obj.event)
            obj.refresh_from_db()
        return True

    def perform_update(self, serializer):
        serializer.instance = changes.update_order(self.request.user, serializer.instance, serializer.validated_data)


class AttendeeViewSet(SaleViewSet):
    queryset = Attendee.objects.select_related("event", "order")
    serializer_class = AttendeeSerializer
    parent_lookups = {"order_id": "order", "event_id": "event", "ticket_id": "ticket", "user_id": "user"}

    def _load_parent(self, path, ref):
        if path != "order":
            return super()._load_parent(path, ref)
        pk = as_id(ref)
        query = Q(identifier=ref) | Q(pk=pk) if pk is not None else Q(identifier=ref)
        order = Order.objects.select_related("event").filter(query).first()
        if order is None or not perms.can_see_event(self.request.user, order.event):
            raise Http404(f"Order '{ref}' not found.")
        self.check_parent_permissions(order, order.event)
        return order

    def can_read_object(self, obj, event):
        require_login(self.request.user)
        if not changes.may_read_order(self.request.user, obj.order):
            raise exceptions.PermissionDenied("Only the buyer and the event's team may see this attendee.")
        return True

    def perform_update(self, serializer):
        serializer.instance = changes.update_attendee(self.request.user, serializer.instance, serializer.validated_data)


@plain_schema(
    get=operation(
        None, {"type": "object"}, errors=(401, 403, 404), login=True, tag="orders", summary="Order statistics"
    )
)
class OrderStatisticsView(APIView):
    """`GET /v1/events/<id>/order-statistics`, `/v1/tickets/<id>/order-statistics`: the event's team."""

    renderer_classes = [JSONAPIRenderer]
    resource_name = False

    def get(self, request, event_id=None, ticket_id=None):
        require_login(request.user)
        ticket = None
        if ticket_id is not None:
            ticket = Ticket.objects.select_related("event").filter(pk=as_id(ticket_id)).first()
            if ticket is None:
                raise Http404("Ticket not found.")
            event = ticket.event
        else:
            event = resolve_event(Event, event_id)
        if not perms.can_see_event(request.user, event):
            raise Http404("Event not found.")
        if not perms.has_event_role(request.user, event, perms.CO_ORGANIZER):
            raise exceptions.PermissionDenied("Only the event's organizers may see its sales.")
        lifecycle.expire_due(event=event)
        attributes = statistics.order_statistics(event=None if ticket else event, ticket=ticket)
        if ticket is None:
            kind, pk, path = "order-statistics-event", event.pk, f"/v1/events/{event.pk}/order-statistics"
            attributes = {"identifier": event.identifier, **attributes}
        else:
            kind, pk, path = "order-statistics-ticket", ticket.pk, f"/v1/tickets/{ticket.pk}/order-statistics"
        return Response(
            {
                "data": {"type": kind, "id": str(pk), "attributes": attributes, "links": {"self": path}},
                "links": {"self": path},
                "jsonapi": {"version": "1.0"},
            }
        )
