"""Ticket rules and look-ups: price and sale-window rules, unique names, who sees which, availability."""

from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from events.models import Ticket, UsersEventsRoles
from eventyay.api import permissions as perms
from eventyay.errors import Conflict
from eventyay.extension_points import declare

TICKET_RULE_FIELDS = (
    "event",
    "name",
    "type",
    "price",
    "min_price",
    "max_price",
    "quantity",
    "sales_starts_at",
    "sales_ends_at",
    "min_order",
    "max_order",
)
PAYMENT_FLAGS = (
    "can_pay_by_paypal",
    "can_pay_by_stripe",
    "can_pay_by_cheque",
    "can_pay_by_bank",
    "can_pay_by_invoice",
    "can_pay_by_omise",
    "can_pay_by_alipay",
    "can_pay_by_paytm",
    "can_pay_onsite",
)


def ticket_errors(t, check_payment=True):
    """Open Event's ticket rules on the merged values; returns {field: [message]}.

    The payment-method rule is checked when a ticket is created or changes type, not on every edit.
    """
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    event = t["event"]
    starts, ends = t["sales_starts_at"], t["sales_ends_at"]
    if starts and ends and ends <= starts:
        add("sales_ends_at", "sales-ends-at must be after sales-starts-at.")
    if ends and event is not None and event.ends_at and ends > event.ends_at:
        add("sales_ends_at", "Ticket sales must end before the event ends.")
    min_order, max_order, quantity = t["min_order"], t["max_order"], t["quantity"]
    if min_order is not None and max_order is not None and max_order < min_order:
        add("max_order", "max-order must be greater than or equal to min-order.")
    if quantity is not None:
        if quantity <= 0:
            add("quantity", "quantity must be greater than 0.")
        elif min_order is not None and quantity < min_order:
            add("quantity", "quantity must be greater than or equal to min-order.")
        elif max_order is not None and quantity < max_order:
            add("quantity", "quantity must be greater than or equal to max-order.")
    kind = t["type"]
    prices_known = t["min_price"] is not None and t["max_price"] is not None
    if kind == Ticket.Type.DONATION and prices_known and t["min_price"] > t["max_price"]:
        add("min_price", "min-price must be less than or equal to max-price.")
    if kind == Ticket.Type.PAID and (t["price"] is None or t["price"] <= Decimal("0")):
        add("price", "A paid ticket needs a price greater than 0.")
    sells = kind in (Ticket.Type.PAID, Ticket.Type.DONATION)
    if check_payment and sells and event is not None and not any(getattr(event, flag) for flag in PAYMENT_FLAGS):
        add("event", "Set at least one payment method on the event before selling paid or donation tickets.")
    return errors


def check_ticket_name_free(event, name, exclude=None):
    """A name is unique among the event's live tickets (409)."""
    clash = Ticket.objects.filter(event=event, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Conflict("Ticket already exists")


#: Functions `(tickets) -> {ticket_id: sold}` that apps owning orders register in `AppConfig.ready()`,
#: so that availability counts sales without `events` importing them.
sold_ticket_counters = declare(
    "events.services.sold_ticket_counters",
    [],
    filled_by="payments",
    purpose="tickets sold per ticket, so that availability counts sales",
)


def sold_counts(tickets):
    """Tickets sold per ticket id, from every registered counter; none registered is a setup error, not 0 sold."""
    if not sold_ticket_counters:
        raise ImproperlyConfigured("No app counts sold tickets: `payments` registers one in its AppConfig.ready().")
    counts = {}
    for counter in sold_ticket_counters:
        for ticket_id, sold in (counter(tickets) or {}).items():
            counts[ticket_id] = counts.get(ticket_id, 0) + sold
    return counts


def tickets_visible_to(user, queryset=None):
    """Tickets the user may read anywhere: hidden ones only on events they own or organize (or as staff)."""
    queryset = Ticket.objects.all() if queryset is None else queryset
    if perms.is_staff(user):
        return queryset
    if not user.is_authenticated:
        return queryset.filter(is_hidden=False)
    organized = UsersEventsRoles.objects.filter(user=user, role__name__in=perms.ORGANIZER).values("event_id")
    return queryset.filter(Q(is_hidden=False) | Q(event__in=organized))


def visible_tickets(user, event):
    """The event's live tickets the user may see: hidden ones only for owner/organizers and staff."""
    tickets = Ticket.objects.filter(event=event)
    if not perms.has_event_role(user, event, perms.ORGANIZER):
        tickets = tickets.filter(is_hidden=False)
    return tickets


def ticket_availability(user, event):
    """`[{"id","name","quantity","available"}]` for the tickets the user may see."""
    tickets = list(visible_tickets(user, event))
    sold = sold_counts(tickets)
    rows = []
    for ticket in tickets:
        available = None if ticket.quantity is None else max(ticket.quantity - sold.get(ticket.pk, 0), 0)
        rows.append({"id": ticket.pk, "name": ticket.name, "quantity": ticket.quantity, "available": available})
    return rows
