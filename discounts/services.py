"""Discount code rules: validating codes, pricing an order, taking uses safely, bulk codes, CSV.

Everything here is plain functions over models, callable from views, commands and tests.
Money is `Decimal` end to end and rounded once per figure with ROUND_HALF_UP to the
currency's minor unit. Uses of a code and sales of a ticket are taken inside one
transaction under row locks (`select_for_update`), the code's counter moves with `F()`,
so racing buyers can never take more than what is left.
"""

import csv
import io
import logging
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions

from discounts.models import DiscountCode, EventDiscountCode, Order, OrderTicket
from events.models import Event, Ticket
from eventyay.api import permissions as perms
from eventyay.api.exceptions import Conflict, UnprocessableEntity

logger = logging.getLogger(__name__)

ZERO = Decimal("0")
HUNDRED = Decimal("100")
#: ISO 4217 currencies without a minor unit: amounts are whole numbers.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV"}
    | {"XAF", "XOF", "XPF"}
)
#: No 0/O, 1/I/L: codes people can read aloud and type without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# --------------------------------------------------------------------- money
def money_places(currency):
    return 0 if (currency or "").upper() in ZERO_DECIMAL_CURRENCIES else 2


def round_money(value, currency=None):
    """ROUND_HALF_UP to the currency's minor unit (2 places unless the currency has none)."""
    exponent = Decimal(1).scaleb(-money_places(currency))
    return Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def unit_discount(code, price, currency=None):
    """What the code takes off one ticket of `price`: never more than the price, never negative."""
    if price <= ZERO:
        return round_money(ZERO, currency)
    if code.type == DiscountCode.Type.PERCENT:
        off = round_money(price * code.value / HUNDRED, currency)
    else:
        off = round_money(code.value, currency)
    return min(max(off, ZERO), round_money(price, currency))


# ------------------------------------------------------------ code validation
def _get(attrs, instance, name, default=None):
    if name in attrs:
        return attrs[name]
    return getattr(instance, name, default) if instance is not None else default


def with_quantity_default(attrs):
    """On create, an omitted max-quantity follows a smaller tickets-number (a single-use code stays valid)."""
    number = attrs.get("tickets_number")
    if "max_quantity" not in attrs and number is not None:
        default = DiscountCode._meta.get_field("max_quantity").default
        return {**attrs, "max_quantity": min(default, number)}
    return attrs


def code_errors(attrs, instance=None, tickets=None):
    """Field errors of a code once `attrs` are applied to `instance` ({field: [message]}).

    `tickets` is the final set of linked tickets (None = keep the stored ones), so the
    amount-vs-price rule is checked against every ticket the code will cover.
    """
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    used_for = _get(attrs, instance, "used_for")
    kind = _get(attrs, instance, "type")
    value = _get(attrs, instance, "value")
    if value is not None and kind == DiscountCode.Type.PERCENT and not (ZERO < value <= HUNDRED):
        add("value", "A percent discount must be more than 0 and at most 100.")
    if value is not None and kind == DiscountCode.Type.AMOUNT and value < ZERO:
        add("value", "A discount amount cannot be negative.")

    min_q, max_q = _get(attrs, instance, "min_quantity"), _get(attrs, instance, "max_quantity")
    number = _get(attrs, instance, "tickets_number")
    if min_q is not None and max_q is not None and min_q > max_q:
        add("min_quantity", "min-quantity cannot be more than max-quantity.")
    if number is not None and max_q is not None and max_q > number:
        add("max_quantity", "max-quantity cannot be more than tickets-number.")
    if number is not None and min_q is not None and min_q > number:
        add("min_quantity", "min-quantity cannot be more than tickets-number.")
    if instance is not None and number is not None and number < instance.used_count:
        add("tickets_number", f"{instance.used_count} tickets were already bought with this code.")

    valid_from, valid_till = _get(attrs, instance, "valid_from"), _get(attrs, instance, "valid_till")
    if valid_from and valid_till and valid_till <= valid_from:
        add("valid_till", "valid-till must be after valid-from.")

    if used_for == DiscountCode.UsedFor.TICKET:
        event = _get(attrs, instance, "event")
        if tickets is None:
            tickets = list(instance.tickets.all()) if instance is not None and instance.pk else []
        for ticket in tickets:
            if event is not None and ticket.event_id != event.pk:
                add("tickets", f"Ticket {ticket.pk} belongs to another event.")
            elif ticket.deleted_at is not None:
                add("tickets", f"Ticket {ticket.pk} was deleted.")
            elif kind == DiscountCode.Type.AMOUNT and value is not None and ticket_price(ticket) < value:
                add("value", f"The discount amount cannot be more than the price of ticket {ticket.pk}.")
    return errors


def ticket_price(ticket):
    """The lowest price a ticket sells for (a donation's minimum), for the amount-vs-price rule."""
    if ticket.type == Ticket.Type.FREE:
        return ZERO
    if ticket.type == Ticket.Type.DONATION:
        return ticket.min_price or ZERO
    return ticket.price or ZERO


def duplicate_code(code, used_for, event=None, exclude_pk=None):
    """The live code with the same text (case-insensitive) in the same scope, if any."""
    queryset = DiscountCode.objects.annotate(code_lower=Lower("code")).filter(
        code_lower=code.lower(), used_for=used_for
    )
    if used_for == DiscountCode.UsedFor.TICKET:
        queryset = queryset.filter(event=event)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.first()


def check_unique(code, used_for, event=None, exclude_pk=None):
    if code and duplicate_code(code, used_for, event, exclude_pk) is not None:
        raise Conflict({"code": ["Discount Code already exists"]})


def events_with_a_code(events, exclude_code=None):
    links = EventDiscountCode.objects.filter(event__in=events)
    if exclude_code is not None:
        links = links.exclude(discount_code=exclude_code)
    return sorted(links.values_list("event_id", flat=True))


# ------------------------------------------------------------ code writes
@transaction.atomic
def save_code(user, attrs, instance=None, tickets=None, events=None):
    """Create or update a code after checking every rule; the caller has checked roles."""
    if instance is None:
        attrs = with_quantity_default(attrs)
    used_for = _get(attrs, instance, "used_for")
    if instance is not None and "used_for" in attrs and attrs["used_for"] != instance.used_for:
        raise Conflict({"used_for": ["used-for cannot be changed."]})
    check_unique(_get(attrs, instance, "code"), used_for, _get(attrs, instance, "event"), getattr(instance, "pk", None))
    errors = code_errors(attrs, instance, tickets)
    if events:
        taken = events_with_a_code(events, exclude_code=instance)
        if taken:
            errors.setdefault("events", []).append(f"Events {taken} already have a discount code.")
    if errors:
        raise exceptions.ValidationError(errors)
    if instance is None:
        if used_for == DiscountCode.UsedFor.TICKET and "marketer" not in attrs:
            attrs = {**attrs, "marketer": user}
        instance = DiscountCode.objects.create(**attrs)
    else:
        for name, value in attrs.items():
            setattr(instance, name, value)
        instance.save()
    if tickets is not None:
        instance.tickets.set(tickets)
    if events is not None:
        EventDiscountCode.objects.filter(discount_code=instance).exclude(event__in=events).delete()
        for event in events:
            EventDiscountCode.objects.get_or_create(event=event, defaults={"discount_code": instance})
    return instance


def event_code_of(event):
    link = EventDiscountCode.objects.select_related("discount_code").filter(event=event).first()
    if link is None or link.discount_code.deleted_at is not None:
        return None
    return link.discount_code


# ------------------------------------------------------------ applying codes
def validity_error(code, event, now=None):
    """Why a code cannot be applied right now (None when it can)."""
    now = now or timezone.now()
    if not code.is_active:
        return "Discount Code is not active"
    if code.valid_from and now < code.valid_from:
        return "Discount Code is not valid yet"
    ends = code.valid_till or (event.ends_at if event is not None else None)
    if ends and now > ends:
        return "Discount Code has expired"
    return None


def find_live_code(event, text):
    """`GET /events/<id>/discount-codes/<code>`: the event's live ticket code, usable now."""
    code = (
        DiscountCode.objects.annotate(code_lower=Lower("code"))
        .filter(event=event, used_for=DiscountCode.UsedFor.TICKET, code_lower=str(text).lower())
        .first()
    )
    if code is None:
        raise Http404("Discount Code not found")
    error = validity_error(code, event)
    if error:
        raise UnprocessableEntity(error)
    return code


@dataclass
class Line:
    ticket: Ticket
    quantity: int
    price: Decimal


def _int(value, pointer, minimum=0):
    if isinstance(value, bool):
        raise UnprocessableEntity("must be a whole number", pointer=pointer)
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise UnprocessableEntity("must be a whole number", pointer=pointer) from None
    if number < minimum:
        raise UnprocessableEntity(f"must be at least {minimum}", pointer=pointer)
    return number


def _decimal(value, pointer):
    if value is None or isinstance(value, bool):
        raise UnprocessableEntity("a price is required for a donation ticket", pointer=pointer)
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise UnprocessableEntity("must be a number", pointer=pointer) from None
    if not number.is_finite():
        raise UnprocessableEntity("must be a number", pointer=pointer)
    return number


def parse_order_request(data):
    """`{"tickets": [{"id", "quantity", "price"?}], "discount-code": id}` → (items, code id)."""
    if not isinstance(data, dict):
        raise exceptions.ParseError("The body must be a JSON object.")
    items = data.get("tickets")
    if not isinstance(items, list) or not items:
        raise UnprocessableEntity('Send at least one ticket as {"id", "quantity"}.', pointer="tickets")
    parsed, seen = [], set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise UnprocessableEntity("Each ticket must be an object.", pointer=f"tickets/{index}")
        ticket_id = _int(item.get("id"), f"tickets/{index}/id", minimum=1)
        if ticket_id in seen:
            raise UnprocessableEntity(f"Ticket {ticket_id} is listed twice.", pointer=f"tickets/{index}/id")
        seen.add(ticket_id)
        quantity = _int(item.get("quantity", 1), f"tickets/{index}/quantity", minimum=1)
        if quantity > settings.DISCOUNT_MAX_ORDER_QUANTITY:
            raise UnprocessableEntity(
                f"At most {settings.DISCOUNT_MAX_ORDER_QUANTITY} per ticket.", pointer=f"tickets/{index}/quantity"
            )
        parsed.append({"id": ticket_id, "quantity": quantity, "price": item.get("price"), "index": index})
    code_id = data.get("discount-code", data.get("discount_code"))
    if code_id is not None:
        code_id = _int(code_id, "discount-code", minimum=1)
    return parsed, code_id


def _load_lines(user, items, lock):
    queryset = Ticket.objects.select_related("event").filter(pk__in=[item["id"] for item in items])
    if lock:
        queryset = queryset.select_for_update(of=("self",)).order_by("pk")
    tickets = {ticket.pk: ticket for ticket in queryset}
    events = set()
    lines = []
    for item in items:
        ticket = tickets.get(item["id"])
        if ticket is None or ticket.event.deleted_at is not None or not perms.can_see_event(user, ticket.event):
            raise Http404(f"Ticket {item['id']} not found.")
        events.add(ticket.event_id)
        if ticket.type == Ticket.Type.FREE:
            price = ZERO
        elif ticket.type == Ticket.Type.DONATION:
            price = _decimal(item["price"], f"tickets/{item['index']}/price")
            low, high = ticket.min_price or ZERO, ticket.max_price
            if price < low or (high is not None and price > high):
                raise UnprocessableEntity(
                    f"The price of a donation ticket must be within {low} and {high}.",
                    pointer=f"tickets/{item['index']}/price",
                )
        else:
            price = ticket.price or ZERO
        lines.append(Line(ticket, item["quantity"], price))
    if len(events) > 1:
        raise UnprocessableEntity("All tickets of an order must belong to one event.", pointer="tickets")
    return lines


def _load_code(code_id, lock):
    queryset = DiscountCode.objects.all()
    if lock:
        queryset = queryset.select_for_update()
    code = queryset.filter(pk=code_id).first()
    if code is None:
        raise Http404(f"Discount code {code_id} not found.")
    return code


def _check_code(code, event, lines):
    """Refuse a code that cannot discount this order; returns how many tickets it covers."""
    if code.used_for != DiscountCode.UsedFor.TICKET or code.event_id != event.pk:
        raise UnprocessableEntity("This discount code is not valid for this event.", pointer="discount-code")
    error = validity_error(code, event)
    if error:
        raise UnprocessableEntity(error, pointer="discount-code")
    covered_ids = set(code.tickets.values_list("pk", flat=True))
    covered = sum(line.quantity for line in lines if line.ticket.pk in covered_ids and line.price > ZERO)
    if covered == 0:
        raise UnprocessableEntity("This discount code does not apply to any of these tickets.", pointer="discount-code")
    if code.min_quantity is not None and covered < code.min_quantity:
        raise UnprocessableEntity(
            f"This discount code needs at least {code.min_quantity} tickets.", pointer="discount-code"
        )
    if code.max_quantity is not None and covered > code.max_quantity:
        raise UnprocessableEntity(
            f"This discount code covers at most {code.max_quantity} tickets per order.", pointer="discount-code"
        )
    if code.tickets_number is not None and code.used_count + covered > code.tickets_number:
        left = max(code.tickets_number - code.used_count, 0)
        raise Conflict(f"This discount code is used up: {left} uses left, {covered} requested.")
    return covered_ids, covered


def price_lines(lines, code=None, covered_ids=(), currency=None):
    """The amounts of an order: per ticket and in total, Decimal, rounded per the currency."""
    result_lines, sub_total, discount_total = [], ZERO, ZERO
    for line in lines:
        gross = round_money(line.price * line.quantity, currency)
        discount = None
        line_discount = round_money(ZERO, currency)
        if code is not None and line.ticket.pk in covered_ids and line.price > ZERO:
            off = unit_discount(code, line.price, currency)
            line_discount = round_money(off * line.quantity, currency)
            percent = code.value if code.type == DiscountCode.Type.PERCENT else off * HUNDRED / line.price
            discount = {
                "code": code.code,
                "type": code.type,
                "percent": round_money(percent),
                "amount": off,
                "total": line_discount,
            }
        line_sub_total = max(gross - line_discount, round_money(ZERO, currency))
        sub_total += line_sub_total
        discount_total += line_discount
        result_lines.append(
            {
                "id": line.ticket.pk,
                "name": line.ticket.name,
                "price": round_money(line.price, currency),
                "quantity": line.quantity,
                "discount": discount,
                "sub_total": line_sub_total,
                "_discounted_quantity": line.quantity if discount else 0,
                "_discount": line_discount,
            }
        )
    return {
        "sub_total": sub_total,
        "discount": discount_total,
        "total": sub_total,
        "tax": None,
        "tickets": result_lines,
    }


def _public(amounts):
    return {**amounts, "tickets": [{k: v for k, v in t.items() if not k.startswith("_")} for t in amounts["tickets"]]}


def calculate_amount(user, data):
    """`POST /v1/orders/calculate-amount`: price the tickets, with the code applied where it covers them."""
    items, code_id = parse_order_request(data)
    lines = _load_lines(user, items, lock=False)
    event = lines[0].ticket.event
    code, covered_ids = None, set()
    if code_id is not None:
        code = _load_code(code_id, lock=False)
        covered_ids, _ = _check_code(code, event, lines)
    return _public(price_lines(lines, code, covered_ids, event.payment_currency))


def sold_counts(ticket_ids):
    """Tickets held by pending and completed orders, per ticket id."""
    rows = (
        OrderTicket.objects.filter(ticket_id__in=ticket_ids, order__status__in=Order.HOLDING)
        .values("ticket_id")
        .annotate(sold=Sum("quantity"))
    )
    return {row["ticket_id"]: row["sold"] or 0 for row in rows}


@transaction.atomic
def create_order(user, data):
    """`POST /v1/orders/create-order`: record a pending order, taking the code's uses and the tickets.

    The code row is locked first, then the tickets in id order (one lock order, no deadlocks);
    what is left is read only after the locks are held, so concurrent buyers queue up.
    """
    items, code_id = parse_order_request(data)
    code = _load_code(code_id, lock=True) if code_id is not None else None
    lines = _load_lines(user, items, lock=True)
    event = lines[0].ticket.event
    sold = sold_counts([line.ticket.pk for line in lines])
    for line in lines:
        if line.ticket.quantity is not None:
            left = line.ticket.quantity - sold.get(line.ticket.pk, 0)
            if line.quantity > left:
                raise Conflict(f"Ticket {line.ticket.pk} is sold out: {max(left, 0)} left, {line.quantity} requested.")
    covered_ids, covered = set(), 0
    if code is not None:
        covered_ids, covered = _check_code(code, event, lines)
    amounts = price_lines(lines, code, covered_ids, event.payment_currency)
    order = Order.objects.create(
        event=event,
        user=user,
        discount_code=code,
        currency=event.payment_currency or "",
        sub_total=amounts["sub_total"] + amounts["discount"],
        discount=amounts["discount"],
        amount=amounts["total"],
        quantity=sum(line.quantity for line in lines),
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
    if code is not None and covered:
        DiscountCode.objects.filter(pk=code.pk).update(used_count=F("used_count") + covered)
    logger.info("Order %s: %s tickets, code %s", order.identifier, order.quantity, code_id)
    return order, _public(amounts)


def order_document(order, amounts):
    return {
        "id": order.pk,
        "identifier": order.identifier,
        "status": order.status,
        "event": order.event_id,
        "discount-code": order.discount_code_id,
        "quantity": order.quantity,
        "amount": order.amount,
        "sub_total": amounts["sub_total"],
        "discount": amounts["discount"],
        "total": amounts["total"],
        "tickets": amounts["tickets"],
    }


# ------------------------------------------------------------ bulk codes and CSV
def random_code(prefix, length):
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def unique_codes(event, count, prefix="", length=8):
    """`count` new codes `prefix+XXXX` unused (case-insensitively) among the event's live codes.

    Candidates are drawn in batches and checked against the database one batch at a time.
    """
    chosen = set()
    for _ in range(20):
        needed = count - len(chosen)
        if needed <= 0:
            break
        batch = {random_code(prefix, length).upper() for _ in range(needed + needed // 4 + 1)} - chosen
        taken = set(
            DiscountCode.objects.annotate(code_lower=Lower("code"))
            .filter(event=event, used_for=DiscountCode.UsedFor.TICKET, code_lower__in=[c.lower() for c in batch])
            .values_list("code_lower", flat=True)
        )
        chosen |= {c for c in batch if c.lower() not in taken}
    if len(chosen) < count:
        raise UnprocessableEntity("Could not find enough free codes; use a longer code length.", pointer="length")
    return sorted(chosen)[:count]


@transaction.atomic
def generate_codes(user, event, count, prefix="", length=8, tickets=(), **fields):
    """Create `count` ticket codes for `event` sharing the same terms; returns them."""
    template = with_quantity_default({**fields, "used_for": DiscountCode.UsedFor.TICKET, "event": event})
    errors = code_errors(template, None, list(tickets))
    if errors:
        raise exceptions.ValidationError(errors)
    codes = DiscountCode.objects.bulk_create(
        DiscountCode(code=text, marketer=user, **template) for text in unique_codes(event, count, prefix, length)
    )
    if tickets:
        through = DiscountCode.tickets.through
        through.objects.bulk_create(
            through(discountcode_id=code.pk, ticket_id=ticket.pk) for code in codes for ticket in tickets
        )
    logger.info("Generated %s discount codes for event %s", len(codes), event.pk)
    return codes


CSV_COLUMNS = (
    "id",
    "code",
    "used_for",
    "type",
    "value",
    "is_active",
    "tickets_number",
    "used_count",
    "uses_left",
    "min_quantity",
    "max_quantity",
    "valid_from",
    "valid_till",
    "tickets",
    "created_at",
)


def _cell(value):
    """Neutralise spreadsheet formulas (a code typed as `=HYPERLINK(...)`)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_codes_csv(event, include_event_code=False):
    """The event's live codes with their use counts, as CSV text."""
    codes = list(DiscountCode.objects.filter(event=event).order_by("pk"))
    if include_event_code:
        event_code = event_code_of(event)
        if event_code is not None and event_code.pk not in {c.pk for c in codes}:
            codes.append(event_code)
    # One flat query for the links (a prefetch builds a queryset per code: slow for thousands of codes).
    tickets_of = {}
    links = DiscountCode.tickets.through.objects.filter(
        Q(discountcode__event=event) | Q(discountcode__in=[c.pk for c in codes if c.event_id != event.pk]),
        ticket__deleted_at=None,
    )
    for code_id, ticket_id in links.order_by("ticket_id").values_list("discountcode_id", "ticket_id"):
        tickets_of.setdefault(code_id, []).append(str(ticket_id))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for code in codes:
        row = {name: getattr(code, name, None) for name in CSV_COLUMNS}
        row["tickets"] = " ".join(tickets_of.get(code.pk, ()))
        row["valid_from"] = code.valid_from.isoformat() if code.valid_from else ""
        row["valid_till"] = code.valid_till.isoformat() if code.valid_till else ""
        row["created_at"] = code.created_at.isoformat()
        writer.writerow([_cell(row[name]) for name in CSV_COLUMNS])
    return out.getvalue()


def resolve_event_or_404(ref):
    from eventyay.api.viewsets import resolve_event

    return resolve_event(Event, ref)
