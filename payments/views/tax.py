"""`/v1/taxes` and `/v1/events/<id>/tax` (one per event, `data: null` when none): co-organizers write,
anyone who may see the event reads its public part (name, rate, included or not)."""

from rest_framework.response import Response

from eventyay import errors
from eventyay.api import permissions as perms
from eventyay.api.viewsets import ResourceViewSet
from eventyay.ids import as_id
from payments.models import Tax
from payments.serializers.tax import PublicTaxSerializer, TaxSerializer


class TaxViewSet(ResourceViewSet):
    queryset = Tax.objects.select_related("event")
    serializer_class = TaxSerializer
    parent_lookups = {"event_id": "event"}
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        event = self.parent_event
        pk = as_id(self.kwargs.get("pk", ""))
        if self.request.method == "GET" and event is None and pk is not None:
            # (a non-numeric id is the lookup's 404, not a ValueError here)
            tax = Tax.objects.select_related("event").filter(pk=pk).first()
            event = tax.event if tax else None
        if self.request.method == "GET" and not (
            event and perms.has_event_role(self.request.user, event, perms.CO_ORGANIZER)
        ):
            return PublicTaxSerializer
        return TaxSerializer

    def list(self, request, *args, **kwargs):
        if not perms.is_staff(request.user):
            raise errors.Forbidden("Admin access is required.")
        return super().list(request, *args, **kwargs)

    def event_tax(self, request, event_id):
        tax = self.get_queryset().first()
        return Response(None if tax is None else self.get_serializer(tax).data)

    def perform_create(self, serializer):
        if Tax.objects.filter(event=serializer.validated_data["event"]).exists():
            raise errors.Conflict("Tax already exists for this event.", field="event")
        super().perform_create(serializer)
