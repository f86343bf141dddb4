"""Orders and attendees in the Django admin (issue 17 point 5), through its HTTP pages as a staff user:
changelists, search, filters, the refund and cancel actions (through the payments lifecycle), totals per event."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from payments.domain import stock
from payments.models import Order
from tests.factories import AdminFactory, EventFactory, TicketFactory, UserFactory
from tests.factories.discounts import TicketCodeFactory
from tests.factories.sales import sold

pytestmark = pytest.mark.django_db

ORDERS = "admin:payments_order_changelist"
ATTENDEES = "admin:payments_attendee_changelist"


@pytest.fixture
def ticket(event):
    return TicketFactory(event=event, quantity=10, price=Decimal("25.00"))


def act(staff, action, *orders):
    return staff.post(reverse(ORDERS), {"action": action, "_selected_action": [o.pk for o in orders]}, follow=True)


def test_order_changelist_lists_orders_with_totals_per_event(staff, ticket):
    first = sold(ticket, 2)
    sold(ticket, 1, status="refunded")
    other = sold(TicketFactory(event=EventFactory(name="Other fest"), price=Decimal("5.00")), 3)
    response = staff.get(reverse(ORDERS))
    assert response.status_code == 200
    body = response.content.decode()
    assert first.identifier in body and other.identifier in body
    totals = {row["event_id"]: row for row in response.context["sales_totals"]}
    mine = totals[ticket.event_id]
    assert (mine["orders"], mine["sold_orders"], mine["tickets_sold"]) == (2, 1, 2)
    assert (mine["amount_sold"], mine["amount_refunded"]) == (Decimal("50.00"), Decimal("25.00"))
    assert totals[other.event_id]["amount_sold"] == Decimal("15.00")
    assert 'id="sales-totals"' in body and "Other fest" in body


def test_order_changelist_runs_a_fixed_number_of_queries(staff, ticket, django_assert_max_num_queries):
    sold(ticket, 1)
    with django_assert_max_num_queries(12):
        assert staff.get(reverse(ORDERS)).status_code == 200
    for _ in range(15):
        sold(TicketFactory(), 1)
    with django_assert_max_num_queries(12):
        assert staff.get(reverse(ORDERS)).status_code == 200


def test_order_search_by_buyer_email_and_identifier(staff, ticket):
    buyer = UserFactory(email="findme@example.org")
    wanted, unwanted = sold(ticket, 1, user=buyer), sold(ticket, 1)
    for query in ("findme@example", wanted.identifier):
        body = staff.get(reverse(ORDERS), {"q": query}).content.decode()
        assert wanted.identifier in body and unwanted.identifier not in body


def test_order_filter_by_status_and_event(staff, ticket):
    completed, placed = sold(ticket, 1), sold(ticket, 1, status="placed")
    elsewhere = sold(TicketFactory(), 1, status="placed")
    body = staff.get(reverse(ORDERS), {"status__exact": "placed"}).content.decode()
    assert placed.identifier in body and elsewhere.identifier in body and completed.identifier not in body
    response = staff.get(reverse(ORDERS), {"status__exact": "placed", "event__id__exact": ticket.event_id})
    body = response.content.decode()
    assert placed.identifier in body and elsewhere.identifier not in body
    assert [row["event_id"] for row in response.context["sales_totals"]] == [ticket.event_id]


def test_refund_action_refunds_completed_orders_and_gives_stock_and_uses_back(staff, ticket):
    code = TicketCodeFactory(event=ticket.event, tickets=[ticket], tickets_number=5)
    order = sold(ticket, 3, discount_code=code, code_uses=3)
    type(code).objects.filter(pk=code.pk).update(used_count=3)
    assert stock.sold_counts([ticket.pk]) == {ticket.pk: 3}
    response = act(staff, "refund", order)
    assert response.status_code == 200 and "Refunded 1 order(s)." in response.content.decode()
    order.refresh_from_db()
    code.refresh_from_db()
    assert order.status == "refunded" and order.cancelled_at is not None
    assert stock.sold_counts([ticket.pk]) == {} and code.used_count == 0


def test_refund_action_refuses_an_unpaid_order_and_changes_nothing(staff, ticket):
    pending, completed = sold(ticket, 1, status="pending"), sold(ticket, 1)
    body = act(staff, "refund", pending, completed).content.decode()
    assert "Refunded 1 order(s)." in body
    assert f"Not refunded: {pending.identifier}: Only a completed order can be refunded." in body
    assert dict(Order.objects.values_list("pk", "status")) == {pending.pk: "pending", completed.pk: "refunded"}


def test_cancel_action_cancels_and_frees_the_tickets(staff, ticket):
    order = sold(ticket, 2, status="placed")
    assert "Cancelled 1 order(s)." in act(staff, "cancel", order).content.decode()
    order.refresh_from_db()
    assert order.status == "cancelled" and order.cancel_note == "Cancelled by the staff."
    assert stock.sold_counts([ticket.pk]) == {}


def test_orders_cannot_be_added_edited_or_deleted_by_hand(staff, ticket):
    order = sold(ticket, 1)
    assert staff.get(reverse("admin:payments_order_add")).status_code == 403
    page = staff.get(reverse("admin:payments_order_change", args=[order.pk]))
    assert page.status_code == 200 and 'name="amount"' not in page.content.decode()
    staff.post(reverse("admin:payments_order_change", args=[order.pk]), {"amount": "0", "status": "refunded"})
    order.refresh_from_db()
    assert order.status == "completed" and order.amount == Decimal("25.00")
    assert staff.get(reverse("admin:payments_order_delete", args=[order.pk])).status_code == 403


def test_attendee_changelist_search_and_filter(staff, ticket):
    order = sold(ticket, 2)
    first, second = order.attendees.order_by("pk")
    type(first).objects.filter(pk=first.pk).update(firstname="Ada", email="ada@example.org", is_checked_in=True)
    response = staff.get(reverse(ATTENDEES))
    assert response.status_code == 200 and second.email in response.content.decode()
    body = staff.get(reverse(ATTENDEES), {"q": "ada@example"}).content.decode()
    assert "ada@example.org" in body and second.email not in body
    body = staff.get(reverse(ATTENDEES), {"is_checked_in__exact": "0"}).content.decode()
    assert second.email in body and "ada@example.org" not in body
    assert staff.get(reverse(ATTENDEES), {"q": order.identifier}).status_code == 200


def test_platform_admins_without_staff_flag_cannot_open_the_sales_admin(ticket):
    sold(ticket, 1)
    for user in (UserFactory(), AdminFactory()):  # a platform admin is not Django staff
        client = Client()
        client.force_login(user)
        assert client.get(reverse(ORDERS)).status_code == 302
    assert Client().get(reverse(ORDERS)).status_code == 302
