"""Orders and attendees as resources: who sees and changes what, the offline flow completed by an
organizer, check-in by registrars, order statistics, and lists at a fixed number of queries."""

from decimal import Decimal

import pytest
from django.core import mail

from payments.models import Order
from tests.conftest import Api, resource
from tests.factories.events import TicketFactory, grant
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

CREATE = "/v1/orders/create-order"


def place(user, ticket, quantity=2):
    response = Api(user).post_json(CREATE, {"tickets": [{"id": ticket.pk, "quantity": quantity}]})
    assert response.status_code == 201, response.content
    return Order.objects.get(identifier=response.json()["identifier"])


def patch_order(api, order, **attributes):
    return api.patch(f"/v1/orders/{order.identifier}", resource("order", attributes, id=order.pk))


def available(event, ticket):
    rows = Api().get(f"/v1/events/{event.pk}/tickets/availability").json()
    return next(row["available"] for row in rows if row["id"] == ticket.pk)


@pytest.fixture
def buyer(db):
    return UserFactory()


@pytest.fixture
def ticket(event):
    event.can_pay_by_cheque = True
    event.save(update_fields=["can_pay_by_cheque"])
    return TicketFactory(event=event, price=Decimal("25.00"), quantity=10)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("user", 403),
        ("track_organizer", 403),
        ("coorganizer", 200),
        ("organizer", 200),
        ("owner", 200),
        ("admin", 200),
        ("super_admin", 200),
    ],
)
def test_order_detail_and_event_lists_per_role(as_role, role, status, event, ticket, buyer):
    order = place(buyer, ticket)
    for url in (f"/v1/orders/{order.identifier}", f"/v1/events/{event.pk}/orders", f"/v1/events/{event.pk}/attendees"):
        assert as_role(role).get(url).status_code == status, url
    assert Api(buyer).get(f"/v1/orders/{order.identifier}").status_code == 200
    assert Api(buyer).get(f"/v1/orders/{order.identifier}/attendees").json()["meta"]["count"] == 2


def test_order_document_carries_what_the_client_reads(event, ticket, buyer):
    order = place(buyer, ticket)
    body = Api(buyer).get(f"/v1/orders/{order.identifier}", include="attendees,tickets").json()
    data = body["data"]
    assert data["type"] == "order" and data["attributes"]["identifier"] == order.identifier
    assert data["attributes"]["amount"] == 50 and data["attributes"]["status"] == "initializing"
    for name in ("event", "user", "discount-code", "access-code", "attendees", "tickets"):
        assert "related" in data["relationships"][name]["links"], name
    assert {item["type"] for item in body["included"]} == {"attendee", "ticket"}


def test_user_lists_only_their_own_orders(event, ticket, buyer):
    place(buyer, ticket)
    other = UserFactory()
    assert Api(buyer).get(f"/v1/users/{buyer.pk}/orders").json()["meta"]["count"] == 1
    assert Api(other).get(f"/v1/users/{buyer.pk}/orders").status_code == 403
    assert Api(other).get("/v1/orders").status_code == 403


def test_cheque_order_placed_by_buyer_completed_by_organizer(
    as_role, event, ticket, buyer, django_capture_on_commit_callbacks
):
    order = place(buyer, ticket, 3)
    response = patch_order(Api(buyer), order, status="placed", **{"payment-mode": "cheque", "city": "Singapore"})
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert order.status == "placed" and order.expires_at is None and order.city == "Singapore"
    assert patch_order(Api(buyer), order, status="completed").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = patch_order(as_role("coorganizer"), order, status="completed")
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert order.status == "completed" and order.completed_at is not None
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert available(event, ticket) == 7 and order.attendees.count() == 3
    stats = as_role("organizer").get(f"/v1/events/{event.pk}/order-statistics").json()["data"]
    assert stats["type"] == "order-statistics-event"
    assert stats["attributes"]["orders"]["completed"] == 1 and stats["attributes"]["tickets"]["completed"] == 3
    assert stats["attributes"]["sales"]["completed"] == 75
    per_ticket = as_role("organizer").get(f"/v1/tickets/{ticket.pk}/order-statistics").json()["data"]
    assert per_ticket["attributes"]["tickets"]["total"] == 3
    assert as_role("user").get(f"/v1/events/{event.pk}/order-statistics").status_code == 403


def test_payment_mode_the_event_does_not_take_is_422_and_nothing_changes(event, ticket, buyer):
    order = place(buyer, ticket)
    response = patch_order(Api(buyer), order, status="placed", **{"payment-mode": "bank"})
    assert response.status_code == 422
    order.refresh_from_db()
    assert order.status == "initializing" and order.payment_mode == ""


def test_cancel_gives_stock_back(as_role, event, ticket, buyer):
    order = place(buyer, ticket, 4)
    assert available(event, ticket) == 6
    assert patch_order(Api(buyer), order, status="cancelled").status_code == 200
    assert available(event, ticket) == 10
    assert patch_order(Api(buyer), order, status="placed", **{"payment-mode": "cheque"}).status_code == 409


def test_registrar_checks_in_attendees_of_completed_orders(event, buyer):
    free = TicketFactory(event=event, type="free", price=None)
    order = place(buyer, free, 1)
    attendee = order.attendees.get()
    registrar = UserFactory()
    grant(registrar, event, "registrar")
    body = resource("attendee", {"is-checked-in": True}, id=attendee.pk)
    assert Api(buyer).patch(f"/v1/attendees/{attendee.pk}", body).status_code == 403
    response = Api(registrar).patch(f"/v1/attendees/{attendee.pk}", body)
    assert response.status_code == 200, response.content
    assert response.json()["data"]["attributes"]["is-checked-in"] is True
    attendee.refresh_from_db()
    assert attendee.checkin_times


def test_buyer_fills_attendee_details(event, ticket, buyer):
    order = place(buyer, ticket, 1)
    attendee = order.attendees.get()
    attributes = {"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.org"}
    response = Api(buyer).patch(f"/v1/attendees/{attendee.pk}", resource("attendee", attributes, id=attendee.pk))
    assert response.status_code == 200, response.content
    attendee.refresh_from_db()
    assert attendee.firstname == "Ada"
    stranger = Api(UserFactory()).patch(
        f"/v1/attendees/{attendee.pk}", resource("attendee", attributes, id=attendee.pk)
    )
    assert stranger.status_code == 403


@pytest.mark.parametrize("orders", [1, 6])
def test_event_lists_run_a_fixed_number_of_queries(as_role, event, ticket, orders, django_assert_max_num_queries):
    for _ in range(orders):
        place(UserFactory(), ticket, 1)
    api = as_role("organizer")
    with django_assert_max_num_queries(14):
        assert api.get(f"/v1/events/{event.pk}/orders", include="attendees").status_code == 200
    with django_assert_max_num_queries(14):
        assert api.get(f"/v1/events/{event.pk}/attendees").status_code == 200
