"""Tickets (reference §3.4): Decimal money, the sales window and the order limits."""

from rest_framework_json_api import serializers

from events.domain import tickets
from events.models import Ticket
from events.serializers.base import EventChildSerializer
from eventyay.writes import is_restore, merged


def money(**kwargs):
    """Decimal in and out; rendered as a JSON number as Open Event does, never through a float in storage."""
    return serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, coerce_to_string=False, **kwargs)


class TicketSerializer(EventChildSerializer):
    type = serializers.CharField(max_length=32)
    price = money(allow_null=True, required=False)
    min_price = money(required=False)
    max_price = money(allow_null=True, required=False)
    quantity = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    min_order = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    max_order = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    position = serializers.IntegerField(allow_null=True, required=False)

    class Meta:
        model = Ticket
        resource_name = "ticket"
        collection = "tickets"
        fields = (
            "name",
            "description",
            "type",
            "price",
            "min_price",
            "max_price",
            "quantity",
            "is_description_visible",
            "position",
            "is_fee_absorbed",
            "sales_starts_at",
            "sales_ends_at",
            "is_hidden",
            "min_order",
            "max_order",
            "is_checkin_restricted",
            "auto_checkin_enabled",
            "form_id",
            "badge_id",
            "deleted_at",
            "event",
        )
        extra_kwargs = {"sales_starts_at": {"required": True}, "sales_ends_at": {"required": True}}

    def validate(self, attrs):
        values = merged(self.instance, attrs, tickets.TICKET_RULE_FIELDS)
        errors = tickets.ticket_errors(values, check_payment=self.instance is None or "type" in attrs)
        if errors:
            raise serializers.ValidationError(errors)
        if self.instance is None or "name" in attrs or is_restore(self.instance, attrs):
            tickets.check_ticket_name_free(values["event"], values["name"], exclude=self.instance)
        return attrs
