"""Discount code lists under an event, a ticket and a user; relationship routes; the role on *that* event."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discounts.models import DiscountCode
from tests.conftest import Api, resource
from tests.discounts.codes_support import MANAGERS, NOT_STAFF, STAFF, ids, ticket_code_body
from tests.factories.discounts import TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory, grant
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------- /events/<id>/discount-codes
@pytest.mark.parametrize("role", ("owner", "organizer", "coorganizer"))
def test_event_list_for_organizers_has_ticket_codes_only(as_role, role, event, code, event_code):
    event_code.event = event  # even with its `event` rel set, organizers never see the event code
    event_code.save()
    response = as_role(role).get(f"/v1/events/{event.pk}/discount-codes")
    assert response.status_code == 200
    assert ids(response) == [code.pk]


@pytest.mark.parametrize("role", STAFF)
def test_event_list_for_staff_includes_the_event_code(as_role, role, event, code, event_code):
    response = as_role(role).get(f"/v1/events/{event.identifier}/discount-codes")
    assert response.status_code == 200
    assert ids(response) == sorted([code.pk, event_code.pk])
    kinds = {item["attributes"]["used-for"] for item in response.json()["data"]}
    assert kinds == {"event", "ticket"}


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_event_list_refused(as_role, role, status, event, code):
    assert as_role(role).get(f"/v1/events/{event.pk}/discount-codes").status_code == status


def test_event_list_refused_for_other_events_organizer(other_organizer, event, code):
    assert other_organizer.get(f"/v1/events/{event.pk}/discount-codes").status_code == 403


def test_event_list_of_draft_event_is_404_for_outsiders(draft_event):
    assert Api(UserFactory()).get(f"/v1/events/{draft_event.pk}/discount-codes").status_code == 404
    assert Api().get("/v1/events/deadbeef/discount-codes").status_code == 404


def test_event_list_fixed_query_count(as_role, event, paid, django_assert_num_queries):
    client = as_role("coorganizer")
    TicketCodeFactory(event=event, tickets=[paid])
    client.get(f"/v1/events/{event.pk}/discount-codes", include="tickets")
    client = as_role("coorganizer")
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/v1/events/{event.pk}/discount-codes", include="tickets").status_code == 200
    for _ in range(3):
        TicketCodeFactory(event=event, tickets=[paid, TicketFactory(event=event)])
    client = as_role("coorganizer")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(f"/v1/events/{event.pk}/discount-codes", include="tickets")
    assert response.json()["meta"]["count"] == 4


def test_event_list_trashed_for_organizers(as_role, event, code):
    as_role("coorganizer").delete(f"/v1/discount-codes/{code.pk}")
    assert ids(as_role("coorganizer").get(f"/v1/events/{event.pk}/discount-codes")) == []
    trashed = as_role("coorganizer").get(f"/v1/events/{event.pk}/discount-codes", get_trashed="true")
    assert ids(trashed) == [code.pk]


def test_event_list_filter_and_sort(as_role, event, code):
    other = TicketCodeFactory(event=event, code="ZED", is_active=False)
    client = as_role("organizer")
    inactive = client.get(
        f"/v1/events/{event.pk}/discount-codes", filter='[{"name":"is-active","op":"eq","val":false}]'
    )
    assert ids(inactive) == [other.pk]
    ordered = client.get(f"/v1/events/{event.pk}/discount-codes", sort="-code")
    assert [item["id"] for item in ordered.json()["data"]] == [str(other.pk), str(code.pk)]


# --------------------------------------------------------------- /events/<id>/discount-code
@pytest.mark.parametrize("role", STAFF)
def test_event_code_route_for_staff(as_role, role, event, event_code):
    response = as_role(role).get(f"/v1/events/{event.pk}/discount-code")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(event_code.pk)
    linkage = as_role(role).get(f"/v1/events/{event.pk}/relationships/discount-code")
    assert linkage.json()["data"] == {"type": "discount-code", "id": str(event_code.pk)}


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), *[(r, 403) for r in NOT_STAFF]])
def test_event_code_route_refused(as_role, role, status, event, event_code):
    assert as_role(role).get(f"/v1/events/{event.pk}/discount-code").status_code == status
    assert as_role(role).get(f"/v1/events/{event.pk}/relationships/discount-code").status_code == status


def test_event_code_route_without_code_is_404(as_role, event):
    assert as_role("admin").get(f"/v1/events/{event.pk}/discount-code").status_code == 404
    assert as_role("admin").get(f"/v1/events/{event.pk}/relationships/discount-code").json()["data"] is None


# --------------------------------------------------------------- /tickets/<id>/discount-codes
@pytest.mark.parametrize("role", MANAGERS)
def test_ticket_list_for_managers(as_role, role, paid, code):
    TicketCodeFactory(event=paid.event)  # not covering `paid`
    response = as_role(role).get(f"/v1/tickets/{paid.pk}/discount-codes")
    assert response.status_code == 200
    assert ids(response) == [code.pk]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_ticket_list_refused(as_role, role, status, paid, code):
    assert as_role(role).get(f"/v1/tickets/{paid.pk}/discount-codes").status_code == status


def test_ticket_list_refused_for_other_events_organizer(other_organizer, paid, code):
    assert other_organizer.get(f"/v1/tickets/{paid.pk}/discount-codes").status_code == 403


def test_ticket_list_unknown_ticket_is_404(as_role):
    assert as_role("admin").get("/v1/tickets/999/discount-codes").status_code == 404


# --------------------------------------------------------------- /users/<id>/discount-codes
def test_user_list_for_self_and_staff(role_users, as_role, event, code):
    marketer = role_users["coorganizer"]
    code.marketer = marketer
    code.save()
    TicketCodeFactory(event=event, marketer=role_users["owner"])
    for role in ("coorganizer", "admin", "super_admin"):
        response = as_role(role).get(f"/v1/users/{marketer.pk}/discount-codes")
        assert response.status_code == 200
        assert ids(response) == [code.pk]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("owner", 403)])
def test_user_list_of_someone_else_refused(role_users, as_role, role, status, code):
    target = role_users["coorganizer"]
    assert as_role(role).get(f"/v1/users/{target.pk}/discount-codes").status_code == status


# --------------------------------------------------------------- relationships
def test_relationship_routes_for_ticket_code(as_role, code, paid, cheap, role_users):
    code.marketer = role_users["owner"]
    code.save()
    client = as_role("coorganizer")
    linkage = client.get(f"/v1/discount-codes/{code.pk}/relationships/tickets").json()
    assert sorted(item["id"] for item in linkage["data"]) == sorted([str(paid.pk), str(cheap.pk)])
    event_linkage = client.get(f"/v1/discount-codes/{code.pk}/relationships/event").json()
    assert event_linkage["data"] == {"type": "event", "id": str(code.event_id)}
    assert client.get(f"/v1/discount-codes/{code.pk}/event").json()["data"]["id"] == str(code.event_id)
    marketer = client.get(f"/v1/discount-codes/{code.pk}/marketer").json()["data"]
    assert marketer == {**marketer, "type": "user", "id": str(role_users["owner"].pk)}
    assert "is-admin" not in marketer["attributes"]
    tickets = client.get(f"/v1/discount-codes/{code.pk}/tickets")
    assert tickets.status_code == 200
    assert sorted(ids(tickets)) == sorted([paid.pk, cheap.pk])


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_relationship_routes_refused(as_role, role, status, code):
    client = as_role(role)
    assert client.get(f"/v1/discount-codes/{code.pk}/relationships/tickets").status_code == status
    assert client.get(f"/v1/discount-codes/{code.pk}/tickets").status_code == status
    assert client.get(f"/v1/discount-codes/{code.pk}/event").status_code == status


def test_event_code_events_route(as_role, event, event_code):
    response = as_role("admin").get(f"/v1/discount-codes/{event_code.pk}/events")
    assert response.status_code == 200
    assert ids(response) == [event.pk]
    assert as_role("owner").get(f"/v1/discount-codes/{event_code.pk}/events").status_code == 403
    assert as_role("owner").get(f"/v1/discount-codes/{event_code.pk}/relationships/events").status_code == 403
    linkage = as_role("admin").get(f"/v1/discount-codes/{event_code.pk}/relationships/events").json()
    assert linkage["data"] == [{"type": "event", "id": str(event.pk)}]


def test_discount_code_tickets_route_fixed_query_count(as_role, event, code, django_assert_num_queries):
    client = as_role("coorganizer")
    client.get(f"/v1/discount-codes/{code.pk}/tickets")
    client = as_role("coorganizer")
    with CaptureQueriesContext(connection) as two:
        client.get(f"/v1/discount-codes/{code.pk}/tickets")
    code.tickets.add(*[TicketFactory(event=event) for _ in range(3)])
    client = as_role("coorganizer")
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(f"/v1/discount-codes/{code.pk}/tickets")
    assert response.json()["meta"]["count"] == 5


# --------------------------------------------------------------- role of *that* event
def test_organizer_of_two_events_cannot_attach_other_events_tickets(event, paid):
    user = UserFactory()
    grant(user, event, "organizer")
    mine = EventFactory()
    grant(user, mine, "organizer")
    response = Api(user).post("/v1/discount-codes", ticket_code_body(mine, [paid]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"]["pointer"] == "/data/relationships/tickets"
    assert not DiscountCode.objects.exists()


def test_coorganizer_restores_a_deleted_code_but_outsiders_cannot(as_role, other_organizer, code):
    as_role("coorganizer").delete(f"/v1/discount-codes/{code.pk}")
    restore = resource("discount-code", {"deleted-at": None}, id=code.pk)
    assert other_organizer.patch(f"/v1/discount-codes/{code.pk}", restore).status_code == 404
    assert as_role("user").get(f"/v1/discount-codes/{code.pk}", get_trashed="true").status_code == 404
    assert as_role("coorganizer").get(f"/v1/discount-codes/{code.pk}", get_trashed="true").status_code == 200
    assert as_role("coorganizer").patch(f"/v1/discount-codes/{code.pk}", restore).status_code == 200
    assert DiscountCode.objects.filter(pk=code.pk).exists()
