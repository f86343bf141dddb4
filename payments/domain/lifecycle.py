"""An order's life after it is placed: complete, place (offline payment), cancel, refund, expire.

initializing → pending (paying online) → completed; initializing/pending → placed (cheque, bank,
on site; an organizer completes it); any live order → cancelled; completed → refunded; unpaid
orders past `expires_at` → expired. Ending an order gives its tickets (they are no longer counted)
and its codes' uses back. Each transition locks the order row, so a replayed or racing call is harmless.
"""

import logging

from django.db import transaction
from django.utils import timezone

from discounts.services import access
from discounts.services import apply as codes
from eventyay import errors
from payments.domain import mails
from payments.models import Order

logger = logging.getLogger(__name__)

S = Order.Status


def _locked(order):
    return Order.objects.select_for_update().get(pk=order.pk)


def _sync(order, fresh):
    for field in ("status", "payment_mode", "completed_at", "cancelled_at", "cancel_note", "expires_at"):
        setattr(order, field, getattr(fresh, field))
    return order


def _give_back(order):
    codes.give_back_uses(order.discount_code_id, order.code_uses)
    access.give_back_uses(order.access_code_id, order.access_uses)


def is_lapsed(order, now=None):
    now = now or timezone.now()
    return order.status in Order.UNPAID and order.expires_at is not None and order.expires_at <= now


@transaction.atomic
def complete(order, payment_mode=None, now=None, **payment):
    """Mark the order paid; mails the buyer once committed. Completing a completed order changes nothing.

    Returns True when this call completed it."""
    now = now or timezone.now()
    fresh = _locked(order)
    if fresh.status == S.COMPLETED:
        _sync(order, fresh)
        return False
    if fresh.status not in (*Order.UNPAID, S.PLACED):
        raise errors.Conflict(f"A {fresh.status} order cannot be completed.", field="status")
    fresh.status = S.COMPLETED
    fresh.completed_at = now
    fresh.payment_mode = payment_mode or fresh.payment_mode
    for name, value in payment.items():
        setattr(fresh, name, value)
    fresh.save()
    _sync(order, fresh)
    transaction.on_commit(lambda: mails.send_order_completed(fresh.pk))
    logger.info("Order %s completed (%s)", fresh.identifier, fresh.payment_mode)
    return True


@transaction.atomic
def place(order, payment_mode):
    """The buyer will pay offline: the order keeps its tickets (no expiry) until an organizer completes it."""
    fresh = _locked(order)
    if fresh.status == S.PLACED and fresh.payment_mode == payment_mode:
        return _sync(order, fresh)
    if fresh.status == S.EXPIRED or is_lapsed(fresh):
        raise errors.Conflict("This order has expired; its tickets were given back.", field="status")
    if fresh.status not in Order.UNPAID:
        raise errors.Conflict(f"A {fresh.status} order cannot be placed.", field="status")
    fresh.status, fresh.payment_mode, fresh.expires_at = S.PLACED, payment_mode, None
    fresh.save(update_fields=["status", "payment_mode", "expires_at"])
    return _sync(order, fresh)


@transaction.atomic
def mark_pending(order, payment_mode):
    """The buyer chose to pay online: still unpaid, still expiring."""
    fresh = _locked(order)
    if fresh.status not in Order.UNPAID or is_lapsed(fresh):
        raise errors.Conflict("Only an unpaid order that has not expired can wait for a payment.", field="status")
    fresh.status, fresh.payment_mode = S.PENDING, payment_mode
    fresh.save(update_fields=["status", "payment_mode"])
    return _sync(order, fresh)


@transaction.atomic
def cancel(order, note="", now=None):
    fresh = _locked(order)
    if fresh.status == S.CANCELLED:
        return _sync(order, fresh)
    if fresh.status in Order.ENDED:
        raise errors.Conflict(f"A {fresh.status} order cannot be cancelled.", field="status")
    fresh.status, fresh.cancelled_at, fresh.cancel_note = S.CANCELLED, now or timezone.now(), note or ""
    fresh.save(update_fields=["status", "cancelled_at", "cancel_note"])
    _give_back(fresh)
    return _sync(order, fresh)


@transaction.atomic
def refund(order, now=None, at_provider=True):
    """A completed order's money goes back (through Stripe when it was paid there) and its tickets are freed.

    `at_provider=False` records a refund the provider already made (Stripe's `charge.refunded`)."""
    fresh = _locked(order)
    if fresh.status == S.REFUNDED:
        return _sync(order, fresh)
    if fresh.status != S.COMPLETED:
        raise errors.Conflict("Only a completed order can be refunded.", field="status")
    if at_provider and fresh.payment_mode == Order.PaymentMode.STRIPE and fresh.transaction_id:
        from payments.domain import stripe_payments

        stripe_payments.refund(fresh)
    fresh.status, fresh.cancelled_at = S.REFUNDED, now or timezone.now()
    fresh.save(update_fields=["status", "cancelled_at"])
    _give_back(fresh)
    return _sync(order, fresh)


def expire_due(now=None, event=None):
    """Expire unpaid orders past their time (the periodic job, and lazily before reads and sales).

    Rows another transaction holds are skipped (they will be expired next time); returns how many expired."""
    now = now or timezone.now()
    due = Order.objects.filter(status__in=Order.UNPAID, expires_at__lte=now)
    if event is not None:
        due = due.filter(event=event)
    count = 0
    with transaction.atomic():
        for order in due.select_for_update(skip_locked=True).order_by("pk"):
            order.status = S.EXPIRED
            order.save(update_fields=["status"])
            _give_back(order)
            count += 1
    if count:
        logger.info("Expired %s unpaid orders", count)
    return count
