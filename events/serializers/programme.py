"""Rooms, tracks, session types, sponsors, social links and the call for speakers (reference §3.9, §3.11, §3.13)."""

from rest_framework_json_api import serializers

from events.domain import programme
from events.models import Microlocation, Session, SessionType, SocialLink, SpeakersCall, Sponsor, Track
from events.serializers.base import SESSION_SERIALIZER, EventChildSerializer, check_window
from eventyay.api.relations import Relation
from eventyay.writes import is_restore, merged

WITH_SESSIONS = {**EventChildSerializer.included_serializers, "sessions": SESSION_SERIALIZER}


class MicrolocationSerializer(EventChildSerializer):
    latitude = serializers.FloatField(min_value=-90, max_value=90, allow_null=True, required=False)
    longitude = serializers.FloatField(min_value=-180, max_value=180, allow_null=True, required=False)
    sessions = Relation(many=True, read_only=True, related_model=Session)

    included_serializers = WITH_SESSIONS

    class Meta:
        model = Microlocation
        resource_name = "microlocation"
        collection = "microlocations"
        fields = (
            "name",
            "latitude",
            "longitude",
            "floor",
            "hidden_in_scheduler",
            "chat_room_name",
            "is_chat_enabled",
            "is_global_event_room",
            "position",
            "room",
            "deleted_at",
            "event",
            "sessions",
        )
        read_only_fields = ("chat_room_name",)


class TrackSerializer(EventChildSerializer):
    color = serializers.CharField(max_length=7)
    font_color = serializers.CharField(read_only=True)
    sessions = Relation(many=True, read_only=True, related_model=Session)

    included_serializers = WITH_SESSIONS

    class Meta:
        model = Track
        resource_name = "track"
        collection = "tracks"
        fields = ("name", "description", "color", "font_color", "position", "deleted_at", "event", "sessions")

    def validate_color(self, value):
        if not programme.is_hex_color(value):
            raise serializers.ValidationError("Use a colour such as #rgb or #rrggbb.")
        return value


class SessionTypeSerializer(EventChildSerializer):
    length = serializers.CharField(max_length=5)
    sessions = Relation(many=True, read_only=True, related_model=Session)

    included_serializers = WITH_SESSIONS

    class Meta:
        model = SessionType
        resource_name = "session-type"
        collection = "session-types"
        fields = ("name", "length", "position", "deleted_at", "event", "sessions")

    def validate_length(self, value):
        normalized = programme.normalize_length(value)
        if normalized is None:
            raise serializers.ValidationError("Use the form HH:MM, e.g. 00:30.")
        return normalized


class SponsorSerializer(EventChildSerializer):
    url = serializers.URLField(max_length=2000, allow_null=True, allow_blank=True, required=False)
    logo_url = serializers.URLField(max_length=2000, allow_null=True, allow_blank=True, required=False)

    class Meta:
        model = Sponsor
        resource_name = "sponsor"
        collection = "sponsors"
        fields = ("name", "description", "url", "level", "logo_url", "type", "deleted_at", "event")


class SocialLinkSerializer(EventChildSerializer):
    link = serializers.URLField(max_length=2000)

    class Meta:
        model = SocialLink
        resource_name = "social-link"
        collection = "social-links"
        fields = ("name", "link", "identifier", "deleted_at", "event")


class SpeakersCallSerializer(EventChildSerializer):
    privacy = serializers.ChoiceField(choices=SpeakersCall.Privacy.choices, required=False)

    class Meta:
        model = SpeakersCall
        resource_name = "speakers-call"
        collection = "speakers-calls"
        fields = ("announcement", "starts_at", "ends_at", "soft_ends_at", "hash", "privacy", "deleted_at", "event")
        # Null only in the undated call an event starts with; a written call is dated.
        extra_kwargs = {
            "starts_at": {"required": True, "allow_null": False},
            "ends_at": {"required": True, "allow_null": False},
        }

    def validate(self, attrs):
        check_window(attrs, self.instance)
        event = merged(self.instance, attrs, ("event",))["event"]
        if event is not None and self.instance is not None and is_restore(self.instance, attrs):
            programme.check_one_speakers_call(event, exclude=self.instance)
        return attrs

    def create(self, validated_data):
        """The event's one call: a POST for an event that has it updates it (201, as the wizard expects)."""
        fields = dict(validated_data)
        return programme.save_speakers_call(fields.pop("event"), fields)
