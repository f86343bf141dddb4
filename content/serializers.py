"""Copyright, FAQs and FAQ types on the wire (Open Event's attribute names)."""

import datetime

from rest_framework_json_api import serializers

from content.models import EventCopyright, Faq, FaqType
from events.serializers.base import EVENT_SERIALIZER, EventChildSerializer
from eventyay.api.relations import Relation

FIRST_YEAR = 1900


class EventCopyrightSerializer(EventChildSerializer):
    licence = serializers.CharField(max_length=255)

    class Meta:
        model = EventCopyright
        resource_name = "event-copyright"
        collection = "event-copyrights"
        fields = ("holder", "holder_url", "licence", "licence_url", "year", "logo_url", "event")

    def validate_year(self, value):
        if value is not None and not FIRST_YEAR <= value <= datetime.date.today().year:
            raise serializers.ValidationError(f"The year must be between {FIRST_YEAR} and this year.")
        return value


class FaqTypeSerializer(EventChildSerializer):
    faqs = Relation(many=True, read_only=True, related_model=Faq)

    included_serializers = {"event": EVENT_SERIALIZER, "faqs": "content.serializers.FaqSerializer"}

    class Meta:
        model = FaqType
        resource_name = "faq-type"
        collection = "faq-types"
        fields = ("name", "event", "faqs")


class FaqSerializer(EventChildSerializer):
    faq_type = Relation(queryset=FaqType.objects.all(), required=False, allow_null=True)

    included_serializers = {"event": EVENT_SERIALIZER, "faq_type": FaqTypeSerializer}

    class Meta:
        model = Faq
        resource_name = "faq"
        collection = "faqs"
        fields = ("question", "answer", "event", "faq_type")

    def validate(self, attrs):
        event = attrs.get("event") or getattr(self.instance, "event", None)
        faq_type = attrs.get("faq_type")
        if faq_type is not None and event is not None and faq_type.event_id != event.pk:
            raise serializers.ValidationError({"faq_type": ["This FAQ type belongs to another event."]})
        return attrs
