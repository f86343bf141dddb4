"""Routes under /v1/ contributed by this app (reference §3.7)."""

from django.urls import path

from eventyay.api.routing import relationship_urls, resource_urls
from payments.views import StripeAuthorizationViewSet

urlpatterns = [
    # POST only: there is no list of authorizations.
    *resource_urls("stripe-authorizations", StripeAuthorizationViewSet, list_=False),
    path(
        "events/<str:event_id>/stripe-authorization",
        StripeAuthorizationViewSet.as_view({"get": "retrieve"}),
        name="event-stripe-authorization",
    ),
    *relationship_urls("stripe-authorizations", StripeAuthorizationViewSet),
]
