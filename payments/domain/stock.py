"""What is left of a ticket: its quantity minus what completed, placed and unexpired unpaid orders hold.

Buyers lock the ticket rows (`cart.load_lines(lock=True)`) before counting, so counts read after
the lock are final for the transaction: racing buyers queue up and can never oversell.
"""

from django.db.models import Q, Sum
from django.utils import timezone

from eventyay import errors
from payments.models import Order, OrderTicket


def holding(now=None, prefix=""):
    """Orders that hold their tickets right now (a Q over `prefix` + the order's fields)."""
    now = now or timezone.now()
    unexpired = Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})
    return Q(**{f"{prefix}status__in": Order.KEPT}) | (Q(**{f"{prefix}status__in": Order.UNPAID}) & unexpired)


def sold_counts(ticket_ids, now=None):
    """Tickets held per ticket id: one query."""
    rows = (
        OrderTicket.objects.filter(holding(now, prefix="order__"), ticket_id__in=list(ticket_ids))
        .values("ticket_id")
        .annotate(sold=Sum("quantity"))
    )
    return {row["ticket_id"]: row["sold"] or 0 for row in rows}


def count_sold_tickets(tickets):
    """The counter `events` asks for availability (`events.services.sold_ticket_counters`)."""
    return sold_counts([ticket.pk for ticket in tickets])


def check_stock(lines):
    """Refuse an order for more than is left of any of its (locked) tickets: 409 pointing at the line."""
    sold = sold_counts([line.ticket.pk for line in lines])
    for index, line in enumerate(lines):
        if line.ticket.quantity is None:
            continue
        left = max(line.ticket.quantity - sold.get(line.ticket.pk, 0), 0)
        if line.quantity > left:
            raise errors.Conflict(
                f"Ticket {line.ticket.pk} is sold out: {left} left, {line.quantity} requested.",
                field=f"tickets/{index}/quantity",
            )
