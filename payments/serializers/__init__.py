"""JSON:API shapes of payments' resources, by resource."""

from payments.serializers.stripe import (
    EventStripeAuthorization,
    PlatformStripeSettingsSerializer,
    StripeAuthorizationSerializer,
)

__all__ = ["EventStripeAuthorization", "PlatformStripeSettingsSerializer", "StripeAuthorizationSerializer"]
