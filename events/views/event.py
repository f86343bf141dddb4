from django.http import Http404
from rest_framework import exceptions

from eventyay.api import permissions as perms
from eventyay.api.viewsets import ResourceViewSet, resolve_event
from events import services
from events.models import Event, EventSubTopic, EventTopic, EventType
from events.serializers.event import EventSerializer, EventSubTopicSerializer, EventTopicSerializer, EventTypeSerializer


class EventViewSet(ResourceViewSet):
    """Events by id or identifier; drafts exist only for their organizers and admins."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    event_path = ""
    parent_lookups = {"event_type_id": "event_type", "event_topic_id": "event_topic", "event_sub_topic_id": "event_sub_topic"}

    def lookup_object(self, queryset, lookup):
        event = resolve_event(Event, lookup)
        if not queryset.filter(pk=event.pk).exists():
            raise Http404(f"Event '{lookup}' not found.")
        return event

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.parent is not None:
            # Lists under a type/topic show only what the caller may see (Open Event leaked drafts here).
            queryset = queryset.filter(pk__in=Event.objects.visible_to(self.request.user).values("pk"))
        return queryset

    def check_create_permission(self, validated_data):
        user = self.request.user
        if not user.is_verified and not perms.is_staff(user) and not getattr(user, "may_create_unverified", True):
            raise exceptions.PermissionDenied("Please verify your Email")

    def perform_create(self, serializer):
        serializer.instance = services.create_event(self.request.user, **serializer.validated_data)

    def check_write_permission(self, obj, event):
        if self.request.method == "DELETE":
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            if not perms.has_event_role(self.request.user, event, perms.ORGANIZER):
                raise exceptions.PermissionDenied("Only the owner and organizers may delete an event.")
            return
        super().check_write_permission(obj, event)


class CatalogueViewSet(ResourceViewSet):
    """Event types, topics and sub-topics: anyone reads, admins write."""

    event_path = None
    write_roles = None


class EventTypeViewSet(CatalogueViewSet):
    queryset = EventType.objects.all()
    serializer_class = EventTypeSerializer


class EventTopicViewSet(CatalogueViewSet):
    queryset = EventTopic.objects.all()
    serializer_class = EventTopicSerializer


class EventSubTopicViewSet(CatalogueViewSet):
    queryset = EventSubTopic.objects.select_related("event_topic")
    serializer_class = EventSubTopicSerializer
    parent_lookups = {"event_topic_id": "event_topic"}
