"""What every resource that belongs to one event shares: the `event` relationship."""

from rest_framework_json_api import serializers

from events.models import Event
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer

EVENT_SERIALIZER = "events.serializers.event.EventSerializer"
SESSION_SERIALIZER = "events.serializers.sessions.SessionSerializer"


class EventChildSerializer(ResourceSerializer):
    """`event` is required on create and fixed afterwards: moving a row would skip the new event's role check."""

    event = Relation(queryset=Event.objects.all())

    included_serializers = {"event": EVENT_SERIALIZER}

    def validate_event(self, value):
        if self.instance is not None and value.pk != self.instance.event_id:
            raise serializers.ValidationError("This cannot be moved to another event.")
        return value


def check_window(attrs, instance, start="starts_at", end="ends_at", message="ends-at must be after starts-at."):
    """`end` after `start`, reading the stored value of whichever the request leaves out (PATCH)."""
    starts_at = attrs.get(start, getattr(instance, start, None))
    ends_at = attrs.get(end, getattr(instance, end, None))
    if starts_at and ends_at and ends_at <= starts_at:
        raise serializers.ValidationError({end: [message]})
