"""Order statistics of an event or a ticket (Open Event's `order-statistics-event|ticket`): two queries."""

from django.db.models import Count, Sum

from payments.models import Order, OrderTicket

#: Open Event's buckets; `draft` is its name for orders still being filled in (our `initializing`).
BUCKETS = {
    "draft": Order.Status.INITIALIZING,
    "pending": Order.Status.PENDING,
    "placed": Order.Status.PLACED,
    "completed": Order.Status.COMPLETED,
    "cancelled": Order.Status.CANCELLED,
    "refunded": Order.Status.REFUNDED,
    "expired": Order.Status.EXPIRED,
}


def _empty():
    return dict.fromkeys(("total", *BUCKETS), 0)


def order_statistics(event=None, ticket=None):
    """`{"orders": {...}, "tickets": {...}, "sales": {...}}` counted per status bucket."""
    orders, tickets, sales = _empty(), _empty(), _empty()
    by_status = {value: name for name, value in BUCKETS.items()}
    if ticket is not None:
        rows = (
            OrderTicket.objects.filter(ticket=ticket)
            .values("order__status")
            .annotate(orders=Count("order", distinct=True), tickets=Sum("quantity"), sales=Sum("sub_total"))
        )
        rows = [{**row, "status": row["order__status"]} for row in rows]
    else:
        rows = (
            Order.objects.filter(event=event)
            .values("status")
            .annotate(orders=Count("pk"), tickets=Sum("quantity"), sales=Sum("amount"))
        )
    for row in rows:
        name = by_status.get(row["status"])
        if name is None:
            continue
        for bucket, key in ((orders, "orders"), (tickets, "tickets"), (sales, "sales")):
            value = row[key] or 0
            bucket[name] += value
            bucket["total"] += value
    return {"orders": orders, "tickets": tickets, "sales": sales}
