"""The sales relationships of events, tickets and users (`orders`, `attendees`, `tax`), per role, through HTTP.

Orders and attendees reach the buyer, the event's team (co-organizers and up, registrars) and staff only, the
same wherever they are included; the related routes are the nested lists with their own rules.
"""

import pytest

from tests.conftest import Api
from tests.factories import EventFactory, UserFactory, grant
from tests.factories.events import SessionFactory, TicketFactory
from tests.factories.relationships import app_rows
from tests.relationship_checks import ROLES, list_queries, related, shows

pytestmark = pytest.mark.django_db
TEAM = {"owner", "organizer", "coorganizer", "admin", "super_admin"}


@pytest.fixture
def sale(event):
    ticket = TicketFactory(event=event)
    buyer = UserFactory()
    rows = app_rows(event, ticket, SessionFactory(event=event), buyer)
    return ticket, buyer, rows


def denied(role):
    return 401 if role == "anonymous" else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rel", ["orders", "attendees"])
def test_event_and_ticket_sales_reach_the_team_only(as_role, role, rel, event, sale):
    ticket, _, rows = sale
    client = as_role(role)
    expected = {rows[rel].pk} if role in TEAM else set()
    for url in (f"/v1/events/{event.pk}", f"/v1/tickets/{ticket.pk}"):
        shows(client, url, rel, expected)
        assert related(client, url, rel) == ((200, {str(rows[rel].pk)}) if role in TEAM else (denied(role), set()))


@pytest.mark.parametrize("rel", ["orders", "attendees"])
def test_the_buyer_sees_his_own_sale_on_the_event_but_may_not_list_the_events_sales(rel, event, sale):
    _, buyer, rows = sale
    client = Api(buyer)
    shows(client, f"/v1/events/{event.pk}", rel, {rows[rel].pk})
    assert related(client, f"/v1/events/{event.pk}", rel) == (403, set())


@pytest.mark.parametrize("rel", ["orders", "attendees"])
def test_a_users_sales_reach_himself_and_staff(rel, event, sale, role_users):
    _, buyer, rows = sale
    url = f"/v1/users/{buyer.pk}"
    for user in (buyer, role_users["admin"]):
        shows(Api(user), url, rel, {rows[rel].pk}, route=False)
        assert related(Api(user), url, rel) == (200, {str(rows[rel].pk)})
    assert related(Api(role_users["organizer"]), url, rel) == (403, set())
    assert related(Api(None), url, rel) == (401, set())
    # The event's organizer reads his own user: not the buyer's orders.
    shows(Api(role_users["organizer"]), f"/v1/users/{role_users['organizer'].pk}", rel, set(), route=False)


@pytest.mark.parametrize("role", ROLES)
def test_event_tax_is_its_public_part_when_included(as_role, role, event, sale):
    tax = sale[2]["tax"]
    client = as_role(role)
    shows(client, f"/v1/events/{event.pk}", "tax", {tax.pk})
    body = client.get(f"/v1/events/{event.pk}", include="tax").json()
    (included,) = body["included"]
    assert included["attributes"]["name"] == "VAT"
    assert "tax-id" not in included["attributes"]  # co-organizers read it at /v1/events/<id>/tax
    full = client.get(f"/v1/events/{event.pk}/tax").json()["data"]["attributes"]
    assert ("tax-id" in full) == (role in TEAM)


def test_an_event_without_tax_includes_null(event):
    response = Api(None).get(f"/v1/events/{event.pk}", include="tax")
    assert response.json()["data"]["relationships"]["tax"]["data"] is None


def sold_events(count, organizer):
    for _ in range(count):
        event = EventFactory()
        grant(organizer, event, "organizer")
        app_rows(event, TicketFactory(event=event), SessionFactory(event=event), UserFactory())


@pytest.mark.parametrize("caller", ["anonymous", "organizer", "admin"])
def test_including_sales_on_lists_costs_a_fixed_number_of_queries(caller, role_users):
    organizer = role_users["organizer"]
    client = Api(None if caller == "anonymous" else role_users[caller])
    include = "orders.attendees,attendees,tax,tickets.orders,tickets.attendees"
    sold_events(1, organizer)
    few, _ = list_queries(client, "/v1/events", include)
    sold_events(3, organizer)
    many, rows = list_queries(client, "/v1/events", include)
    assert many == few and rows >= 4


def test_including_sales_on_the_user_list_costs_a_fixed_number_of_queries(role_users):
    client = Api(role_users["admin"])
    sold_events(1, role_users["organizer"])
    few, _ = list_queries(client, "/v1/users", "orders,attendees,orders.user")
    sold_events(3, role_users["organizer"])
    many, rows = list_queries(client, "/v1/users", "orders,attendees,orders.user")
    assert many == few and rows >= 5
