"""Stripe authorizations: POST-only collection, detail by id, an event's own at /events/<id>/stripe-authorization."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from eventyay.api import permissions as perms
from eventyay.api.viewsets import ResourceViewSet
from payments import services
from payments.models import StripeAuthorization
from payments.serializers import StripeAuthorizationSerializer


class StripeAuthorizationViewSet(ResourceViewSet):
    """Owners and organizers link, read, relink and unlink; admins read and unlink."""

    queryset = StripeAuthorization.objects.select_related("event")
    serializer_class = StripeAuthorizationSerializer
    permission_classes = (perms.IsAuthenticated,)
    write_roles = perms.ORGANIZER
    parent_lookups = {"event_id": "event"}

    def get_object(self):
        if "pk" not in self.kwargs:
            # /events/<id|identifier>/stripe-authorization: the parent lookup resolved and filtered by the event.
            pk = self.get_queryset().values_list("pk", flat=True).first()
            if pk is None:
                raise Http404("This event has no Stripe authorization.")
            self.kwargs["pk"] = str(pk)
        return super().get_object()

    def retrieve(self, request, *args, **kwargs):
        if "pk" not in self.kwargs and not self.get_queryset().exists():
            # An event not linked to Stripe: an empty to-one (200, null) for those who may see the link.
            self.can_read_object(None, self.parent_event)
            self.resource_name = False
            return Response({"data": None})
        return super().retrieve(request, *args, **kwargs)

    def can_read_object(self, obj, event):
        if not services.may_view_or_unlink(self.request.user, event):
            raise exceptions.PermissionDenied("Only the event's owner and organizers may see its Stripe authorization.")
        return True

    def check_write_permission(self, obj, event):
        allowed = (
            services.may_view_or_unlink(self.request.user, event)
            if self.request.method == "DELETE"
            else services.may_manage(self.request.user, event)
        )
        if not allowed:
            raise exceptions.PermissionDenied("Only the event's owner and organizers may change its Stripe link.")

    def check_create_permission(self, validated_data):
        event = validated_data["event"]
        if not perms.can_see_event(self.request.user, event):
            raise Http404("Event not found.")
        if not services.may_manage(self.request.user, event):
            raise exceptions.PermissionDenied("Minimum Organizer access required")
        services.check_can_link(event)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.link_event(data["event"], data["stripe_auth_code"])

    def perform_update(self, serializer):
        code = serializer.validated_data.get("stripe_auth_code")
        if code:
            services.relink(serializer.instance, code)

    def perform_destroy(self, instance, permanent=True):
        services.unlink(instance)
