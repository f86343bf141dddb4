"""Copyright, FAQs and FAQ types: anyone who may see the event reads them, co-organizers write them."""

from rest_framework.response import Response

from content import services
from content.models import EventCopyright, Faq, FaqType
from content.serializers import EventCopyrightSerializer, FaqSerializer, FaqTypeSerializer
from events.views.common import EventChildViewSet


class EventCopyrightViewSet(EventChildViewSet):
    queryset = EventCopyright.objects.all()
    serializer_class = EventCopyrightSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.create_copyright(data.pop("event"), **data)

    def event_copyright(self, request, *args, **kwargs):
        """`GET /v1/events/<id>/event-copyright`: the event's notice, or `data: null` when it has none."""
        copyright_ = self.get_queryset().first()
        if copyright_ is None:
            return Response(None)
        return Response(self.get_serializer(copyright_).data)


class FaqTypeViewSet(EventChildViewSet):
    queryset = FaqType.objects.all()
    serializer_class = FaqTypeSerializer


class FaqViewSet(EventChildViewSet):
    queryset = Faq.objects.all()
    serializer_class = FaqSerializer
    parent_lookups = {"event_id": "event", "faq_type_id": "faq_type"}
