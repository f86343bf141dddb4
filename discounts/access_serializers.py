"""JSON:API shape of an access code (reference §3.6); the rules are in `discounts.services.access`."""

from rest_framework_json_api import serializers

from discounts.models import AccessCode
from discounts.services import access
from events.models import Event, Ticket
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from eventyay.users.models import User


class AccessCodeSerializer(ResourceSerializer):
    code = serializers.CharField(max_length=100)
    tickets_number = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    min_quantity = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    max_quantity = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    event = Relation(queryset=Event.objects.all())
    marketer = Relation(queryset=User.objects.all(), required=False, allow_null=True)
    tickets = Relation(many=True, queryset=Ticket.objects.all(), required=False)
    orders = Relation(many=True, read_only=True)

    included_serializers = {
        "event": "events.serializers.event.EventSerializer",
        "tickets": "events.serializers.tickets.TicketSerializer",
        "marketer": "eventyay.users.serializers.PublicUserSerializer",
    }

    class Meta:
        model = AccessCode
        resource_name = "access-code"
        collection = "access-codes"
        fields = (
            "code",
            "access_url",
            "is_active",
            "tickets_number",
            "min_quantity",
            "max_quantity",
            "valid_from",
            "valid_till",
            "created_at",
            "deleted_at",
            "event",
            "marketer",
            "tickets",
            "orders",
        )
        read_only_fields = ("created_at",)

    def validate_code(self, value):
        value = value.strip()
        if not value or "/" in value or any(ch.isspace() for ch in value):
            raise serializers.ValidationError("A code cannot be blank or contain '/' or spaces.")
        return value

    def validate_event(self, value):
        if self.instance is not None and value.pk != self.instance.event_id:
            raise serializers.ValidationError("An access code cannot be moved to another event.")
        return value

    def validate(self, attrs):
        problems = access.code_errors(attrs, self.instance, attrs.get("tickets"))
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def _user(self):
        return getattr(self.context.get("request"), "user", None)

    def create(self, validated_data):
        tickets = validated_data.pop("tickets", None)
        return access.save_code(self._user(), validated_data, tickets=tickets)

    def update(self, instance, validated_data):
        tickets = validated_data.pop("tickets", None)
        return access.save_code(self._user(), validated_data, instance=instance, tickets=tickets)


class PublicAccessCodeSerializer(AccessCodeSerializer):
    """What anyone holding the code may read: no use counts beyond the code's own terms, no marketer."""

    class Meta(AccessCodeSerializer.Meta):
        fields = ("code", "access_url", "is_active", "min_quantity", "max_quantity", "valid_from", "valid_till")
        fields = (*fields, "event", "tickets")
