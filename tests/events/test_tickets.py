"""Tickets (reference §3.4): validation rules, hidden tickets, availability, no defaults refilled on PATCH."""

from decimal import Decimal

import pytest

from events import models
from tests.conftest import Api, resource
from tests.events.support import ORGANIZERS, ROLES, error_pointers, ids, iso
from tests.factories.events import EventFactory, TicketFactory
from tests.factories.users import AdminFactory

FREE = {"name": "Community", "type": "free", "sales-starts-at": iso(-1), "sales-ends-at": iso(10)}


def paid_event(**kwargs):
    return EventFactory(can_pay_onsite=True, **kwargs)


@pytest.mark.django_db
def test_paid_ticket_keeps_decimal_price(as_role, event):
    models.Event.objects.filter(pk=event.pk).update(can_pay_by_stripe=True)
    body = resource("ticket", {**FREE, "type": "paid", "price": "12.30"}, {"event": ("event", event.pk)})
    response = as_role("owner").post("/v1/tickets", body)
    assert response.status_code == 201, response.content
    assert response.json()["data"]["attributes"]["price"] == 12.3
    assert models.Ticket.objects.get().price == Decimal("12.30")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("attrs", "pointer"),
    [
        ({"price": "-1"}, "/data/attributes/price"),
        ({"min-price": "-0.01"}, "/data/attributes/min-price"),
        ({"type": "paid", "price": "0"}, "/data/attributes/price"),
        ({"type": "paid"}, "/data/attributes/price"),
        ({"sales-ends-at": iso(-2)}, "/data/attributes/sales-ends-at"),
        ({"sales-ends-at": iso(60)}, "/data/attributes/sales-ends-at"),
        ({"min-order": 5, "max-order": 2}, "/data/attributes/max-order"),
        ({"quantity": 0}, "/data/attributes/quantity"),
        ({"quantity": 5, "max-order": 10}, "/data/attributes/quantity"),
        ({"quantity": -1}, "/data/attributes/quantity"),
        ({"type": "donation", "min-price": "10", "max-price": "5"}, "/data/attributes/min-price"),
        ({"name": None}, "/data/attributes/name"),
        ({"sales-starts-at": None}, "/data/attributes/sales-starts-at"),
        ({"price": "abc"}, "/data/attributes/price"),
    ],
)
def test_invalid_ticket_is_422_and_nothing_written(attrs, pointer):
    event = paid_event()
    admin = Api(AdminFactory())
    body = resource("ticket", {**FREE, **attrs}, {"event": ("event", event.pk)})
    response = admin.post("/v1/tickets", body)
    assert response.status_code == 422, response.content
    assert pointer in error_pointers(response)
    assert not models.Ticket.all_objects.exists()


@pytest.mark.django_db
def test_paid_ticket_needs_a_payment_method(as_role, event):
    body = resource("ticket", {**FREE, "type": "paid", "price": "5"}, {"event": ("event", event.pk)})
    response = as_role("owner").post("/v1/tickets", body)
    assert response.status_code == 422
    assert error_pointers(response) == ["/data/relationships/event"]


@pytest.mark.django_db
def test_duplicate_live_name_is_409_but_a_deleted_name_is_free(as_role, event):
    existing = TicketFactory(event=event, name="Community")
    body = resource("ticket", FREE, {"event": ("event", event.pk)})
    response = as_role("owner").post("/v1/tickets", body)
    assert response.status_code == 409
    assert response.json()["errors"][0]["detail"] == "Ticket already exists"
    existing.soft_delete()
    assert as_role("owner").post("/v1/tickets", body).status_code == 201
    restore = resource("ticket", {"deleted-at": None}, id=existing.pk)
    assert as_role("owner").patch(f"/v1/tickets/{existing.pk}", restore).status_code == 409
    existing.refresh_from_db()
    assert existing.deleted_at is not None


@pytest.mark.django_db
def test_rename_to_a_taken_name_is_409(as_role, event):
    TicketFactory(event=event, name="Taken")
    ticket = TicketFactory(event=event, name="Mine")
    response = as_role("owner").patch(f"/v1/tickets/{ticket.pk}", resource("ticket", {"name": "Taken"}, id=ticket.pk))
    assert response.status_code == 409
    ticket.refresh_from_db()
    assert ticket.name == "Mine"


@pytest.mark.django_db
def test_patch_checks_against_stored_values(as_role, event):
    ticket = TicketFactory(event=event)
    body = resource("ticket", {"sales-ends-at": (ticket.sales_starts_at.isoformat())}, id=ticket.pk)
    response = as_role("owner").patch(f"/v1/tickets/{ticket.pk}", body)
    assert response.status_code == 422
    assert error_pointers(response) == ["/data/attributes/sales-ends-at"]


@pytest.mark.django_db
def test_patch_does_not_refill_defaults(as_role, event):
    """Open Event reset is-hidden and is-checkin-restricted on every PATCH (§9.8)."""
    ticket = TicketFactory(event=event, is_hidden=True, is_checkin_restricted=False, max_order=3)
    response = as_role("owner").patch(
        f"/v1/tickets/{ticket.pk}", resource("ticket", {"description": "x"}, id=ticket.pk)
    )
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.is_hidden, ticket.is_checkin_restricted, ticket.max_order) == (True, False, 3)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_hidden_tickets_only_for_owner_organizers_and_admins(role, as_role, event):
    TicketFactory(event=event)
    hidden = TicketFactory(event=event, is_hidden=True)
    api = as_role(role)
    listed = ids(api.get(f"/v1/events/{event.pk}/tickets"))
    sees_hidden = role in ORGANIZERS
    assert (str(hidden.pk) in listed) == sees_hidden
    assert len(listed) == (2 if sees_hidden else 1)
    assert api.get(f"/v1/tickets/{hidden.pk}").status_code == (200 if sees_hidden else 404)
    availability = api.get(f"/v1/events/{event.identifier}/tickets/availability").json()
    assert len(availability) == (2 if sees_hidden else 1)


@pytest.mark.django_db
def test_availability_is_plain_json(as_role, event):
    ticket = TicketFactory(event=event, quantity=40)
    response = as_role("anonymous").get(f"/v1/events/{event.pk}/tickets/availability")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == [{"id": ticket.pk, "name": ticket.name, "quantity": 40, "available": 40}]


@pytest.mark.django_db
def test_availability_of_draft_or_unknown_event_is_404(as_role):
    draft = EventFactory(state="draft")
    assert as_role("anonymous").get(f"/v1/events/{draft.pk}/tickets/availability").status_code == 404
    assert as_role("anonymous").get("/v1/events/0/tickets/availability").status_code == 404


@pytest.mark.django_db
def test_availability_query_count_is_flat(as_role, event, django_assert_max_num_queries):
    TicketFactory(event=event)
    api = as_role("anonymous")
    with django_assert_max_num_queries(20) as one:
        assert len(api.get(f"/v1/events/{event.pk}/tickets/availability").json()) == 1
    for _ in range(49):
        TicketFactory(event=event)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api.get(f"/v1/events/{event.pk}/tickets/availability").json()) == 50
