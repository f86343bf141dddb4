"""One authorization per event, also when two requests race (one 201, one 409)."""

import threading

import pytest
from django.db import connection

from payments.models import StripeAuthorization
from tests.conftest import Api
from tests.factories import EventFactory, UserFactory, grant
from tests.payments.helpers import COLLECTION, link_body


def concurrently(count, work, timeout=120):
    """`work(i)` for i in range(count), each in its own thread (and database connection), all released at once;
    their results in order."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results


def post_concurrently(client, bodies):
    return concurrently(len(bodies), lambda i: client.post(COLLECTION, bodies[i]).status_code, timeout=30)


@pytest.mark.django_db(transaction=True)  # SQLite (a file, WAL, IMMEDIATE) and PostgreSQL alike
def test_two_concurrent_posts_one_201_one_409(fake_stripe):
    event = EventFactory(can_pay_by_stripe=True)
    owner = UserFactory()
    grant(owner, event, "owner")
    # Both requests pass the "already linked?" check before either inserts: the database constraint decides.
    fake_stripe.token_delay = 0.3
    statuses = post_concurrently(Api(owner), [link_body(event, "ac_first"), link_body(event, "ac_second")])
    assert sorted(statuses) == [201, 409], statuses
    assert StripeAuthorization.objects.filter(event=event).count() == 1
    # PostgreSQL: both spent their code at Stripe; SQLite serialises the writers, so the second may see the link.
    assert fake_stripe.paths().count("/oauth/token") in (1, 2)
    assert "/oauth/deauthorize" not in fake_stripe.paths()  # the loser must not revoke the winner's account
    event.refresh_from_db()
    assert event.is_stripe_linked is True


@pytest.mark.django_db
def test_database_refuses_a_second_row_for_an_event():
    """The rule the race relies on, on every database: a unique constraint on the event."""
    from django.db import IntegrityError, transaction

    from tests.factories.payments import StripeAuthorizationFactory

    linked = StripeAuthorizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StripeAuthorization.objects.create(
            event=linked.event, stripe_publishable_key="pk", stripe_secret_key="sk_x", stripe_user_id="acct_x"
        )


# ------------------------------------------------------------------ buyers racing for the last tickets and uses
# Real HTTP against a live server (each request on its own server thread and database connection), on
# SQLite as configured by default (a file database, WAL, IMMEDIATE transactions, a busy timeout) and on
# PostgreSQL (DATABASE_URL=postgres://...): exactly what is left is sold, no 5xx, availability shows 0.
BUYERS, LEFT = 20, 5


def buy_concurrently(live_server, bodies):
    """Each buyer (a user of its own) posts `create-order` over HTTP from its own thread, all released at once."""
    import http.client
    import json
    from urllib.parse import urlsplit

    from rest_framework_simplejwt.tokens import AccessToken

    tokens = [str(AccessToken.for_user(UserFactory())) for _ in bodies]
    address = urlsplit(live_server.url)

    def buy(i):
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            headers = {"Content-Type": "application/json", "Authorization": f"JWT {tokens[i]}"}
            conn.request("POST", "/v1/orders/create-order", json.dumps(bodies[i]), headers)
            reply = conn.getresponse()
            return reply.status, json.loads(reply.read() or b"{}")
        finally:
            conn.close()

    return concurrently(len(bodies), buy)


def availability(live_server, event, ticket):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/v1/events/{event.pk}/tickets/availability", timeout=30) as reply:
        return next(row["available"] for row in json.loads(reply.read()) if row["id"] == ticket.pk)


def outcome(answers, refusal):
    statuses = [status for status, _ in answers]
    assert not [s for s in statuses if s >= 500], statuses
    assert statuses.count(201) == LEFT and statuses.count(409) == BUYERS - LEFT, statuses
    details = [body["errors"][0]["detail"] for status, body in answers if status == 409]
    assert all(refusal in detail for detail in details), details


@pytest.mark.django_db(transaction=True)
def test_twenty_buyers_for_the_last_five_tickets(live_server):
    from payments.models import Attendee, Order, OrderTicket
    from tests.factories import TicketFactory

    event = EventFactory()
    ticket = TicketFactory(event=event, quantity=LEFT, max_order=10)
    outcome(buy_concurrently(live_server, [{"tickets": [{"id": ticket.pk, "quantity": 1}]}] * BUYERS), "sold out")
    assert Order.objects.filter(event=event).count() == LEFT
    assert sum(OrderTicket.objects.filter(ticket=ticket).values_list("quantity", flat=True)) == LEFT
    assert Attendee.objects.filter(ticket=ticket).count() == LEFT
    assert availability(live_server, event, ticket) == 0


@pytest.mark.django_db(transaction=True)
def test_twenty_buyers_for_a_discount_code_with_five_uses(live_server):
    from discounts.models import DiscountCode
    from payments.models import Order
    from tests.factories import TicketFactory
    from tests.factories.discounts import TicketCodeFactory

    event = EventFactory()
    ticket = TicketFactory(event=event, quantity=1000)
    code = TicketCodeFactory(event=event, tickets=[ticket], tickets_number=LEFT, max_quantity=LEFT)
    body = {"tickets": [{"id": ticket.pk, "quantity": 1}], "discount-code": code.pk}
    outcome(buy_concurrently(live_server, [body] * BUYERS), "used up")
    assert DiscountCode.objects.get(pk=code.pk).used_count == LEFT
    assert Order.objects.filter(discount_code=code).count() == LEFT
    assert availability(live_server, event, ticket) == 1000 - LEFT


@pytest.mark.django_db(transaction=True)
def test_twenty_buyers_for_an_access_code_with_five_uses(live_server):
    import datetime as dt

    from django.utils import timezone

    from discounts.models import AccessCode
    from payments.models import Order
    from tests.factories import TicketFactory

    event = EventFactory()
    hidden = TicketFactory(event=event, is_hidden=True, quantity=100)
    code = AccessCode.objects.create(
        event=event, code="RACE", is_active=True, tickets_number=LEFT, valid_from=timezone.now() - dt.timedelta(1)
    )
    code.tickets.set([hidden])
    body = {"tickets": [{"id": hidden.pk, "quantity": 1}], "access-code": code.pk}
    outcome(buy_concurrently(live_server, [body] * BUYERS), "used up")
    assert AccessCode.objects.get(pk=code.pk).used_count == LEFT
    assert Order.objects.filter(access_code=code).count() == LEFT


@pytest.mark.django_db(transaction=True)
def test_buyers_racing_the_expiry_sweep_for_stock_held_by_lapsed_orders(live_server):
    """Five lapsed unpaid orders hold the last five tickets; twenty buyers and the periodic sweep run at once:
    the stock comes back exactly once and exactly five buyers get it."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from payments.models import Order, OrderTicket
    from tests.factories import TicketFactory
    from tests.factories.sales import sold

    event = EventFactory()
    ticket = TicketFactory(event=event, quantity=LEFT)
    for _ in range(LEFT):
        sold(ticket, 1, status="pending", expires_at=timezone.now() - dt.timedelta(minutes=1))
    sweeper = threading.Thread(target=lambda: (call_command("expire_orders"), connection.close()))
    sweeper.start()
    outcome(buy_concurrently(live_server, [{"tickets": [{"id": ticket.pk, "quantity": 1}]}] * BUYERS), "sold out")
    sweeper.join(timeout=60)
    call_command("expire_orders")
    assert Order.objects.filter(event=event, status="expired").count() == LEFT
    held = OrderTicket.objects.filter(ticket=ticket, order__status__in=["initializing", "pending"])
    assert sum(held.values_list("quantity", flat=True)) == LEFT
    assert availability(live_server, event, ticket) == 0
