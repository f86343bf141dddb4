"""Site pages and custom placeholders on the wire (admins write both)."""

from rest_framework_json_api import serializers

from content import services
from content.models import CustomPlaceholder, Page
from events.models import EventSubTopic
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer


class PageSerializer(ResourceSerializer):
    class Meta:
        model = Page
        resource_name = "page"
        collection = "pages"
        fields = ("name", "title", "url", "description", "place", "language", "index", "is_published")


class CustomPlaceholderSerializer(ResourceSerializer):
    """eventyay resizes no placeholder images: the thumbnail, large and icon URLs are the original's."""

    thumbnail_image_url = serializers.URLField(source="original_image_url", read_only=True)
    large_image_url = serializers.URLField(source="original_image_url", read_only=True)
    icon_image_url = serializers.URLField(source="original_image_url", read_only=True)
    event_sub_topic = Relation(queryset=EventSubTopic.objects.all(), required=False, allow_null=True)

    included_serializers = {"event_sub_topic": "events.serializers.event.EventSubTopicSerializer"}

    class Meta:
        model = CustomPlaceholder
        resource_name = "custom-placeholder"
        collection = "custom-placeholders"
        fields = (
            "name",
            "original_image_url",
            "thumbnail_image_url",
            "large_image_url",
            "icon_image_url",
            "copyright",
            "origin",
            "event_sub_topic",
        )
        validators = []

    def validate_event_sub_topic(self, value):
        services.check_placeholder_free(value, self.instance)
        return value
