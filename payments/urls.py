"""Routes under /v1/ contributed by this app (reference §3.7 and the orders, attendees and tax of issue 17)."""

from django.urls import path

from eventyay.api.routing import nested_list, relationship_urls, resource_urls
from payments.views.checkout import CalculateAmountView, CreateOrderView
from payments.views.orders import AttendeeViewSet, OrderStatisticsView, OrderViewSet
from payments.views.stripe_authorizations import StripeAuthorizationViewSet
from payments.views.stripe_payments import CreatePaymentIntentView, StripeWebhookView
from payments.views.tax import TaxViewSet

urlpatterns = [
    path("orders/calculate-amount", CalculateAmountView.as_view(), name="orders-calculate-amount"),
    path("orders/create-order", CreateOrderView.as_view(), name="orders-create-order"),
    path(
        "orders/<str:identifier>/create-payment-intent",
        CreatePaymentIntentView.as_view(),
        name="order-create-payment-intent",
    ),
    path("webhooks/stripe", StripeWebhookView.as_view(), name="stripe-webhook"),
    path("events/<str:event_id>/order-statistics", OrderStatisticsView.as_view(), name="event-order-statistics"),
    path("tickets/<str:ticket_id>/order-statistics", OrderStatisticsView.as_view(), name="ticket-order-statistics"),
    nested_list("events", "event_id", "orders", OrderViewSet),
    nested_list("users", "user_id", "orders", OrderViewSet),
    nested_list("tickets", "ticket_id", "orders", OrderViewSet),
    nested_list("events", "event_id", "attendees", AttendeeViewSet),
    nested_list("tickets", "ticket_id", "attendees", AttendeeViewSet),
    nested_list("orders", "order_id", "attendees", AttendeeViewSet),
    nested_list("users", "user_id", "attendees", AttendeeViewSet),
    *resource_urls("orders", OrderViewSet, create=False),
    *relationship_urls("orders", OrderViewSet),
    *resource_urls("attendees", AttendeeViewSet, create=False),
    *relationship_urls("attendees", AttendeeViewSet),
    path("events/<str:event_id>/tax", TaxViewSet.as_view({"get": "event_tax"}), name="event-tax"),
    *resource_urls("taxes", TaxViewSet),
    *relationship_urls("taxes", TaxViewSet),
    # POST only: there is no list of authorizations.
    *resource_urls("stripe-authorizations", StripeAuthorizationViewSet, list_=False),
    path(
        "events/<str:event_id>/stripe-authorization",
        StripeAuthorizationViewSet.as_view({"get": "retrieve"}),
        name="event-stripe-authorization",
    ),
    *relationship_urls("stripe-authorizations", StripeAuthorizationViewSet),
]
