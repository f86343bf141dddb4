"""Rooms, tracks, session types, sponsors, social links and calls for speakers (reference §3.9–3.13)."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from events.models import Microlocation, SessionType, SocialLink, SpeakersCall, Sponsor, Track
from events.programme_cache import ProgrammeReadCache
from events.serializers.programme import (
    MicrolocationSerializer,
    SessionTypeSerializer,
    SocialLinkSerializer,
    SpeakersCallSerializer,
    SponsorSerializer,
    TrackSerializer,
)
from events.views.common import EventChildViewSet
from eventyay.api import permissions as perms


class MicrolocationViewSet(ProgrammeReadCache, EventChildViewSet):
    queryset = Microlocation.objects.all()
    serializer_class = MicrolocationSerializer


class TrackViewSet(ProgrammeReadCache, EventChildViewSet):
    """Track organizers may shape tracks (reference §3.13)."""

    queryset = Track.objects.all()
    serializer_class = TrackSerializer
    write_roles = perms.TRACK_ORGANIZER


class SessionTypeViewSet(ProgrammeReadCache, EventChildViewSet):
    queryset = SessionType.objects.all()
    serializer_class = SessionTypeSerializer


class SponsorViewSet(EventChildViewSet):
    queryset = Sponsor.objects.all()
    serializer_class = SponsorSerializer

    def check_create_permission(self, validated_data):
        super().check_create_permission(validated_data)
        if not validated_data["event"].is_sponsors_enabled:
            raise exceptions.PermissionDenied("Sponsors are not enabled for this event.")


class SocialLinkViewSet(EventChildViewSet):
    """Co-organizers write (the original let anyone, even anonymous, POST)."""

    queryset = SocialLink.objects.all()
    serializer_class = SocialLinkSerializer


class SpeakersCallViewSet(EventChildViewSet):
    queryset = SpeakersCall.objects.all()
    serializer_class = SpeakersCallSerializer


class EventSpeakersCallViewSet(SpeakersCallViewSet):
    """`/v1/events/<id|identifier>/speakers-call`: the event's live call, read and written like its detail route."""

    def retrieve(self, request, *args, **kwargs):
        if self.kwargs.get("pk") is None:
            self.resource_name = False
            return Response({"data": None})
        return super().retrieve(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        call = SpeakersCall.objects.filter(event=self.parent_event).first()
        if call is None and request.method in ("GET", "HEAD"):
            self.kwargs["pk"] = None  # an empty to-one: `retrieve` answers 200 with null data
            return
        if call is None:
            raise Http404("This event has no call for speakers.")
        # From here on the route behaves as /v1/speakers-calls/<pk> (the parser reads the pk too).
        self.kwargs["pk"] = str(call.pk)
