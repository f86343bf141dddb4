"""Ticket payments on the event's connected Stripe account: PaymentIntents, refunds, and Stripe's webhook.

Direct charges: the platform calls Stripe with its own secret key and a `Stripe-Account` header naming
the organizer's connected account (the one the OAuth link stored), with `application_fee_amount` for
the platform. The organizer is the merchant of record, as in Open Event, which charged with the
account's own key; the platform key plus the header is Stripe's current way for OAuth-connected
accounts and lets the platform take its fee. Every call carries an idempotency key per order.
"""

import logging
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.models import Ticket
from eventyay import errors
from payments import services
from payments.domain import lifecycle, stock
from payments.models import Order, StripeAuthorization

logger = logging.getLogger(__name__)

S = Order.Status
#: Currencies Stripe takes in whole units (no minor unit), per Stripe's currency list.
ZERO_DECIMAL = frozenset(
    "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split()  # noqa: SIM905 - reads as a list
)


def minor_units(amount, currency):
    """`amount` (a Decimal) in the currency's smallest unit, as Stripe wants it: 12.50 EUR → 1250."""
    exponent = 0 if (currency or "").upper() in ZERO_DECIMAL else 2
    return int((Decimal(amount) * 10**exponent).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fee_percent():
    try:
        percent = Decimal(str(settings.STRIPE_APPLICATION_FEE_PERCENT))
    except InvalidOperation:
        raise services.StripeNotConfigured(
            "The platform's Stripe fee (STRIPE_APPLICATION_FEE_PERCENT) is not a number."
        )
    if not 0 <= percent <= 100:
        raise services.StripeNotConfigured("The platform's Stripe fee must be between 0 and 100 percent.")
    return percent


def application_fee(amount):
    """The platform's fee on `amount`, in the order's currency, rounded to the cent."""
    return (Decimal(amount) * fee_percent() / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _authorization(event):
    authorization = StripeAuthorization.objects.filter(event=event).first()
    if authorization is None:
        raise errors.DomainError("This event is not linked to a Stripe account.", field="event")
    return authorization


def _call(what, order, **kwargs):
    """One Stripe API call; Stripe's refusals are 422, an unreachable Stripe 502/504; nothing is saved."""
    try:
        return what(**kwargs)
    except stripe.APIConnectionError as exc:
        timed_out = "Timeout" in str(exc)
        logger.warning("Stripe unreachable for order %s (%s)", order.identifier, "timeout" if timed_out else "error")
        raise services.StripeTimeout() if timed_out else services.StripeUnavailable()
    except (stripe.InvalidRequestError, stripe.CardError) as exc:
        logger.info("Stripe refused a call for order %s: %s", order.identifier, exc.code)
        raise errors.DomainError(f"Stripe refused: {exc.user_message or exc.code or 'invalid request'}")
    except stripe.StripeError as exc:
        logger.warning("Stripe failed for order %s with HTTP %s", order.identifier, exc.http_status)
        raise services.StripeUnavailable()


def create_payment_intent(order, keys=None):
    """Create (or, for the same order, get back) the PaymentIntent on the connected account.

    Returns what Stripe.js needs: the intent's client secret, the platform's publishable key and the account."""
    event = order.event
    if not event.can_pay_by_stripe:
        raise errors.DomainError("This event does not take payments by stripe.", field="payment_mode")
    if order.status not in Order.UNPAID or lifecycle.is_lapsed(order):
        state = "expired" if lifecycle.is_lapsed(order) else order.status
        raise errors.Conflict(f"Only a pending order can be paid; this one is {state}.", field="status")
    if order.amount <= 0:
        raise errors.DomainError("A free order needs no payment.", field="amount")
    authorization = _authorization(event)
    keys = keys or services.platform_keys()
    if not keys.secret_key:
        raise services.StripeNotConfigured()
    fee = application_fee(order.amount)
    params = {
        "amount": minor_units(order.amount, order.currency),
        "currency": (order.currency or "").lower(),
        "automatic_payment_methods": {"enabled": True},
        "description": f"Order {order.identifier}",
        "metadata": {"order_identifier": order.identifier, "event_id": str(event.pk)},
    }
    if fee > 0:
        params["application_fee_amount"] = minor_units(fee, order.currency)
    options = {"stripe_account": authorization.stripe_user_id, "idempotency_key": f"order-{order.identifier}-intent"}
    intent = _call(services.stripe_client(keys).v1.payment_intents.create, order, params=params, options=options)
    with transaction.atomic():
        lifecycle.mark_pending(order, Order.PaymentMode.STRIPE)
        Order.objects.filter(pk=order.pk).update(transaction_id=intent.id, application_fee=fee, paid_via="stripe")
    order.transaction_id, order.application_fee = intent.id, fee
    logger.info("Order %s: PaymentIntent %s on %s", order.identifier, intent.id, authorization.stripe_user_id)
    return {
        "payment_intent_id": intent.id,
        "client_secret": intent.client_secret,
        "stripe_publishable_key": keys.publishable_key,
        "stripe_account": authorization.stripe_user_id,
        "amount": str(order.amount),
        "application_fee": str(fee),
        "currency": order.currency,
    }


def refund(order, keys=None):
    """Refund a Stripe order's payment in full on the connected account (the platform's fee too).

    Called by `lifecycle.refund` under the order's lock; a failure raises and nothing changes."""
    authorization = StripeAuthorization.objects.filter(event_id=order.event_id).first()
    if authorization is None:
        raise errors.Conflict(
            "The event is no longer linked to Stripe; refund the payment in Stripe's dashboard.", field="status"
        )
    return _refund_intent(order, authorization, order.transaction_id, f"order-{order.identifier}-refund", keys)


def _refund_intent(order, authorization, intent_id, idempotency_key, keys=None):
    keys = keys or services.platform_keys()
    params = {"payment_intent": intent_id, "refund_application_fee": True, "reason": "requested_by_customer"}
    options = {"stripe_account": authorization.stripe_user_id, "idempotency_key": idempotency_key}
    answer = _call(services.stripe_client(keys).v1.refunds.create, order, params=params, options=options)
    logger.info("Order %s: payment %s refunded at Stripe (%s)", order.identifier, intent_id, answer.id)
    return answer.id


def _give_back(order, intent, why):
    """A payment Stripe took for an order that cannot be kept is refunded at once, so no buyer pays for
    nothing. A failure raises: the delivery is not recorded and Stripe sends it again later."""
    authorization = StripeAuthorization.objects.filter(event_id=order.event_id).first()
    if authorization is None:
        logger.error("Order %s was paid at Stripe while %s and the event is unlinked; refund it by hand", order, why)
        return why
    _refund_intent(order, authorization, intent["id"], f"order-{order.identifier}-unkept-{intent['id']}")
    logger.warning("Order %s was paid at Stripe while %s; the payment was refunded", order.identifier, why)
    return why


# --------------------------------------------------------------- webhooks
def _order_for(intent, account):
    identifier = (intent.get("metadata") or {}).get("order_identifier")
    order = Order.objects.select_related("event").filter(identifier=identifier).first() if identifier else None
    if order is None:
        order = Order.objects.select_related("event").filter(transaction_id=intent.get("id") or "-").first()
    if order is None:
        return None
    linked = StripeAuthorization.objects.filter(event_id=order.event_id).values_list("stripe_user_id", flat=True)
    if account and account not in linked:
        logger.warning("Stripe event for order %s came from another account; ignored", order.identifier)
        return None
    return order


def _still_in_stock(order):
    """A lapsed (not yet swept) order holds nothing: it may complete only if its tickets are still left."""
    lines = list(order.order_tickets.select_related("ticket"))
    locked = Ticket.objects.select_for_update().filter(pk__in=[line.ticket_id for line in lines]).order_by("pk")
    list(locked)  # buyers lock tickets in id order too
    try:
        stock.check_stock(lines)
    except errors.Conflict:
        return False
    return True


def intent_succeeded(intent, account):
    order = _order_for(intent, account)
    if order is None:
        return "ignored"
    if intent.get("amount_received", intent.get("amount")) != minor_units(order.amount, order.currency) or (
        (intent.get("currency") or "").lower() != (order.currency or "").lower()
    ):
        logger.error("PaymentIntent %s does not match order %s's amount; not completed", intent.get("id"), order)
        return "mismatch"
    if order.status in Order.ENDED:
        return _give_back(order, intent, "ended")
    if lifecycle.is_lapsed(order) and not _still_in_stock(order):
        return _give_back(order, intent, "sold-out")
    done = lifecycle.complete(
        order, payment_mode=Order.PaymentMode.STRIPE, transaction_id=intent["id"], paid_via="stripe"
    )
    return "completed" if done else "unchanged"


def intent_failed(intent, account):
    """The buyer may try again until the order expires: nothing changes, it is logged."""
    order = _order_for(intent, account)
    if order is not None:
        reason = (intent.get("last_payment_error") or {}).get("code") or "unknown"
        logger.info("Stripe payment for order %s failed (%s)", order.identifier, reason)
    return "logged"


def intent_canceled(intent, account):
    order = _order_for(intent, account)
    if order is None or order.status not in Order.UNPAID:
        return "unchanged"  # a late or out-of-order cancel never undoes a paid order
    lifecycle.cancel(order, note="The Stripe payment was cancelled.")
    return "cancelled"


def charge_refunded(charge, account):
    """A refund made in Stripe (or confirming ours): a fully refunded charge refunds its order once."""
    order = _order_for({"id": charge.get("payment_intent"), "metadata": charge.get("metadata")}, account)
    if order is None or not charge.get("refunded") or order.status != S.COMPLETED:
        return "unchanged"
    lifecycle.refund(order, at_provider=False, now=timezone.now())
    return "refunded"


HANDLERS = {
    "payment_intent.succeeded": intent_succeeded,
    "payment_intent.payment_failed": intent_failed,
    "payment_intent.canceled": intent_canceled,
    "charge.refunded": charge_refunded,
}
