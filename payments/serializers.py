"""JSON:API surface of a Stripe authorization: the code goes in, only the publishable key comes out."""

from rest_framework_json_api import serializers

from events.models import Event
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from payments.models import StripeAuthorization


class StripeAuthorizationSerializer(ResourceSerializer):
    stripe_auth_code = serializers.CharField(write_only=True, max_length=512, trim_whitespace=True)
    stripe_publishable_key = serializers.CharField(read_only=True)
    event = Relation(queryset=Event.objects.all())

    included_serializers = {"event": "events.serializers.event.EventSerializer"}

    class Meta:
        model = StripeAuthorization
        resource_name = "stripe-authorization"
        collection = "stripe-authorizations"
        # Never the secret key, the refresh token or the Stripe user id.
        fields = ("stripe_auth_code", "stripe_publishable_key", "event")

    def validate_event(self, event):
        if self.instance is not None and event.pk != self.instance.event_id:
            raise serializers.ValidationError("A Stripe authorization cannot be moved to another event.")
        return event
