"""Racing buyers: N threads for the last K uses of a code (or the last K tickets) → exactly K orders.

They run on both databases: SQLite as configured by default (WAL, busy timeout, IMMEDIATE transactions, a
file test database) and PostgreSQL (`DATABASE_URL=postgres://postgres@127.0.0.1:5432/discounts_dev`).
"""

import threading
from decimal import Decimal

import pytest
from django.db import connections

from discounts.models import DiscountCode
from payments.models import Order, OrderTicket
from tests.conftest import Api
from tests.factories.discounts import TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory
from tests.factories.users import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

BUYERS = 20
LEFT = 5


def race(bodies):
    """Each buyer posts its order from its own thread and connection, all released at once."""
    users = [UserFactory() for _ in bodies]
    clients = [Api(user) for user in users]
    start = threading.Barrier(len(bodies))
    statuses = [None] * len(bodies)
    details = [None] * len(bodies)

    def buy(index):
        try:
            start.wait()
            response = clients[index].post_json("/v1/orders/create-order", bodies[index])
            statuses[index] = response.status_code
            if response.status_code != 201:
                details[index] = response.json()["errors"][0]["detail"]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, details


def test_concurrent_buyers_take_exactly_the_uses_left_of_a_code():
    event = EventFactory()
    ticket = TicketFactory(event=event, price=Decimal("50.00"), quantity=1000)
    code = TicketCodeFactory(event=event, tickets=[ticket], tickets_number=LEFT + 3, max_quantity=LEFT + 3)
    DiscountCode.objects.filter(pk=code.pk).update(used_count=3)  # 5 uses left
    body = {"tickets": [{"id": ticket.pk, "quantity": 1}], "discount-code": code.pk}

    statuses, details = race([body] * BUYERS)

    assert statuses.count(201) == LEFT, statuses
    assert statuses.count(409) == BUYERS - LEFT, statuses
    assert all("used up" in d for d in details if d)
    code.refresh_from_db()
    assert code.used_count == LEFT + 3
    assert Order.objects.filter(discount_code=code).count() == LEFT


def test_concurrent_buyers_take_exactly_the_tickets_left():
    event = EventFactory()
    ticket = TicketFactory(event=event, price=Decimal("50.00"), quantity=LEFT)
    body = {"tickets": [{"id": ticket.pk, "quantity": 1}]}

    statuses, details = race([body] * BUYERS)

    assert statuses.count(201) == LEFT, statuses
    assert statuses.count(409) == BUYERS - LEFT, statuses
    assert all("sold out" in d for d in details if d)
    assert sum(OrderTicket.objects.filter(ticket=ticket).values_list("quantity", flat=True)) == LEFT


def test_concurrent_buyers_with_code_and_two_tickets_do_not_deadlock():
    """Orders naming the same tickets in opposite orders still queue up instead of deadlocking."""
    event = EventFactory()
    first = TicketFactory(event=event, quantity=LEFT)
    second = TicketFactory(event=event, quantity=100)
    code = TicketCodeFactory(event=event, tickets=[first, second], tickets_number=None)
    one, two = {"id": first.pk, "quantity": 1}, {"id": second.pk, "quantity": 1}
    forward = {"tickets": [one, two], "discount-code": code.pk}
    backward = {"tickets": [two, one], "discount-code": code.pk}

    statuses, _ = race([forward if i % 2 else backward for i in range(BUYERS)])

    assert statuses.count(201) == LEFT, statuses
    assert statuses.count(409) == BUYERS - LEFT, statuses
    code.refresh_from_db()
    assert code.used_count == 2 * LEFT
