"""Pricing and placing an order (`calculate-amount`, `create-order`).

Placing locks the discount code first, then the tickets in id order (one lock order, no deadlocks);
what is left is counted only once the locks are held, so concurrent buyers queue up and exactly
what is left is sold. Free orders complete at once; paid ones wait `ORDER_EXPIRY_MINUTES` for payment.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from discounts.services import access
from discounts.services import apply as codes
from payments.domain import lifecycle, pricing, stock
from payments.domain.cart import load_lines, parse_cart
from payments.models import Attendee, Order, OrderTicket

logger = logging.getLogger(__name__)


def expiry_minutes():
    return settings.ORDER_EXPIRY_MINUTES


def _unlocked(cart, lock):
    """The access code named by the cart and the hidden tickets it unlocks."""
    if cart.access_code_id is None:
        return None, frozenset()
    code = access.load_code(cart.access_code_id, lock=lock)
    return code, access.unlocked_ticket_ids(code)


def _priced(user, cart, lock):
    discount_code = codes.load_code(cart.discount_code_id, lock=lock) if cart.discount_code_id else None
    access_code, unlocked = _unlocked(cart, lock)
    lines = load_lines(user, cart, unlocked_ids=unlocked, lock=lock)
    event = lines[0].ticket.event
    if lock:
        # Under the locks: the event's lapsed orders give their code uses back before the codes are checked.
        lifecycle.expire_due(event=event)
        for code in (discount_code, access_code):
            if code is not None:
                code.refresh_from_db(fields=["used_count"])
    if access_code is not None:
        access.check_code(access_code, event, lines)
    covered_ids, covered = set(), 0
    if discount_code is not None:
        covered_ids, covered = codes.check_code(discount_code, event, lines)
    amounts = pricing.price_lines(lines, discount_code, covered_ids, event.payment_currency, pricing.event_tax(event))
    return event, lines, discount_code, covered, access_code, amounts


def calculate_amount(user, data):
    """What the cart would cost, with the code applied where it covers the tickets; nothing is written."""
    *_, amounts = _priced(user, parse_cart(data), lock=False)
    return pricing.public(amounts)


@transaction.atomic
def place_order(user, data, now=None):
    """Record the order, its lines and one blank attendee per ticket; take the code's uses and the stock."""
    now = now or timezone.now()
    cart = parse_cart(data)
    event, lines, discount_code, covered, access_code, amounts = _priced(user, cart, lock=True)
    stock.check_stock(lines)
    order = Order.objects.create(
        event=event,
        user=user,
        discount_code=discount_code,
        access_code=access_code,
        currency=event.payment_currency or "",
        sub_total=amounts["sub_total"] + amounts["discount"],
        discount=amounts["discount"],
        tax_amount=amounts["_tax_amount"],
        amount=amounts["total"],
        quantity=sum(line.quantity for line in lines),
        code_uses=covered,
        access_uses=access.covered_quantity(access_code, lines) if access_code else 0,
        created_at=now,
        expires_at=now + timedelta(minutes=expiry_minutes()),
    )
    OrderTicket.objects.bulk_create(
        OrderTicket(
            order=order,
            ticket_id=row["id"],
            quantity=row["quantity"],
            price=row["price"],
            discounted_quantity=row["_discounted_quantity"],
            discount=row["_discount"],
            sub_total=row["sub_total"],
        )
        for row in amounts["tickets"]
    )
    Attendee.objects.bulk_create(
        Attendee(order=order, ticket=line.ticket, event=event) for line in lines for _ in range(line.quantity)
    )
    if discount_code is not None:
        codes.take_uses(discount_code, covered)
    if access_code is not None:
        access.take_uses(access_code, order.access_uses)
    if order.amount == 0:
        lifecycle.complete(order, payment_mode=Order.PaymentMode.FREE, now=now)
    logger.info("Order %s: %s tickets, status %s", order.identifier, order.quantity, order.status)
    return order, pricing.public(amounts)


def order_document(order, amounts):
    """The plain-JSON answer of create-order (as before, plus the order's status and expiry)."""
    return {
        "id": order.pk,
        "identifier": order.identifier,
        "status": order.status,
        "event": order.event_id,
        "discount-code": order.discount_code_id,
        "access-code": order.access_code_id,
        "quantity": order.quantity,
        "amount": order.amount,
        "expires-at": order.expires_at.isoformat() if order.expires_at and order.status in Order.UNPAID else None,
        "sub_total": amounts["sub_total"],
        "discount": amounts["discount"],
        "tax": amounts["tax"],
        "total": amounts["total"],
        "tickets": amounts["tickets"],
    }
