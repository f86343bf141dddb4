"""The sale rules of `create-order`, once in `payments.domain`: every refusal is a 4xx with a pointer and
writes nothing; availability counts completed, placed and unexpired unpaid orders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from discounts.models import AccessCode, DiscountCode
from payments.models import Attendee, Order
from tests.conftest import Api
from tests.factories.discounts import TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

CREATE = "/v1/orders/create-order"
CALCULATE = "/v1/orders/calculate-amount"


def body(ticket, quantity=1, **extra):
    return {"tickets": [{"id": ticket.pk, "quantity": quantity}], **extra}


def refused(response, status, pointer):
    assert response.status_code == status, response.content
    error = response.json()["errors"][0]
    assert error["source"]["pointer"] == pointer, error
    assert not Order.objects.exists() and not Attendee.objects.exists()
    return error


def available(event, ticket, user=None):
    rows = Api(user).get(f"/v1/events/{event.pk}/tickets/availability").json()
    return next(row["available"] for row in rows if row["id"] == ticket.pk)


@pytest.fixture
def buyer(db):
    return Api(UserFactory())


def test_hidden_ticket_needs_an_access_code(buyer, event):
    hidden = TicketFactory(event=event, is_hidden=True)
    error = refused(buyer.post_json(CREATE, body(hidden)), 422, "/tickets/0/id")
    assert error["detail"] == f"Ticket {hidden.pk} does not exist."


@pytest.mark.parametrize(
    ("starts", "ends", "detail"), [(1, 5, "not started"), (-5, -1, "ended")], ids=["not-open", "closed"]
)
def test_sales_window(buyer, event, starts, ends, detail):
    now = timezone.now()
    ticket = TicketFactory(
        event=event, sales_starts_at=now + dt.timedelta(days=starts), sales_ends_at=now + dt.timedelta(days=ends)
    )
    assert detail in refused(buyer.post_json(CREATE, body(ticket)), 422, "/tickets/0/id")["detail"]
    assert detail in refused(Api().post_json(CALCULATE, body(ticket)), 422, "/tickets/0/id")["detail"]


@pytest.mark.parametrize("quantity", [1, 11])
def test_min_and_max_order(buyer, event, quantity):
    ticket = TicketFactory(event=event, min_order=2, max_order=10, quantity=100)
    refused(buyer.post_json(CREATE, body(ticket, quantity)), 422, "/tickets/0/quantity")


def test_sold_out_is_409_and_availability_counts_the_order(buyer, event):
    ticket = TicketFactory(event=event, quantity=5, max_order=10)
    assert buyer.post_json(CREATE, body(ticket, 3)).status_code == 201
    assert available(event, ticket) == 2
    before = Order.objects.count()
    response = buyer.post_json(CREATE, body(ticket, 3))
    assert response.status_code == 409 and response.json()["errors"][0]["source"]["pointer"] == "/tickets/0/quantity"
    assert Order.objects.count() == before and Attendee.objects.count() == 3


def test_code_of_another_event_and_used_up_code(buyer, event):
    ticket = TicketFactory(event=event)
    foreign = TicketCodeFactory(event=EventFactory(), tickets=[TicketFactory()])
    refused(buyer.post_json(CREATE, body(ticket, **{"discount-code": foreign.pk})), 422, "/discount-code")
    used_up = TicketCodeFactory(event=event, tickets=[ticket], tickets_number=1, max_quantity=1)
    DiscountCode.objects.filter(pk=used_up.pk).update(used_count=1)
    refused(buyer.post_json(CREATE, body(ticket, **{"discount-code": used_up.pk})), 409, "/discount-code")


def test_access_code_unlocks_its_hidden_ticket(buyer, event):
    hidden = TicketFactory(event=event, is_hidden=True, price=Decimal("30.00"))
    code = AccessCode.objects.create(
        event=event, code="INSIDER", is_active=True, tickets_number=2, valid_from=timezone.now() - dt.timedelta(1)
    )
    code.tickets.set([hidden])
    priced = Api().post_json(CALCULATE, body(hidden, 2, **{"access-code": code.pk}))
    assert priced.status_code == 200 and priced.json()["total"] == 60
    assert buyer.post_json(CREATE, body(hidden, 2, **{"access-code": code.pk})).status_code == 201
    code.refresh_from_db()
    assert code.used_count == 2
    refused_more = buyer.post_json(CREATE, body(hidden, 1, **{"access-code": code.pk}))
    assert refused_more.status_code == 409 and "used up" in refused_more.json()["errors"][0]["detail"]


def test_free_order_completes_at_once_and_mails_the_buyer(event, django_capture_on_commit_callbacks):
    user = UserFactory()
    ticket = TicketFactory(event=event, type="free", price=None, quantity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = Api(user).post_json(CREATE, body(ticket, 2))
    assert response.status_code == 201 and response.json()["status"] == "completed"
    order = Order.objects.get()
    assert order.payment_mode == "free" and order.completed_at is not None
    assert order.attendees.count() == 2
    assert [m.to for m in mail.outbox] == [[user.email]] and order.identifier in mail.outbox[0].body
    assert available(event, ticket) == 8


def test_lapsed_unpaid_order_gives_stock_back_lazily(buyer, event):
    ticket = TicketFactory(event=event, quantity=3)
    code = TicketCodeFactory(event=event, tickets=[ticket], tickets_number=3, max_quantity=3)
    assert buyer.post_json(CREATE, body(ticket, 3, **{"discount-code": code.pk})).status_code == 201
    assert available(event, ticket) == 0
    Order.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert available(event, ticket) == 3  # a lapsed order holds nothing, even before it is swept
    assert buyer.post_json(CREATE, body(ticket, 3, **{"discount-code": code.pk})).status_code == 201
    assert set(Order.objects.values_list("status", flat=True)) == {"expired", "initializing"}
    code.refresh_from_db()
    assert code.used_count == 3


def test_expire_orders_command_sweeps_lapsed_orders(buyer, event):
    ticket = TicketFactory(event=event, quantity=3)
    code = TicketCodeFactory(event=event, tickets=[ticket], tickets_number=3, max_quantity=3)
    buyer.post_json(CREATE, body(ticket, 2, **{"discount-code": code.pk}))
    buyer.post_json(CREATE, body(ticket, 1))
    Order.objects.filter(quantity=2).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("expire_orders")
    assert dict(Order.objects.values_list("quantity", "status")) == {2: "expired", 1: "initializing"}
    code.refresh_from_db()
    assert code.used_count == 0
    assert available(event, ticket) == 2


def test_calculate_amount_of_a_hidden_ticket_reveals_nothing(event):
    hidden = TicketFactory(event=event, is_hidden=True, name="Secret backstage pass", price=Decimal("99.00"))
    for api in (Api(), Api(UserFactory())):
        response = api.post_json(CALCULATE, body(hidden))
        error = refused(response, 422, "/tickets/0/id")
        assert error["detail"] == f"Ticket {hidden.pk} does not exist."
        assert b"Secret backstage" not in response.content and b"99" not in response.content


def test_access_code_of_another_event_is_refused(buyer, event):
    hidden = TicketFactory(event=event, is_hidden=True)
    other = EventFactory()
    foreign = AccessCode.objects.create(
        event=other, code="ELSEWHERE", is_active=True, tickets_number=5, valid_from=timezone.now() - dt.timedelta(1)
    )
    foreign.tickets.set([TicketFactory(event=other, is_hidden=True)])
    # The foreign code unlocks nothing here: the hidden ticket stays unknown ...
    refused(buyer.post_json(CREATE, body(hidden, **{"access-code": foreign.pk})), 422, "/tickets/0/id")
    # ... and next to a ticket anyone may buy, the code itself is refused.
    response = buyer.post_json(CREATE, body(TicketFactory(event=event), **{"access-code": foreign.pk}))
    assert refused(response, 422, "/access-code")["detail"] == "This access code is not valid for this event."


def test_used_up_access_code_is_409_at_the_code_and_writes_nothing(buyer, event):
    hidden = TicketFactory(event=event, is_hidden=True)
    code = AccessCode.objects.create(
        event=event, code="ONCE", is_active=True, tickets_number=1, valid_from=timezone.now() - dt.timedelta(1)
    )
    code.tickets.set([hidden])
    AccessCode.objects.filter(pk=code.pk).update(used_count=1)
    refused(buyer.post_json(CREATE, body(hidden, **{"access-code": code.pk})), 409, "/access-code")
    code.refresh_from_db()
    assert code.used_count == 1


def test_expired_pending_order_cannot_be_placed_or_completed(event):
    from tests.conftest import resource
    from tests.factories.events import grant

    event.can_pay_by_cheque = True
    event.save(update_fields=["can_pay_by_cheque"])
    ticket = TicketFactory(event=event, quantity=5)
    user, organizer = UserFactory(), UserFactory()
    grant(organizer, event, "organizer")
    created = Api(user).post_json(CREATE, body(ticket, 2))
    order = Order.objects.get(identifier=created.json()["identifier"])
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    url = f"/v1/orders/{order.identifier}"
    for api, attributes in (
        (Api(user), {"status": "placed", "payment-mode": "cheque"}),
        (Api(organizer), {"status": "completed", "payment-mode": "cheque"}),
    ):
        response = api.patch(url, resource("order", attributes, id=order.pk))
        assert 400 <= response.status_code < 500, response.content
        assert response.json()["errors"][0]["source"]["pointer"] == "/data/attributes/status", response.content
        order.refresh_from_db()
        assert order.status in ("initializing", "expired") and order.payment_mode == "" and order.completed_at is None
    assert available(event, ticket) == 5
