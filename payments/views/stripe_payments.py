"""`POST /v1/orders/<identifier>/create-payment-intent` (the buyer or the event's organizers) and
`POST /v1/webhooks/stripe` (Stripe, proven by its signature). Plain JSON; the rules are in
`payments.domain.stripe_payments` and `payments.domain.stripe_webhooks`.
"""

from django.db.models import Q
from django.http import Http404
from rest_framework import exceptions, parsers
from rest_framework.response import Response

from eventyay.api import permissions as perms
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import operation, plain_schema
from eventyay.api.schema.components import MONEY, STRING, obj
from eventyay.ids import as_id
from payments.domain import changes, stripe_payments, stripe_webhooks
from payments.models import Order

INTENT = obj(
    {
        "payment_intent_id": STRING,
        "client_secret": STRING,
        "stripe_publishable_key": STRING,
        "stripe_account": STRING,
        "amount": MONEY,
        "application_fee": MONEY,
        "currency": STRING,
    },
    ["payment_intent_id", "client_secret", "stripe_account"],
)


@plain_schema(
    post=operation(
        None, INTENT, errors=(401, 403, 404, 409, 422, 502, 504), login=True, tag="orders", summary="Pay by Stripe"
    )
)
class CreatePaymentIntentView(PlainJSONView):
    permission_classes = [perms.IsAuthenticated]

    def post(self, request, identifier):
        pk = as_id(identifier)
        query = Q(identifier=identifier) | Q(pk=pk) if pk is not None else Q(identifier=identifier)
        order = Order.objects.select_related("event").filter(query).first()
        if order is None or not (order.user_id == request.user.pk or perms.can_see_event(request.user, order.event)):
            raise Http404(f"Order '{identifier}' not found.")
        if order.user_id != request.user.pk and not changes.manages(request.user, order.event):
            raise exceptions.PermissionDenied("Only the buyer and the event's organizers may pay for this order.")
        return Response(stripe_payments.create_payment_intent(order))


class RawBodyParser(parsers.BaseParser):
    """Stripe signs the bytes it sends: the view reads `request.body` itself, whatever the content type."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}


@plain_schema(post=operation(None, obj({"received": {"type": "boolean"}}), errors=(400, 403), tag="orders"))
class StripeWebhookView(PlainJSONView):
    authentication_classes = []
    permission_classes = []
    parser_classes = [RawBodyParser]

    def post(self, request):
        outcome = stripe_webhooks.handle(request.body, request.headers.get("Stripe-Signature"))
        return Response({"received": True, "outcome": outcome})
