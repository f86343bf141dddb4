"""Access codes: an event's hidden tickets unlocked for whoever has the code (reference §3.6).

`payments` calls `load_code`, `unlocked_ticket_ids`, `check_code` and `take_uses` when it prices or
places an order; uses are taken with `F()` on the row locked by `load_code(lock=True)`.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower

from discounts.models import AccessCode
from discounts.services import validity
from eventyay import errors
from eventyay.writes import merged_value

FIELD = "access-code"


def validity_error(code, event, now=None):
    return validity.validity_error(code, event, "Access code", now)


def load_code(code_id, lock=False):
    return validity.load_code(AccessCode, code_id, "Access code", FIELD, lock)


def unlocked_ticket_ids(code):
    return frozenset(code.tickets.filter(deleted_at=None).values_list("pk", flat=True))


def covered_quantity(code, lines):
    covered = unlocked_ticket_ids(code)
    return sum(line.quantity for line in lines if line.ticket.pk in covered)


def check_code(code, event, lines):
    """Refuse an access code that is not this event's, not valid now, or has too few uses left."""
    if code.event_id != event.pk:
        raise errors.DomainError("This access code is not valid for this event.", field=FIELD)
    error = validity_error(code, event)
    if error:
        raise errors.DomainError(error, field=FIELD)
    covered = covered_quantity(code, lines)
    if code.min_quantity and covered < code.min_quantity:
        raise errors.DomainError(f"This access code needs at least {code.min_quantity} tickets.", field=FIELD)
    if code.max_quantity is not None and covered > code.max_quantity:
        raise errors.DomainError(f"This access code covers at most {code.max_quantity} tickets.", field=FIELD)
    if code.tickets_number is not None and code.used_count + covered > code.tickets_number:
        left = max(code.tickets_number - code.used_count, 0)
        raise errors.Conflict(f"This access code is used up: {left} uses left, {covered} requested.", field=FIELD)
    return covered


def take_uses(code, count):
    if count:
        AccessCode.objects.filter(pk=code.pk).update(used_count=F("used_count") + count)


def give_back_uses(code_id, count):
    if code_id and count:
        AccessCode.objects.filter(pk=code_id, used_count__gte=count).update(used_count=F("used_count") - count)


# ----------------------------------------------------------------- writes
def code_errors(attrs, instance=None, tickets=None):
    """`{field: [message]}` for the quantity and date rules (422)."""
    found = {}
    min_q, max_q = merged_value(instance, attrs, "min_quantity"), merged_value(instance, attrs, "max_quantity")
    number = merged_value(instance, attrs, "tickets_number")
    if min_q is not None and max_q is not None and min_q > max_q:
        found["min_quantity"] = ["min-quantity cannot be more than max-quantity."]
    if number is not None and max_q is not None and max_q > number:
        found["max_quantity"] = ["max-quantity cannot be more than tickets-number."]
    valid_from, valid_till = merged_value(instance, attrs, "valid_from"), merged_value(instance, attrs, "valid_till")
    if valid_from and valid_till and valid_till < valid_from:
        found["valid_till"] = ["valid-till must be after valid-from."]
    event = merged_value(instance, attrs, "event")
    for ticket in tickets or ():
        if event is not None and ticket.event_id != event.pk:
            found.setdefault("tickets", []).append(f"Ticket {ticket.pk} belongs to another event.")
    return found


@transaction.atomic
def save_code(user, attrs, instance=None, tickets=None):
    """Create or update an access code after every rule; the caller has checked roles."""
    problems = code_errors(attrs, instance, tickets)
    if problems:
        field, messages = next(iter(problems.items()))
        raise errors.DomainError(messages[0], field=field)
    for ticket in tickets or ():
        if not ticket.is_hidden:
            raise errors.Conflict(f"Ticket {ticket.pk} is not hidden; access codes unlock hidden tickets.", "tickets")
    event = merged_value(instance, attrs, "event")
    text = merged_value(instance, attrs, "code")
    clash = AccessCode.objects.annotate(code_lower=Lower("code")).filter(event=event, code_lower=str(text).lower())
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise errors.Conflict("Access code already exists", field="code")
    return validity.store(AccessCode, instance, {"marketer": user, **attrs} if instance is None else attrs, tickets)


def find_live_code(event, text):
    """`GET /events/<id>/access-codes/<code>`: the event's code, usable now (anyone may ask)."""
    code = (
        AccessCode.objects.annotate(code_lower=Lower("code")).filter(event=event, code_lower=str(text).lower()).first()
    )
    if code is None:
        raise errors.NotFound("Access code not found")
    error = validity_error(code, event)
    if error:
        raise errors.DomainError(error)
    return code
