"""Copyright, FAQs, FAQ types, exhibitors: anyone who may see the event reads them, co-organizers write them.

Attendee tags are for the event's team only.
"""

from rest_framework import exceptions
from rest_framework.response import Response

from content import services
from content.models import CustomPlaceholder, EventCopyright, Exhibitor, Faq, FaqType, Page, Tag
from content.serializers import EventCopyrightSerializer, FaqSerializer, FaqTypeSerializer
from content.serializers_booths import ExhibitorSerializer, TagSerializer
from content.serializers_site import CustomPlaceholderSerializer, PageSerializer
from events.views.common import EventChildViewSet
from eventyay.api import permissions as perms
from eventyay.api.viewsets import ResourceViewSet


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


class ExhibitorViewSet(EventChildViewSet):
    """Visitors see accepted exhibitors; co-organizers see and write all of them."""

    queryset = Exhibitor.objects.all()
    serializer_class = ExhibitorSerializer
    parent_lookups = {"event_id": "event", "session_id": "sessions"}

    def restrict_queryset(self, queryset):
        return services.visible_exhibitors(self.request.user, queryset)


class TagViewSet(EventChildViewSet):
    """Tags label attendees: the event's team reads them, co-organizers write them."""

    queryset = Tag.objects.all()
    serializer_class = TagSerializer

    def check_parent_permissions(self, parent, event):
        self._require_team(event)

    def can_read_object(self, obj, event):
        self._require_team(event)
        return True

    def _require_team(self, event):
        if not perms.has_event_role(self.request.user, event, perms.ANY_ROLE):
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied("Only the event's team may see its attendee tags.")


class PageViewSet(ResourceViewSet):
    """Admins write pages; everyone reads the published ones (admins all)."""

    queryset = Page.objects.all()
    serializer_class = PageSerializer
    event_path = None
    write_roles = None

    def restrict_queryset(self, queryset):
        return queryset if perms.is_staff(self.request.user) else queryset.filter(is_published=True)


class CustomPlaceholderViewSet(ResourceViewSet):
    queryset = CustomPlaceholder.objects.all()
    serializer_class = CustomPlaceholderSerializer
    event_path = None
    write_roles = None
    parent_lookups = {"event_sub_topic_id": "event_sub_topic"}

    def of_sub_topic(self, request, *args, **kwargs):
        """`GET /v1/event-sub-topics/<id>/custom-placeholder`: its placeholder, or `data: null`."""
        placeholder = self.get_queryset().first()
        return Response(None if placeholder is None else self.get_serializer(placeholder).data)
