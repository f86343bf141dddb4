"""What a buyer asks for (`{"tickets": [{"id", "quantity", "price"?}], "discount-code", "access-code"}`)
and the rules each ticket must keep to be sold: its event visible, on sale now, not hidden unless an
access code unlocks it, within min/max order, a donation within its price range.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone

from discounts.services.money import ZERO
from events.models import Ticket
from eventyay import errors
from eventyay.api import permissions as perms


@dataclass
class Line:
    ticket: Ticket
    quantity: int
    price: Decimal


@dataclass
class Cart:
    items: list
    discount_code_id: int | None
    access_code_id: int | None


def _int(value, field, minimum=0):
    if isinstance(value, bool):
        raise errors.DomainError("must be a whole number", field=field)
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise errors.DomainError("must be a whole number", field=field) from None
    if number < minimum:
        raise errors.DomainError(f"must be at least {minimum}", field=field)
    return number


def _decimal(value, field):
    if value is None or isinstance(value, bool):
        raise errors.DomainError("a price is required for a donation ticket", field=field)
    try:
        number = Decimal(str(value))
    except (ArithmeticError, InvalidOperation):
        raise errors.DomainError("must be a number", field=field) from None
    if not number.is_finite():
        raise errors.DomainError("must be a number", field=field)
    return number


def _optional_id(data, *names):
    for name in names:
        if data.get(name) is not None:
            return _int(data[name], names[0], minimum=1)
    return None


def parse_cart(data):
    """The buyer's request as plain values; every refusal points at the part of the body at fault."""
    if not isinstance(data, dict):
        raise errors.DomainError("The body must be a JSON object.")
    items = data.get("tickets")
    if not isinstance(items, list) or not items:
        raise errors.DomainError('Send at least one ticket as {"id", "quantity"}.', field="tickets")
    parsed, seen = [], set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise errors.DomainError("Each ticket must be an object.", field=f"tickets/{index}")
        ticket_id = _int(item.get("id"), f"tickets/{index}/id", minimum=1)
        if ticket_id in seen:
            raise errors.DomainError(f"Ticket {ticket_id} is listed twice.", field=f"tickets/{index}/id")
        seen.add(ticket_id)
        quantity = _int(item.get("quantity", 1), f"tickets/{index}/quantity", minimum=1)
        if quantity > settings.DISCOUNT_MAX_ORDER_QUANTITY:
            raise errors.DomainError(
                f"At most {settings.DISCOUNT_MAX_ORDER_QUANTITY} per ticket.", field=f"tickets/{index}/quantity"
            )
        parsed.append({"id": ticket_id, "quantity": quantity, "price": item.get("price"), "index": index})
    return Cart(
        parsed,
        _optional_id(data, "discount-code", "discount_code"),
        _optional_id(data, "access-code", "access_code"),
    )


def load_lines(user, cart, unlocked_ids=frozenset(), lock=False, now=None):
    """The cart's tickets checked against every sale rule (locked in id order when `lock`).

    A hidden ticket not unlocked by the order's access code is answered exactly like a ticket that
    does not exist, so neither pricing nor ordering tells a visitor it is there.
    """
    now = now or timezone.now()
    queryset = Ticket.objects.select_related("event").filter(pk__in=[item["id"] for item in cart.items])
    if lock:
        queryset = queryset.select_for_update(of=("self",)).order_by("pk")
    tickets = {ticket.pk: ticket for ticket in queryset}
    events, lines = set(), []
    for item in cart.items:
        field = f"tickets/{item['index']}"
        ticket = tickets.get(item["id"])
        event = ticket.event if ticket is not None else None
        visible = event is not None and event.deleted_at is None and perms.can_see_event(user, event)
        if visible and ticket.is_hidden and ticket.pk not in unlocked_ids:
            visible = False
        if not visible:
            raise errors.DomainError(f"Ticket {item['id']} does not exist.", field=f"{field}/id")
        events.add(ticket.event_id)
        if ticket.sales_starts_at and now < ticket.sales_starts_at:
            raise errors.DomainError(f"Sales of ticket {ticket.pk} have not started yet.", field=f"{field}/id")
        if ticket.sales_ends_at and now > ticket.sales_ends_at:
            raise errors.DomainError(f"Sales of ticket {ticket.pk} have ended.", field=f"{field}/id")
        if ticket.min_order and item["quantity"] < ticket.min_order:
            raise errors.DomainError(
                f"Order at least {ticket.min_order} of ticket {ticket.pk}.", field=f"{field}/quantity"
            )
        if ticket.max_order and item["quantity"] > ticket.max_order:
            raise errors.DomainError(
                f"Order at most {ticket.max_order} of ticket {ticket.pk}.", field=f"{field}/quantity"
            )
        lines.append(Line(ticket, item["quantity"], _price(ticket, item, field)))
    if len(events) > 1:
        raise errors.DomainError("All tickets of an order must belong to one event.", field="tickets")
    return lines


def _price(ticket, item, field):
    if ticket.type == Ticket.Type.FREE:
        return ZERO
    if ticket.type == Ticket.Type.DONATION:
        price = _decimal(item["price"], f"{field}/price")
        low, high = ticket.min_price or ZERO, ticket.max_price
        if price < low or (high is not None and price > high):
            raise errors.DomainError(
                f"The price of a donation ticket must be within {low} and {high}.", field=f"{field}/price"
            )
        return price
    return ticket.price or ZERO
