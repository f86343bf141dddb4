"""Stripe's webhook: verify the signature, drop replays, hand the event to `stripe_payments`.

The signature is Stripe's `Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload">` with the
endpoint's signing secret, checked in constant time with a timestamp tolerance (Stripe's library does
the check). Processed event ids are stored in the same transaction as the change they made, so a
replayed delivery changes nothing, and a delivery that failed half-way is retried whole.
"""

import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from eventyay import errors
from payments import services
from payments.domain import stripe_payments
from payments.models import StripeWebhookEvent

logger = logging.getLogger(__name__)


class BadSignature(errors.Malformed):
    def __init__(self, message="The Stripe-Signature header is missing, forged or too old."):
        super().__init__(message, code="bad_signature")


def verify(payload, signature, secret=None, tolerance=None):
    """The event as a dict, if `signature` proves Stripe sent `payload` recently; else BadSignature."""
    secret = secret or settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise services.StripeNotConfigured("Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET).")
    tolerance = settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS if tolerance is None else tolerance
    try:
        stripe.WebhookSignature.verify_header(payload, signature or "", secret, tolerance)
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError):
        logger.info("Stripe webhook refused: bad signature")
        raise BadSignature()
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
        raise BadSignature("The Stripe event has no id or type.")
    return event


def handle(payload, signature):
    """Verify and process one delivery; returns what was done ("duplicate", "ignored", "completed", …)."""
    event = verify(payload, signature)
    handler = stripe_payments.HANDLERS.get(event["type"])
    data = event.get("data")
    obj = (data.get("object") if isinstance(data, dict) else None) or {}
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeWebhookEvent.objects.create(event_id=event["id"][:255], type=event["type"][:128])
        except IntegrityError:
            logger.info("Stripe event %s already processed", event["id"])
            return "duplicate"
        outcome = handler(obj, event.get("account")) if handler and isinstance(obj, dict) else "ignored"
    logger.info("Stripe event %s (%s): %s", event["id"], event["type"], outcome)
    return outcome
