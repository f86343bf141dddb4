"""JSON:API shapes of payments' resources, by resource."""

from payments.serializers.stripe import PlatformStripeSettingsSerializer, StripeAuthorizationSerializer

__all__ = ["PlatformStripeSettingsSerializer", "StripeAuthorizationSerializer"]
