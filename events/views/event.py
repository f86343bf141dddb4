"""Events and the catalogue of event types and topics (reference §3.2, §3.3)."""

from django.http import Http404
from rest_framework import exceptions

from events.domain import events
from events.models import Event, EventSubTopic, EventTopic, EventType
from events.serializers.event import EventSerializer, EventSubTopicSerializer, EventTopicSerializer, EventTypeSerializer
from eventyay.api import permissions as perms
from eventyay.api.viewsets import ResourceViewSet
from eventyay.errors import NotFound
from eventyay.users.models import User


class EventViewSet(ResourceViewSet):
    """Events by id or identifier; drafts exist only for their organizers and admins."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    event_path = ""
    #: `speakers-call` is a to-one of the API over the reverse foreign key (`has` filters reach the live call).
    extra_filter_fields = {"speakers_call": "speakers_calls"}
    to_one_filter_fields = ("speakers_call",)
    parent_lookups = {
        "event_type_id": "event_type",
        "event_topic_id": "event_topic",
        "event_sub_topic_id": "event_sub_topic",
    }

    def lookup_object(self, queryset, lookup):
        event = Event.all_objects.by_ref(lookup)
        try:
            # From the queryset, so the restricted `include` prefetches apply to the detail too.
            return queryset.get(pk=event.pk)
        except Event.DoesNotExist:
            raise Http404(f"Event '{lookup}' not found.") from None

    def trashed_candidate(self, ref):
        try:
            return Event.all_objects.by_ref(ref)
        except NotFound:
            return None

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.parent is not None:
            # Lists under a type/topic show only what the caller may see (Open Event leaked drafts here).
            queryset = queryset.filter(pk__in=Event.objects.visible_to(self.request.user).values("pk"))
        elif self.action == "list" and "withRole" in self.request.query_params:
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            if not perms.is_staff(self.request.user):
                queryset = queryset.filter(pk__in=events.events_with_role(self.request.user).values("pk"))
        return queryset

    def check_create_permission(self, validated_data):
        events.check_may_create_event(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = events.create_event(self.request.user, **serializer.validated_data)

    def check_write_permission(self, obj, event):
        if self.request.method == "DELETE":
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            if not perms.has_event_role(self.request.user, event, perms.ORGANIZER):
                raise exceptions.PermissionDenied("Only the owner and organizers may delete an event.")
            return
        super().check_write_permission(obj, event)


class UpcomingEventViewSet(EventViewSet):
    """`GET /v1/events/upcoming`: what a front page shows."""

    def get_queryset(self):
        return self.preload_includes(events.upcoming_events())


class UserEventViewSet(EventViewSet):
    """`GET /v1/users/<id>/events` and `/users/<id>/<role>-events`: the user himself or an admin."""

    #: Role names the list is about; None = any role but attendee.
    role_names = None

    def get_queryset(self):
        caller = self.request.user
        if not caller.is_authenticated:
            raise exceptions.NotAuthenticated()
        if str(caller.pk) != str(self.kwargs["user_id"]) and not perms.is_staff(caller):
            raise exceptions.PermissionDenied("You may only list your own events.")
        try:
            user = User.objects.get(pk=int(self.kwargs["user_id"]))
        except (User.DoesNotExist, ValueError):
            raise Http404("User not found.") from None
        held = events.events_with_role(user, self.role_names)
        queryset = self.base_queryset().filter(pk__in=held.values("pk"))
        queryset = queryset.filter(pk__in=Event.objects.visible_to(caller).values("pk"))
        return self.preload_includes(queryset)


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
