"""JSON:API serializers of the events app (reference §3.2–3.4, §3.9–3.14)."""

from rest_framework_json_api import serializers

from events.domain import events
from events.models import (
    Event,
    EventSubTopic,
    EventTopic,
    EventType,
    Microlocation,
    Session,
    SessionType,
    SocialLink,
    Speaker,
    SpeakersCall,
    Sponsor,
    Ticket,
    Track,
)
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from eventyay.users.models import User

EVENT_RELATED = {
    "event_type": "events.serializers.event.EventTypeSerializer",
    "event_topic": "events.serializers.event.EventTopicSerializer",
    "event_sub_topic": "events.serializers.event.EventSubTopicSerializer",
    "tickets": "events.serializers.tickets.TicketSerializer",
    "microlocations": "events.serializers.programme.MicrolocationSerializer",
    "social_links": "events.serializers.programme.SocialLinkSerializer",
    "tracks": "events.serializers.programme.TrackSerializer",
    "sponsors": "events.serializers.programme.SponsorSerializer",
    "session_types": "events.serializers.programme.SessionTypeSerializer",
    "sessions": "events.serializers.sessions.SessionSerializer",
    "speakers": "events.serializers.sessions.SpeakerSerializer",
    "speakers_call": "events.serializers.programme.SpeakersCallSerializer",
    "owner": "eventyay.users.serializers.PublicUserSerializer",
}


class DocumentLinkSerializer(serializers.Serializer):
    name = serializers.CharField()
    link = serializers.URLField()


class EventSerializer(ResourceSerializer):
    identifier = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=255)
    timezone = serializers.CharField(max_length=64)
    latitude = serializers.FloatField(min_value=-90, max_value=90, allow_null=True, required=False)
    longitude = serializers.FloatField(min_value=-180, max_value=180, allow_null=True, required=False)
    state = serializers.ChoiceField(choices=Event.State.choices, required=False)
    privacy = serializers.ChoiceField(choices=Event.Privacy.choices, required=False)
    document_links = DocumentLinkSerializer(many=True, allow_null=True, required=False)
    event_type = Relation(queryset=EventType.objects.all(), required=False, allow_null=True)
    event_topic = Relation(queryset=EventTopic.objects.all(), required=False, allow_null=True)
    event_sub_topic = Relation(queryset=EventSubTopic.objects.all(), required=False, allow_null=True)
    tickets = Relation(many=True, read_only=True, related_model=Ticket)
    microlocations = Relation(many=True, read_only=True, related_model=Microlocation)
    social_links = Relation(many=True, read_only=True, related_model=SocialLink)
    tracks = Relation(many=True, read_only=True, related_model=Track)
    sponsors = Relation(many=True, read_only=True, related_model=Sponsor)
    session_types = Relation(many=True, read_only=True, related_model=SessionType)
    sessions = Relation(many=True, read_only=True, related_model=Session)
    speakers = Relation(many=True, read_only=True, related_model=Speaker)
    speakers_call = Relation(read_only=True, related_model=SpeakersCall, model=SpeakersCall)
    owner = Relation(read_only=True, related_model=User, model=User)

    included_serializers = EVENT_RELATED

    class Meta:
        model = Event
        resource_name = "event"
        collection = "events"
        exclude = ()
        read_only_fields = (
            "thumbnail_image_url",
            "large_image_url",
            "icon_image_url",
            "chat_room_name",
            "created_at",
            "pentabarf_url",
            "ical_url",
            "xcal_url",
            "is_stripe_linked",
        )
        extra_kwargs = {"starts_at": {"required": True}, "ends_at": {"required": True}}

    def validate_timezone(self, value):
        if value not in events.known_timezones():
            raise serializers.ValidationError(f"Unknown timezone: '{value}'")
        return value

    def validate(self, attrs):
        events.check_event_write(self.instance, attrs)
        return attrs


EVENTS = "events.serializers.event.EventSerializer"


class EventTypeSerializer(ResourceSerializer):
    slug = serializers.CharField(read_only=True)
    events = Relation(many=True, read_only=True, related_model=Event)

    included_serializers = {"events": EVENTS}

    class Meta:
        model = EventType
        resource_name = "event-type"
        collection = "event-types"
        fields = ("name", "slug", "deleted_at", "events")


class EventTopicSerializer(ResourceSerializer):
    slug = serializers.CharField(read_only=True)
    event_sub_topics = Relation(many=True, read_only=True, related_model=EventSubTopic)
    events = Relation(many=True, read_only=True, related_model=Event)

    included_serializers = {"event_sub_topics": "events.serializers.event.EventSubTopicSerializer", "events": EVENTS}

    class Meta:
        model = EventTopic
        resource_name = "event-topic"
        collection = "event-topics"
        fields = ("name", "slug", "system_image_url", "deleted_at", "event_sub_topics", "events")


class EventSubTopicSerializer(ResourceSerializer):
    slug = serializers.CharField(read_only=True)
    event_topic = Relation(queryset=EventTopic.objects.all())
    events = Relation(many=True, read_only=True, related_model=Event)

    included_serializers = {"event_topic": EventTopicSerializer, "events": EVENTS}

    class Meta:
        model = EventSubTopic
        resource_name = "event-sub-topic"
        collection = "event-sub-topics"
        fields = ("name", "slug", "event_topic", "events")
