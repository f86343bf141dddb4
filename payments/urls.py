"""Routes under /v1/ contributed by this app (reference §3.7 and the orders, attendees and tax of issue 17)."""

from django.urls import path

from eventyay.api.routing import relationship_urls, resource_urls
from payments.views.checkout import CalculateAmountView, CreateOrderView
from payments.views.stripe_authorizations import StripeAuthorizationViewSet

urlpatterns = [
    path("orders/calculate-amount", CalculateAmountView.as_view(), name="orders-calculate-amount"),
    path("orders/create-order", CreateOrderView.as_view(), name="orders-create-order"),
    # POST only: there is no list of authorizations.
    *resource_urls("stripe-authorizations", StripeAuthorizationViewSet, list_=False),
    path(
        "events/<str:event_id>/stripe-authorization",
        StripeAuthorizationViewSet.as_view({"get": "retrieve"}),
        name="event-stripe-authorization",
    ),
    *relationship_urls("stripe-authorizations", StripeAuthorizationViewSet),
]
