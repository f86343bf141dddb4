"""Access code routes (reference §3.6): the event's co-organizers manage them; anyone may look one up by code.

The original's DELETE was unchecked (§9.1); here every write needs a co-organizer of the code's event.
"""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from discounts.access_serializers import AccessCodeSerializer, PublicAccessCodeSerializer
from discounts.models import AccessCode
from discounts.services import access
from discounts.views import check_code_list_parent, require_login
from events.models import Event
from eventyay.api import permissions as perms
from eventyay.api.viewsets import ResourceViewSet, resolve_event


class AccessCodeViewSet(ResourceViewSet):
    queryset = AccessCode.objects.select_related("event")
    serializer_class = AccessCodeSerializer
    parent_lookups = {"event_id": "event", "ticket_id": "tickets", "user_id": "marketer"}

    def list(self, request, *args, **kwargs):
        require_login(request.user)
        if self.parent is None and not perms.is_staff(request.user):
            raise exceptions.PermissionDenied("Admin access is required.")
        return super().list(request, *args, **kwargs)

    def check_parent_permissions(self, parent, event):
        check_code_list_parent(self.request.user, parent, event, "access codes")

    def can_read_object(self, obj, event):
        require_login(self.request.user)
        if not perms.has_event_role(self.request.user, event, perms.CO_ORGANIZER):
            raise exceptions.PermissionDenied("Only the event's organizers may see its access codes.")
        return True


class PublicAccessCodeView(ResourceViewSet):
    """`GET /v1/events/<id|identifier>/access-codes/<code>`: a live, valid code, for anyone who has it."""

    queryset = AccessCode.objects.all()
    serializer_class = PublicAccessCodeSerializer
    http_method_names = ["get", "head", "options"]

    def retrieve(self, request, event_id, code):
        event = resolve_event(Event, event_id)
        if not perms.can_see_event(request.user, event):
            raise Http404("Event not found.")
        return Response(self.get_serializer(access.find_live_code(event, code)).data)
