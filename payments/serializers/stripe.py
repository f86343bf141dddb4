"""JSON:API surface of a Stripe authorization: the code goes in, only the publishable key comes out."""

from rest_framework import serializers as drf_serializers
from rest_framework_json_api import serializers

from events.models import Event
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from payments.models import PaymentSettings, StripeAuthorization


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


class PlatformStripeSettingsSerializer(drf_serializers.ModelSerializer):
    """The Stripe part of the `setting` resource (the platform's keys; secrets write-only)."""

    is_stripe_activated = drf_serializers.BooleanField(read_only=True)
    stripe_mode = drf_serializers.ChoiceField(choices=["live", "test"], required=False)

    class Meta:
        model = PaymentSettings
        fields = (
            "stripe_client_id",
            "stripe_publishable_key",
            "stripe_secret_key",
            "stripe_mode",
            "stripe_test_client_id",
            "stripe_test_publishable_key",
            "stripe_test_secret_key",
            "is_stripe_activated",
        )
        extra_kwargs = {"stripe_secret_key": {"write_only": True}, "stripe_test_secret_key": {"write_only": True}}


class EventStripeAuthorization(Relation):
    """The event's authorization as a relationship: links for all, linkage only for those who may read it."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, related_model=StripeAuthorization, **kwargs)

    def get_attribute(self, instance):
        return self._if_allowed(instance, super().get_attribute(instance))  # SkipField unless included

    def visible_target(self, instance):
        return self._if_allowed(instance, super().visible_target(instance))

    def _if_allowed(self, event, value):
        from payments import services

        request = self.context.get("request")
        if value is None or request is None or not services.may_view_or_unlink(request.user, event):
            return None
        return value
