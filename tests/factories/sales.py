"""Orders and attendees written straight to the database (for exports, the admin and counts; the sale
rules themselves are tested through `create-order`)."""

from decimal import Decimal

import factory

from payments.models import Attendee, Order, OrderTicket
from tests.factories.events import EventFactory, TicketFactory
from tests.factories.users import UserFactory


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Order.Status.COMPLETED
    payment_mode = Order.PaymentMode.CHEQUE
    currency = "USD"
    sub_total = Decimal("100.00")
    amount = Decimal("100.00")
    quantity = 1


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    order = factory.SubFactory(OrderFactory)
    event = factory.SelfAttribute("order.event")
    ticket = factory.SubFactory(TicketFactory, event=factory.SelfAttribute("..event"))
    firstname = factory.Sequence(lambda n: f"First{n}")
    lastname = "Holder"
    email = factory.Sequence(lambda n: f"holder{n}@example.org")


def sold(ticket, quantity=1, **order):
    """A completed order of `quantity` × `ticket` with its line and one attendee per ticket."""
    order = OrderFactory(
        event=ticket.event,
        quantity=quantity,
        sub_total=(ticket.price or 0) * quantity,
        amount=(ticket.price or 0) * quantity,
        **order,
    )
    OrderTicket.objects.create(
        order=order, ticket=ticket, quantity=quantity, price=ticket.price or 0, sub_total=order.sub_total
    )
    for _ in range(quantity):
        AttendeeFactory(order=order, ticket=ticket)
    return order
