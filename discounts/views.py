"""Discount code routes (reference §3.5).

Who may do what:
- ticket codes: the owner, organizers and co-organizers of *the code's* event (and staff);
- event codes: staff only, and a co-organizer can neither see nor create one;
- looking a code up by its text is public.
"""

import json

from django.db.models import Q
from django.http import Http404, HttpResponse
from rest_framework import exceptions, status
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from discounts import serializers as s
from discounts.models import DiscountCode, EventDiscountCode
from discounts.services import codes as services
from discounts.services import export
from events.models import Event, Ticket
from events.scoping import EventScopedMixin
from events.serializers.tickets import TicketSerializer
from events.views.event import EventViewSet
from eventyay.api import permissions as perms
from eventyay.api.exceptions import Conflict
from eventyay.api.plain import PlainJSONView
from eventyay.api.renderers import JSONAPIRenderer
from eventyay.api.schema import file_operation, operation, plain_schema
from eventyay.api.schema.components import JSONAPI, MONEY, STRING, json_body, obj
from eventyay.api.viewsets import ResourceViewSet, resolve_event

CODE_MANAGERS_ONLY = "Only the event's organizers may manage its discount codes."


def require_login(user):
    if not (user and user.is_authenticated):
        raise exceptions.NotAuthenticated()


def require_staff(user):
    require_login(user)
    if not perms.is_staff(user):
        raise exceptions.PermissionDenied("Admin access is required.")


def check_code_list_parent(user, parent, event, noun):
    """Listing codes under an event or ticket takes its co-organizers; under a user, that user (or staff)."""
    require_login(user)
    if isinstance(parent, Event | Ticket):
        if not perms.has_event_role(user, event, perms.CO_ORGANIZER):
            raise exceptions.PermissionDenied(f"Only the event's organizers may list its {noun}.")
    elif parent.pk != user.pk and not perms.is_staff(user):
        raise exceptions.PermissionDenied(f"You may only list your own {noun}.")


def require_code_manager(user, code):
    """Staff for an event code; co-organizers of its event for a ticket code."""
    require_login(user)
    if code.used_for == DiscountCode.UsedFor.EVENT or code.event is None:
        require_staff(user)
    elif not perms.has_event_role(user, code.event, perms.CO_ORGANIZER):
        raise exceptions.PermissionDenied("Only the event's organizers may manage its discount codes.")


class DiscountCodeViewSet(ResourceViewSet):
    queryset = DiscountCode.objects.select_related("event")
    serializer_class = s.MixedDiscountCodeSerializer
    event_path = "event"
    parent_lookups = {"event_id": "event", "ticket_id": "tickets", "user_id": "marketer"}

    # ----------------------------------------------------------- serializers
    def kind_from_body(self):
        used_for = self.request.data.get("used_for") if isinstance(self.request.data, dict) else None
        if used_for not in s.SERIALIZER_FOR_KIND:
            raise Conflict({"used_for": ["used-for must be 'event' or 'ticket'."]})
        return used_for

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else kwargs.get("instance")
        if isinstance(instance, DiscountCode):
            serializer_class = s.SERIALIZER_FOR_KIND[instance.used_for]
        elif self.action == "create" and "data" in kwargs:
            serializer_class = s.SERIALIZER_FOR_KIND[self.kind_from_body()]
        else:
            serializer_class = self.get_serializer_class()
        kwargs.setdefault("context", self.get_serializer_context())
        return serializer_class(*args, **kwargs)

    # ----------------------------------------------------------- lists
    def list(self, request, *args, **kwargs):
        if self.parent is None:
            require_staff(request.user)
        return super().list(request, *args, **kwargs)

    def check_parent_permissions(self, parent, event):
        check_code_list_parent(self.request.user, parent, event, "discount codes")

    @property
    def parent_filter(self):
        q = super().parent_filter
        if q is None:
            return None
        kwarg, _, parent = self.parent
        if kwarg == "event_id":
            if perms.is_staff(self.request.user):
                # Admins also see the event's event code (reference §3.5).
                linked = EventDiscountCode.objects.filter(event=parent).values("discount_code_id")
                return q | Q(pk__in=linked)
            return q & Q(used_for=DiscountCode.UsedFor.TICKET)
        return q

    # ----------------------------------------------------------- objects
    def may_see_trashed(self, code):
        """Deleted ticket codes for their event's co-organizers; deleted event codes for staff only."""
        return (
            code.used_for == DiscountCode.UsedFor.TICKET
            and code.event is not None
            and perms.has_event_role(self.request.user, code.event, perms.CO_ORGANIZER)
        )

    def can_read_object(self, obj, event):
        require_code_manager(self.request.user, obj)
        return True

    def check_write_permission(self, obj, event):
        require_code_manager(self.request.user, obj)

    def check_create_permission(self, validated_data):
        user = self.request.user
        if validated_data.get("used_for") == DiscountCode.UsedFor.EVENT:
            require_staff(user)
            return
        event = validated_data.get("event")
        if event is None:
            raise exceptions.ValidationError({"event": ["A ticket discount code needs its event."]})
        if not perms.can_see_event(user, event):
            raise Http404("Event not found.")
        if not perms.has_event_role(user, event, perms.CO_ORGANIZER):
            raise exceptions.PermissionDenied("Only the event's organizers may create its discount codes.")

    def perform_destroy(self, instance, permanent=True):
        services.check_deletable(instance, permanent)
        super().perform_destroy(instance, permanent=permanent)

    # ----------------------------------------------------------- the event's event code
    def event_code(self, request, event_id):
        """`GET /v1/events/<id>/discount-code`: the event-level code (admins)."""
        require_staff(request.user)
        event = resolve_event(Event, event_id)
        code = services.event_code_of(event)
        if code is None:
            raise Http404("This event has no discount code.")
        return Response(self.get_serializer(code).data)

    def event_code_relationship(self, request, event_id):
        """`GET /v1/events/<id>/relationships/discount-code`: its linkage."""
        require_staff(request.user)
        event = resolve_event(Event, event_id)
        code = services.event_code_of(event)
        self.resource_name = False
        base = f"/v1/events/{event.pk}"
        return Response(
            {
                "data": None if code is None else {"type": "discount-code", "id": str(code.pk)},
                "links": {"self": f"{base}/relationships/discount-code", "related": f"{base}/discount-code"},
            }
        )


class PublicCodeView(ResourceViewSet):
    """`GET /v1/events/<id|identifier>/discount-codes/<code>`: anyone may check a live, valid code."""

    queryset = DiscountCode.objects.all()
    serializer_class = s.PublicDiscountCodeSerializer
    http_method_names = ["get", "head", "options"]

    def retrieve(self, request, event_id, code):
        event = resolve_event(Event, event_id)
        if not perms.can_see_event(request.user, event):
            raise Http404("Event not found.")
        found = services.find_live_code(event, code)
        return Response(self.get_serializer(found).data)


class DiscountCodeTicketsViewSet(ResourceViewSet):
    """`GET /v1/discount-codes/<id>/tickets`: the tickets a code covers (for those who manage it)."""

    queryset = Ticket.objects.select_related("event")
    serializer_class = TicketSerializer
    parent_lookups = {"discount_code_id": "discount_codes"}

    def check_parent_permissions(self, parent, event):
        require_code_manager(self.request.user, parent)


class DiscountCodeEventsViewSet(EventViewSet):
    """`GET /v1/discount-codes/<id>/events`: the events an event code is linked to (admins)."""

    parent_lookups = {"discount_code_id": "event_discount_codes"}

    def check_parent_permissions(self, parent, event):
        require_code_manager(self.request.user, parent)


@plain_schema(
    post=operation(
        json_body(
            obj(
                {
                    "count": {"type": "integer", "minimum": 1},
                    "prefix": STRING,
                    "length": {"type": "integer"},
                    "value": MONEY,
                    "type": {"type": "string", "enum": ["amount", "percent"]},
                    "tickets": {"type": "array", "items": {"type": "integer"}},
                },
                ["count", "value", "type"],
            )
        ),
        obj({"count": {"type": "integer"}, "codes": {"type": "array", "items": {"type": "object"}}}),
        status=201,
        errors=(400, 401, 403, 404, 415, 422),
        login=True,
        tag="discount-code",
    ),
)
class GenerateCodesView(EventScopedMixin, PlainJSONView, denied=CODE_MANAGERS_ONLY):
    """`POST /v1/events/<id|identifier>/discount-codes/actions/generate`: N unique ticket codes."""

    def post(self, request, event_id):
        event = self.event
        body = s.GenerateCodesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        ticket_ids = data.pop("tickets")
        tickets = services.tickets_named(ticket_ids)
        codes = services.generate_codes(
            request.user,
            event,
            data.pop("count"),
            prefix=data.pop("prefix"),
            length=data.pop("length"),
            tickets=tickets,
            **data,
        )
        return Response(
            {"count": len(codes), "codes": [{"id": c.pk, "code": c.code} for c in codes]},
            status=status.HTTP_201_CREATED,
        )


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode() if isinstance(data, str) else json.dumps(data).encode()


@plain_schema(
    get=file_operation(
        ("text/csv",),
        "CSV of the event's codes.",
        errors=(401, 403, 404),
        error_media=(JSONAPI,),
        login=True,
        tag="discount-code",
    ),
)
class ExportCodesView(EventScopedMixin, APIView, denied=CODE_MANAGERS_ONLY):
    """`GET /v1/events/<id|identifier>/discount-codes/actions/export`: CSV with use counts."""

    renderer_classes = [JSONAPIRenderer, CSVRenderer]

    def get(self, request, event_id):
        event = self.event
        text = export.export_codes_csv(event, include_event_code=perms.is_staff(request.user))
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="discount-codes-{event.identifier}.csv"'
        return response
