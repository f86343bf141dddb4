"""Exhibitors and attendee tags on the wire."""

from rest_framework_json_api import serializers

from content import services
from content.models import Exhibitor, Tag
from events.models import Session
from events.serializers.base import EVENT_SERIALIZER, SESSION_SERIALIZER, EventChildSerializer
from eventyay.api.relations import Relation

MAX_SOCIAL_LINKS = 20


class SocialLinkItem(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    link = serializers.CharField(max_length=2000)
    is_custom = serializers.BooleanField(default=False)


class ExhibitorSerializer(EventChildSerializer):
    social_links = SocialLinkItem(many=True, required=False, max_length=MAX_SOCIAL_LINKS)
    sessions = Relation(many=True, queryset=Session.objects.all(), required=False)

    included_serializers = {"event": EVENT_SERIALIZER, "sessions": SESSION_SERIALIZER}

    class Meta:
        model = Exhibitor
        resource_name = "exhibitor"
        collection = "exhibitors"
        fields = (
            "name",
            "status",
            "description",
            "url",
            "position",
            "logo_url",
            "banner_url",
            "thumbnail_image_url",
            "video_url",
            "slides_url",
            "contact_email",
            "contact_link",
            "enable_video_room",
            "social_links",
            "event",
            "sessions",
        )

    def validate(self, attrs):
        event = attrs.get("event") or getattr(self.instance, "event", None)
        foreign = [s for s in attrs.get("sessions", ()) if event is not None and s.event_id != event.pk]
        if foreign:
            raise serializers.ValidationError({"sessions": ["These sessions belong to another event."]})
        return attrs


class TagSerializer(EventChildSerializer):
    class Meta:
        model = Tag
        resource_name = "tag"
        collection = "tags"
        fields = ("name", "color", "is_read_only", "event")
        validators = []  # a duplicate name is a 409 from content.services, not a 422

    def validate(self, attrs):
        event = attrs.get("event") or getattr(self.instance, "event", None)
        services.check_tag_change(self.instance, event, attrs)
        return attrs
