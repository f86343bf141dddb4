"""Applying codes: `POST /v1/orders/calculate-amount` and `POST /v1/orders/create-order`."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from discounts.models import DiscountCode
from discounts.services import money
from payments.domain import stock
from payments.models import Order, OrderTicket
from tests.conftest import Api
from tests.factories.discounts import EventCodeFactory, TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

CALCULATE = "/v1/orders/calculate-amount"
CREATE = "/v1/orders/create-order"


def exact(response):
    """The JSON body with numbers read as Decimal, so comparisons are exact."""
    return json.loads(response.content, parse_float=Decimal)


def order(*lines, code=None):
    body = {"tickets": [{"id": t.pk, "quantity": q} for t, q in lines]}
    if code is not None:
        body["discount-code"] = code.pk
    return body


def error_of(response, status):
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert errors and errors[0]["status"] == str(status)
    return errors[0]


# --------------------------------------------------------------- calculate-amount
def test_calculate_without_code(paid, cheap):
    response = Api().post_json(CALCULATE, order((paid, 2), (cheap, 1)))
    assert response.status_code == 200
    body = exact(response)
    assert body["sub_total"] == Decimal("215.0") and body["discount"] == 0 and body["total"] == Decimal("215.0")
    assert [t["discount"] for t in body["tickets"]] == [None, None]
    assert body["tickets"][0] == {
        "id": paid.pk,
        "name": "Standard",
        "price": Decimal("100.0"),
        "quantity": 2,
        "discount": None,
        "sub_total": Decimal("200.0"),
    }


@pytest.mark.parametrize("role", ["anonymous", "user", "coorganizer", "admin"])
def test_calculate_amount_code_applies_only_to_covered_tickets(as_role, role, event, paid, cheap):
    plain = TicketFactory(event=event, price=Decimal("40.00"))
    code = TicketCodeFactory(event=event, value=Decimal("10.00"), tickets=[paid, cheap])
    response = as_role(role).post_json(CALCULATE, order((paid, 2), (cheap, 1), (plain, 1), code=code))
    assert response.status_code == 200, response.content
    body = exact(response)
    lines = {t["id"]: t for t in body["tickets"]}
    assert lines[paid.pk]["sub_total"] == Decimal("180.0")
    assert lines[paid.pk]["discount"] == {
        "code": code.code,
        "type": "amount",
        "percent": Decimal("10.0"),
        "amount": Decimal("10.0"),
        "total": Decimal("20.0"),
    }
    assert lines[cheap.pk]["sub_total"] == Decimal("5.0")
    assert lines[plain.pk]["discount"] is None and lines[plain.pk]["sub_total"] == Decimal("40.0")
    assert body["discount"] == Decimal("30.0")
    assert body["total"] == Decimal("225.0")


def test_calculate_percent_rounds_half_up(event):
    ticket = TicketFactory(event=event, price=Decimal("15.00"))
    code = TicketCodeFactory(event=event, type="percent", value=Decimal("12.50"), tickets=[ticket])
    body = exact(Api().post_json(CALCULATE, order((ticket, 3), code=code)))
    # 12.5 % of 15.00 = 1.875 → 1.88 a ticket (ROUND_HALF_UP), × 3 = 5.64
    line = body["tickets"][0]
    assert line["discount"]["amount"] == Decimal("1.88")
    assert line["discount"]["total"] == Decimal("5.64")
    assert line["sub_total"] == Decimal("39.36")
    assert body["total"] == Decimal("39.36")


def test_calculate_zero_decimal_currency_rounds_to_whole_units(event):
    event.payment_currency = "JPY"
    event.save()
    ticket = TicketFactory(event=event, price=Decimal("1001.00"))
    code = TicketCodeFactory(event=event, type="percent", value=Decimal("15"), tickets=[ticket])
    body = exact(Api().post_json(CALCULATE, order((ticket, 1), code=code)))
    assert body["tickets"][0]["discount"]["amount"] == Decimal("150")  # 150.15 → 150
    assert body["total"] == Decimal("851")


def test_calculate_never_below_zero(event):
    ticket = TicketFactory(event=event, price=Decimal("50.00"))
    code = TicketCodeFactory(event=event, value=Decimal("40.00"), tickets=[ticket])
    ticket.price = Decimal("30.00")  # the organizer lowered the price after making the code
    ticket.save()
    body = exact(Api().post_json(CALCULATE, order((ticket, 2), code=code)))
    assert body["tickets"][0]["discount"]["amount"] == Decimal("30.0")
    assert body["tickets"][0]["sub_total"] == 0
    assert body["total"] == 0


def test_calculate_free_tickets_untouched(event, free, paid):
    code = TicketCodeFactory(event=event, type="percent", value=Decimal("50"), tickets=[free, paid])
    body = exact(Api().post_json(CALCULATE, order((free, 2), (paid, 1), code=code)))
    lines = {t["id"]: t for t in body["tickets"]}
    assert lines[free.pk]["discount"] is None and lines[free.pk]["sub_total"] == 0
    assert lines[paid.pk]["sub_total"] == Decimal("50.0")


def test_calculate_donation_price_in_range(event):
    ticket = TicketFactory(
        event=event, type="donation", price=None, min_price=Decimal("5.00"), max_price=Decimal("500.00")
    )
    body = {"tickets": [{"id": ticket.pk, "quantity": 1, "price": "25.50"}]}
    assert exact(Api().post_json(CALCULATE, body))["total"] == Decimal("25.5")
    for price in (None, "4.99", "500.01", "abc", True):
        bad = {"tickets": [{"id": ticket.pk, "quantity": 1, "price": price}]}
        error_of(Api().post_json(CALCULATE, bad), 422)


def test_calculate_min_and_max_quantity(event, paid):
    code = TicketCodeFactory(event=event, min_quantity=2, max_quantity=3, tickets=[paid])
    error_of(Api().post_json(CALCULATE, order((paid, 1), code=code)), 422)
    error_of(Api().post_json(CALCULATE, order((paid, 4), code=code)), 422)
    assert Api().post_json(CALCULATE, order((paid, 3), code=code)).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"is_active": False}, "not active"),
        ({"valid_from": timezone.now() + dt.timedelta(days=1)}, "not valid yet"),
        ({"valid_till": timezone.now() - dt.timedelta(minutes=1)}, "expired"),
    ],
)
def test_calculate_refuses_codes_not_usable_now(event, paid, changes, message):
    code = TicketCodeFactory(event=event, tickets=[paid], **changes)
    error = error_of(Api().post_json(CALCULATE, order((paid, 1), code=code)), 422)
    assert message in error["detail"]


def test_calculate_refuses_code_after_event_end_when_no_valid_till(paid):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(days=3), ends_at=timezone.now() - dt.timedelta(days=1))
    ticket = TicketFactory(event=event)
    code = TicketCodeFactory(event=event, tickets=[ticket])
    assert "expired" in error_of(Api().post_json(CALCULATE, order((ticket, 1), code=code)), 422)["detail"]


def test_calculate_refuses_used_up_code(event, paid):
    code = TicketCodeFactory(event=event, tickets=[paid], tickets_number=5, max_quantity=5)
    DiscountCode.objects.filter(pk=code.pk).update(used_count=4)
    assert Api().post_json(CALCULATE, order((paid, 1), code=code)).status_code == 200
    error_of(Api().post_json(CALCULATE, order((paid, 2), code=code)), 409)


def test_calculate_refuses_foreign_and_event_codes(event, paid):
    foreign = TicketCodeFactory(event=EventFactory())
    error_of(Api().post_json(CALCULATE, order((paid, 1), code=foreign)), 422)
    platform = EventCodeFactory(events=[event])
    error_of(Api().post_json(CALCULATE, order((paid, 1), code=platform)), 422)


def test_calculate_refuses_code_that_covers_none_of_the_tickets(event, paid, cheap):
    code = TicketCodeFactory(event=event, tickets=[cheap])
    error_of(Api().post_json(CALCULATE, order((paid, 1), code=code)), 422)


def test_calculate_refuses_deleted_code(event, paid, code):
    code.soft_delete()
    error = error_of(Api().post_json(CALCULATE, order((paid, 1), code=code)), 422)
    assert error["source"]["pointer"] == "/discount-code"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"tickets": []},
        {"tickets": "1"},
        {"tickets": [1]},
        {"tickets": [{"quantity": 1}]},
        {"tickets": [{"id": "x", "quantity": 1}]},
        {"tickets": [{"id": 1, "quantity": 0}]},
        {"tickets": [{"id": 1, "quantity": -2}]},
        {"tickets": [{"id": 1, "quantity": "many"}]},
        {"tickets": [{"id": 1, "quantity": 1}, {"id": 1, "quantity": 2}]},
        {"tickets": [{"id": 1, "quantity": 10**9}]},
        {"tickets": [{"id": 1, "quantity": 1}], "discount-code": "abc"},
    ],
)
def test_calculate_bad_bodies_are_4xx(paid, body):
    body = json.loads(json.dumps(body).replace('"id": 1', f'"id": {paid.pk}'))
    response = Api().post_json(CALCULATE, body)
    assert response.status_code in (400, 422), response.content
    assert response.json()["errors"]


def test_calculate_non_object_body_is_400():
    response = Api().client.post(CALCULATE, "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_calculate_unknown_hidden_or_draft_tickets_look_alike(draft_event, event, paid):
    """A ticket a visitor may not buy is answered like one that does not exist (nothing revealed)."""
    hidden = TicketFactory(event=event, is_hidden=True, name="Secret VIP")
    on_draft = TicketFactory(event=draft_event)
    deleted = TicketFactory(event=paid.event)
    deleted.soft_delete()
    for ticket_id in (99999, hidden.pk, on_draft.pk, deleted.pk):
        response = Api().post_json(CALCULATE, {"tickets": [{"id": ticket_id, "quantity": 1}]})
        error = error_of(response, 422)
        assert error["source"]["pointer"] == "/tickets/0/id"
        assert error["detail"] == f"Ticket {ticket_id} does not exist."
        assert b"Secret VIP" not in response.content


def test_calculate_tickets_of_two_events_are_422(paid):
    other = TicketFactory(event=EventFactory())
    error_of(Api().post_json(CALCULATE, order((paid, 1), (other, 1))), 422)


def test_calculate_writes_nothing(event, paid, code):
    Api().post_json(CALCULATE, order((paid, 2), code=code))
    code.refresh_from_db()
    assert code.used_count == 0 and not Order.objects.exists()


# --------------------------------------------------------------- create-order
@pytest.mark.parametrize("role", ["user", "owner", "coorganizer", "admin", "super_admin"])
def test_create_order_records_order_and_takes_uses(as_role, role_users, role, event, paid, cheap, code):
    response = as_role(role).post_json(CREATE, order((paid, 2), (cheap, 3), code=code))
    assert response.status_code == 201, response.content
    body = exact(response)
    saved = Order.objects.get(identifier=body["identifier"])
    assert saved.status == "initializing" and saved.user == role_users[role] and saved.event == event
    assert saved.discount_code == code
    assert saved.sub_total == Decimal("245.00")
    assert saved.discount == Decimal("50.00")
    assert saved.amount == Decimal("195.00") == body["amount"]
    assert isinstance(saved.amount, Decimal)
    assert saved.quantity == 5
    lines = {line.ticket_id: line for line in OrderTicket.objects.filter(order=saved)}
    assert lines[paid.pk].quantity == 2 and lines[paid.pk].discounted_quantity == 2
    assert lines[paid.pk].sub_total == Decimal("180.00") and lines[paid.pk].price == Decimal("100.00")
    assert lines[cheap.pk].discount == Decimal("30.00")
    code.refresh_from_db()
    assert code.used_count == 5


def test_create_order_needs_login(paid, code):
    response = Api().post_json(CREATE, order((paid, 1), code=code))
    assert response.status_code == 401
    assert not Order.objects.exists()


def test_create_order_without_code(paid):
    response = Api(UserFactory()).post_json(CREATE, order((paid, 1)))
    assert response.status_code == 201
    assert Order.objects.get().discount_code is None
    assert Order.objects.get().amount == Decimal("100.00")


def test_create_order_sold_out_is_409_and_writes_nothing(event, code):
    ticket = TicketFactory(event=event, quantity=3)
    code.tickets.add(ticket)
    buyer = Api(UserFactory())
    assert buyer.post_json(CREATE, order((ticket, 2), code=code)).status_code == 201
    error = error_of(buyer.post_json(CREATE, order((ticket, 2), code=code)), 409)
    assert "1 left" in error["detail"]
    assert Order.objects.count() == 1
    code.refresh_from_db()
    assert code.used_count == 2


def test_cancelled_orders_free_their_tickets(event):
    ticket = TicketFactory(event=event, quantity=2)
    buyer = Api(UserFactory())
    assert buyer.post_json(CREATE, order((ticket, 2))).status_code == 201
    error_of(buyer.post_json(CREATE, order((ticket, 1))), 409)
    Order.objects.update(status=Order.Status.CANCELLED)
    assert buyer.post_json(CREATE, order((ticket, 2))).status_code == 201
    assert stock.sold_counts([ticket.pk]) == {ticket.pk: 2}


def test_create_order_used_up_code_is_409_and_writes_nothing(event, paid):
    code = TicketCodeFactory(event=event, tickets=[paid], tickets_number=3, max_quantity=3)
    buyer = Api(UserFactory())
    assert buyer.post_json(CREATE, order((paid, 2), code=code)).status_code == 201
    error = error_of(buyer.post_json(CREATE, order((paid, 2), code=code)), 409)
    assert "1 uses left" in error["detail"]
    assert Order.objects.count() == 1
    code.refresh_from_db()
    assert code.used_count == 2


@pytest.mark.parametrize("changes", [{"is_active": False}, {"valid_till": timezone.now() - dt.timedelta(hours=1)}])
def test_create_order_refuses_unusable_code(event, paid, changes):
    code = TicketCodeFactory(event=event, tickets=[paid], **changes)
    error_of(Api(UserFactory()).post_json(CREATE, order((paid, 1), code=code)), 422)
    assert not Order.objects.exists()


def test_create_order_refuses_foreign_code(event, paid):
    foreign = TicketCodeFactory(event=EventFactory())
    error_of(Api(UserFactory()).post_json(CREATE, order((paid, 1), code=foreign)), 422)
    assert not Order.objects.exists()


def test_create_order_bad_body_is_4xx(paid):
    response = Api(UserFactory()).post_json(CREATE, {"tickets": [{"id": paid.pk, "quantity": 0}]})
    assert response.status_code == 422
    assert not Order.objects.exists()


def test_code_used_in_orders_cannot_be_hard_deleted(as_role, event, paid, code):
    Api(UserFactory()).post_json(CREATE, order((paid, 1), code=code))
    assert as_role("organizer").delete(f"/v1/discount-codes/{code.pk}", permanent="true").status_code == 409
    assert DiscountCode.objects.filter(pk=code.pk).exists()


def test_money_helpers_are_decimal():
    assert money.round_money(Decimal("2.675")) == Decimal("2.68")
    assert money.round_money(Decimal("2.665")) == Decimal("2.67")
    assert money.round_money(Decimal("99.5"), "JPY") == Decimal("100")
    assert money.money_places("usd") == 2 and money.money_places("KRW") == 0
