"""Payments own the sale: orders and their lines, attendees, the event's tax, and the Stripe link."""

from payments.models.orders import Attendee, Order, OrderTicket
from payments.models.stripe import PaymentSettings, StripeAuthorization, StripeWebhookEvent
from payments.models.tax import Tax

__all__ = ["Attendee", "Order", "OrderTicket", "PaymentSettings", "StripeAuthorization", "StripeWebhookEvent", "Tax"]
