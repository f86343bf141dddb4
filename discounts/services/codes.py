"""Ticket and event discount codes: the rules a code must keep, saving it, bulk generation, lookup."""

import logging
import secrets

from django.db import transaction
from django.db.models.functions import Lower

from discounts.models import DiscountCode, EventDiscountCode
from discounts.services import validity
from discounts.services.money import HUNDRED, ZERO
from events.models import Ticket
from eventyay import errors
from eventyay.writes import merged_value

logger = logging.getLogger(__name__)

#: No 0/O, 1/I/L: codes people can read aloud and type without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def first_error(errors_by_field):
    """A domain error for the first of `{field: [message]}` (serializers show all of them first)."""
    field, messages = next(iter(errors_by_field.items()))
    return errors.DomainError(messages[0], field=field)


# ------------------------------------------------------------ code validation
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
    found = {}

    def add(field, message):
        found.setdefault(field, []).append(message)

    used_for = merged_value(instance, attrs, "used_for")
    kind = merged_value(instance, attrs, "type")
    value = merged_value(instance, attrs, "value")
    if value is not None and kind == DiscountCode.Type.PERCENT and not (ZERO < value <= HUNDRED):
        add("value", "A percent discount must be more than 0 and at most 100.")
    if value is not None and kind == DiscountCode.Type.AMOUNT and value < ZERO:
        add("value", "A discount amount cannot be negative.")

    min_q, max_q = merged_value(instance, attrs, "min_quantity"), merged_value(instance, attrs, "max_quantity")
    number = merged_value(instance, attrs, "tickets_number")
    if min_q is not None and max_q is not None and min_q > max_q:
        add("min_quantity", "min-quantity cannot be more than max-quantity.")
    if number is not None and max_q is not None and max_q > number:
        add("max_quantity", "max-quantity cannot be more than tickets-number.")
    if number is not None and min_q is not None and min_q > number:
        add("min_quantity", "min-quantity cannot be more than tickets-number.")
    if instance is not None and number is not None and number < instance.used_count:
        add("tickets_number", f"{instance.used_count} tickets were already bought with this code.")

    valid_from, valid_till = merged_value(instance, attrs, "valid_from"), merged_value(instance, attrs, "valid_till")
    if valid_from and valid_till and valid_till <= valid_from:
        add("valid_till", "valid-till must be after valid-from.")

    if used_for == DiscountCode.UsedFor.TICKET:
        event = merged_value(instance, attrs, "event")
        if tickets is None:
            tickets = list(instance.tickets.all()) if instance is not None and instance.pk else []
        for ticket in tickets:
            if event is not None and ticket.event_id != event.pk:
                add("tickets", f"Ticket {ticket.pk} belongs to another event.")
            elif ticket.deleted_at is not None:
                add("tickets", f"Ticket {ticket.pk} was deleted.")
            elif kind == DiscountCode.Type.AMOUNT and value is not None and ticket_price(ticket) < value:
                add("value", f"The discount amount cannot be more than the price of ticket {ticket.pk}.")
    return found


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
        raise errors.Conflict("Discount Code already exists", field="code")


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
    used_for = merged_value(instance, attrs, "used_for")
    if instance is not None and "used_for" in attrs and attrs["used_for"] != instance.used_for:
        raise errors.Conflict("used-for cannot be changed.", field="used_for")
    code, event = merged_value(instance, attrs, "code"), merged_value(instance, attrs, "event")
    check_unique(code, used_for, event, getattr(instance, "pk", None))
    problems = code_errors(attrs, instance, tickets)
    if events:
        taken = events_with_a_code(events, exclude_code=instance)
        if taken:
            problems.setdefault("events", []).append(f"Events {taken} already have a discount code.")
    if problems:
        raise first_error(problems)
    if instance is None and used_for == DiscountCode.UsedFor.TICKET and "marketer" not in attrs:
        attrs = {**attrs, "marketer": user}
    instance = validity.store(DiscountCode, instance, attrs, tickets)
    if events is not None:
        EventDiscountCode.objects.filter(discount_code=instance).exclude(event__in=events).delete()
        for event in events:
            EventDiscountCode.objects.get_or_create(event=event, defaults={"discount_code": instance})
    return instance


def check_deletable(code, permanent):
    """A code used in orders may be soft-deleted (or deactivated) but not deleted for good (409)."""
    if permanent and code.orders.exists():
        raise errors.Conflict("This discount code was used in orders; deactivate it or delete it without permanent.")


def tickets_named(ticket_ids):
    """The tickets of these ids, all of them, or a 422 at `tickets` naming the missing ones."""
    tickets = list(Ticket.objects.filter(pk__in=ticket_ids))
    missing = sorted(set(ticket_ids) - {t.pk for t in tickets})
    if missing:
        raise errors.DomainError(f"Tickets {missing} not found.", field="tickets")
    return tickets


def event_code_of(event):
    link = EventDiscountCode.objects.select_related("discount_code").filter(event=event).first()
    if link is None or link.discount_code.deleted_at is not None:
        return None
    return link.discount_code


# ------------------------------------------------------------ applying codes
def validity_error(code, event, now=None):
    """Why a code cannot be applied right now (None when it can)."""
    return validity.validity_error(code, event, "Discount Code", now)


def find_live_code(event, text):
    """`GET /events/<id>/discount-codes/<code>`: the event's live ticket code, usable now."""
    code = (
        DiscountCode.objects.annotate(code_lower=Lower("code"))
        .filter(event=event, used_for=DiscountCode.UsedFor.TICKET, code_lower=str(text).lower())
        .first()
    )
    if code is None:
        raise errors.NotFound("Discount Code not found")
    error = validity_error(code, event)
    if error:
        raise errors.DomainError(error)
    return code


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
        raise errors.DomainError("Could not find enough free codes; use a longer code length.", field="length")
    return sorted(chosen)[:count]


@transaction.atomic
def generate_codes(user, event, count, prefix="", length=8, tickets=(), **fields):
    """Create `count` ticket codes for `event` sharing the same terms; returns them."""
    template = with_quantity_default({**fields, "used_for": DiscountCode.UsedFor.TICKET, "event": event})
    problems = code_errors(template, None, list(tickets))
    if problems:
        raise first_error(problems)
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
