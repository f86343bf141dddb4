"""JSON:API serializers of discount codes (reference §3.5): one per kind, sharing a base.

The view picks the class by `used-for` (of the request body on create, of the stored code
otherwise). The rules themselves live in `discounts.services.codes`; `create`/`update` only hand
the validated fields over.
"""

from rest_framework import serializers as drf
from rest_framework_json_api import serializers

from discounts.models import DiscountCode
from discounts.services import codes as services
from events.models import Event, Ticket
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from eventyay.users.models import User

EVENT_SERIALIZER = "events.serializers.event.EventSerializer"
TICKET_SERIALIZER = "events.serializers.tickets.TicketSerializer"
USER_SERIALIZER = "eventyay.users.serializers.PublicUserSerializer"

BASE_FIELDS = (
    "code",
    "discount_url",
    "value",
    "type",
    "is_active",
    "tickets_number",
    "min_quantity",
    "max_quantity",
    "valid_from",
    "valid_till",
    "used_for",
    "created_at",
    "deleted_at",
    "event",
)


class DiscountCodeSerializer(ResourceSerializer):
    """What both kinds share: the attributes, the `event` relationship and the write path."""

    code = serializers.CharField(max_length=100)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, coerce_to_string=False)
    type = serializers.ChoiceField(choices=DiscountCode.Type.choices)
    used_for = serializers.ChoiceField(choices=DiscountCode.UsedFor.choices)
    tickets_number = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    min_quantity = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    max_quantity = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    event = Relation(queryset=Event.objects.all(), required=False, allow_null=True)

    included_serializers = {"event": EVENT_SERIALIZER}

    class Meta:
        model = DiscountCode
        resource_name = "discount-code"
        collection = "discount-codes"
        fields = BASE_FIELDS
        read_only_fields = ("created_at",)

    def validate_code(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError("A code cannot be blank.")
        if "/" in value or any(ch.isspace() for ch in value):
            raise serializers.ValidationError("A code cannot contain '/' or spaces.")
        return value

    def validate_event(self, value):
        if self.instance is not None and value is not None and value.pk != self.instance.event_id:
            raise serializers.ValidationError("A discount code cannot be moved to another event.")
        return value

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        tickets = validated_data.pop("tickets", None)
        events = validated_data.pop("events", None)
        return services.save_code(self._user(), validated_data, tickets=tickets, events=events)

    def update(self, instance, validated_data):
        tickets = validated_data.pop("tickets", None)
        events = validated_data.pop("events", None)
        return services.save_code(self._user(), validated_data, instance=instance, tickets=tickets, events=events)


class TicketDiscountCodeSerializer(DiscountCodeSerializer):
    """A code buyers type for some of one event's tickets; its event's organizers manage it."""

    marketer = Relation(read_only=True, related_model=User)
    tickets = Relation(many=True, queryset=Ticket.objects.all(), required=False)

    included_serializers = {"event": EVENT_SERIALIZER, "marketer": USER_SERIALIZER, "tickets": TICKET_SERIALIZER}

    class Meta(DiscountCodeSerializer.Meta):
        fields = (*BASE_FIELDS, "marketer", "tickets")

    def validate(self, attrs):
        if self.instance is None and attrs.get("event") is None:
            raise serializers.ValidationError({"event": ["A ticket discount code needs its event."]})
        if self.instance is not None and "event" in attrs and attrs["event"] is None:
            raise serializers.ValidationError({"event": ["A ticket discount code needs its event."]})
        return attrs


class EventDiscountCodeSerializer(DiscountCodeSerializer):
    """A code on what an organizer pays the platform; server admins manage it."""

    events = Relation(many=True, queryset=Event.objects.all(), required=False)

    included_serializers = {"event": EVENT_SERIALIZER, "events": EVENT_SERIALIZER}

    class Meta(DiscountCodeSerializer.Meta):
        fields = (*BASE_FIELDS, "events")


class MixedDiscountCodeSerializer(DiscountCodeSerializer):
    """Lists that may hold both kinds (admins' lists): every relationship, data per kind."""

    marketer = Relation(read_only=True, related_model=User)
    tickets = Relation(many=True, read_only=True, related_model=Ticket)
    events = Relation(many=True, read_only=True, related_model=Event)

    included_serializers = {
        "event": EVENT_SERIALIZER,
        "marketer": USER_SERIALIZER,
        "tickets": TICKET_SERIALIZER,
        "events": EVENT_SERIALIZER,
    }

    class Meta(DiscountCodeSerializer.Meta):
        fields = (*BASE_FIELDS, "marketer", "tickets", "events")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        drop = ("marketer", "tickets") if instance.used_for == DiscountCode.UsedFor.EVENT else ("events",)
        for name in drop:
            data.pop(name, None)
        return data


class PublicDiscountCodeSerializer(DiscountCodeSerializer):
    """What a buyer may learn from looking a code up by its text."""

    tickets = Relation(many=True, read_only=True, related_model=Ticket)

    included_serializers = {"event": EVENT_SERIALIZER, "tickets": TICKET_SERIALIZER}

    class Meta(DiscountCodeSerializer.Meta):
        fields = (
            "code",
            "discount_url",
            "value",
            "type",
            "min_quantity",
            "max_quantity",
            "valid_from",
            "valid_till",
            "used_for",
            "event",
            "tickets",
        )


SERIALIZER_FOR_KIND = {
    DiscountCode.UsedFor.TICKET: TicketDiscountCodeSerializer,
    DiscountCode.UsedFor.EVENT: EventDiscountCodeSerializer,
}


class GenerateCodesSerializer(drf.Serializer):
    """Plain JSON body of bulk generation: how many, the prefix, and the terms every code shares."""

    count = drf.IntegerField(min_value=1)
    prefix = drf.RegexField(r"^[A-Za-z0-9_-]*$", max_length=40, required=False, default="")
    length = drf.IntegerField(min_value=4, max_value=32, required=False, default=8)
    value = drf.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    type = drf.ChoiceField(choices=DiscountCode.Type.choices)
    tickets = drf.ListField(child=drf.IntegerField(min_value=1), required=False, default=list)
    tickets_number = drf.IntegerField(min_value=0, allow_null=True, required=False)
    min_quantity = drf.IntegerField(min_value=0, allow_null=True, required=False, default=1)
    max_quantity = drf.IntegerField(min_value=0, allow_null=True, required=False)
    valid_from = drf.DateTimeField(allow_null=True, required=False)
    valid_till = drf.DateTimeField(allow_null=True, required=False)
    is_active = drf.BooleanField(required=False, default=True)
    discount_url = drf.URLField(max_length=2000, allow_null=True, required=False)

    def validate_count(self, value):
        from django.conf import settings

        if value > settings.DISCOUNT_BULK_MAX_CODES:
            raise drf.ValidationError(f"At most {settings.DISCOUNT_BULK_MAX_CODES} codes per request.")
        return value

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = {str(key).replace("-", "_"): value for key, value in data.items()}
        return super().to_internal_value(data)
