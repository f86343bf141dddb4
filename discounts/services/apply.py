"""Applying a ticket discount code to an order: the service `payments` calls when it prices and places one.

`lines` are the order's lines as `payments` builds them: objects with `ticket`, `quantity` and `price`.
Uses are taken and given back with `F()` on a row the caller has locked (`load_code(lock=True)`), so
racing buyers can never take more than what is left.
"""

from django.db.models import F

from discounts.models import DiscountCode
from discounts.services import validity
from discounts.services.codes import validity_error
from discounts.services.money import ZERO
from eventyay import errors

FIELD = "discount-code"


def load_code(code_id, lock=False):
    """The code named by an order (locked for the transaction when `lock`); 422 when there is none."""
    return validity.load_code(DiscountCode, code_id, "Discount code", FIELD, lock)


def check_code(code, event, lines):
    """Refuse a code that cannot discount this order; returns (covered ticket ids, covered quantity)."""
    if code.used_for != DiscountCode.UsedFor.TICKET or code.event_id != event.pk:
        raise errors.DomainError("This discount code is not valid for this event.", field=FIELD)
    error = validity_error(code, event)
    if error:
        raise errors.DomainError(error, field=FIELD)
    covered_ids = set(code.tickets.values_list("pk", flat=True))
    covered = sum(line.quantity for line in lines if line.ticket.pk in covered_ids and line.price > ZERO)
    if covered == 0:
        raise errors.DomainError("This discount code does not apply to any of these tickets.", field=FIELD)
    if code.min_quantity is not None and covered < code.min_quantity:
        raise errors.DomainError(f"This discount code needs at least {code.min_quantity} tickets.", field=FIELD)
    if code.max_quantity is not None and covered > code.max_quantity:
        raise errors.DomainError(
            f"This discount code covers at most {code.max_quantity} tickets per order.", field=FIELD
        )
    if code.tickets_number is not None and code.used_count + covered > code.tickets_number:
        left = max(code.tickets_number - code.used_count, 0)
        raise errors.Conflict(f"This discount code is used up: {left} uses left, {covered} requested.", field=FIELD)
    return covered_ids, covered


def take_uses(code, count):
    if count:
        DiscountCode.objects.filter(pk=code.pk).update(used_count=F("used_count") + count)


def give_back_uses(code_id, count):
    """An order that no longer holds its tickets (cancelled, expired, refunded) frees its code's uses."""
    if code_id and count:
        DiscountCode.objects.filter(pk=code_id, used_count__gte=count).update(used_count=F("used_count") - count)
