"""The buyer's mail once an order is completed: what was bought and where to find it."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from payments.models import Order

logger = logging.getLogger(__name__)


def send_order_completed(order_id):
    """Best effort after commit: a mail server that is down never undoes a paid order."""
    order = Order.objects.select_related("event", "user").filter(pk=order_id).first()
    if order is None or order.user is None or not order.user.email:
        return 0
    lines = "\n".join(f"{line.quantity} × {line.ticket.name}" for line in order.order_tickets.select_related("ticket"))
    body = (
        f"Thank you for your order {order.identifier} for {order.event.name}.\n\n{lines}\n\n"
        f"Amount: {order.amount} {order.currency}\nPayment: {order.payment_mode or 'free'}\n"
    )
    try:
        return send_mail(
            " ".join(f"Your order for {order.event.name}".split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [order.user.email],
        )
    except OSError:
        logger.warning("Could not mail the buyer of order %s", order.identifier, exc_info=True)
        return 0
