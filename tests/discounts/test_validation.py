"""Every validation rule of a discount code: a 4xx JSON:API error and nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from discounts.models import DiscountCode
from tests.conftest import resource
from tests.factories.discounts import EventCodeFactory, TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory

pytestmark = pytest.mark.django_db


def body(event, tickets=(), **attrs):
    attributes = {"code": "EARLY", "value": "10", "type": "amount", "used-for": "ticket", **attrs}
    rels = {"tickets": [("ticket", t.pk) for t in tickets]}
    if event is not None:
        rels["event"] = ("event", event.pk)
    return resource("discount-code", attributes, rels)


def soon(days):
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


def refused(response, status, pointer=None):
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert errors and errors[0]["status"] == str(status)
    if pointer:
        assert any(e.get("source", {}).get("pointer") == pointer for e in errors), errors


@pytest.fixture
def organizer(as_role):
    return as_role("organizer")


@pytest.mark.parametrize(
    ("attrs", "pointer"),
    [
        ({"used-for": None}, "/data/attributes/used-for"),
        ({"used-for": "order"}, "/data/attributes/used-for"),
    ],
)
def test_bad_used_for_is_409(organizer, event, attrs, pointer):
    refused(organizer.post("/v1/discount-codes", body(event, **attrs)), 409, pointer)
    assert not DiscountCode.objects.exists()


def test_missing_used_for_is_409(organizer, event):
    document = body(event)
    del document["data"]["attributes"]["used-for"]
    refused(organizer.post("/v1/discount-codes", document), 409)


def test_ticket_code_without_event_is_422(organizer):
    refused(organizer.post("/v1/discount-codes", body(None)), 422, "/data/relationships/event")
    assert not DiscountCode.objects.exists()


@pytest.mark.parametrize(
    ("attrs", "pointer"),
    [
        ({"type": "percent", "value": "0"}, "/data/attributes/value"),
        ({"type": "percent", "value": "100.01"}, "/data/attributes/value"),
        ({"type": "amount", "value": "-1"}, "/data/attributes/value"),
        ({"type": "gift"}, "/data/attributes/type"),
        ({"value": "abc"}, "/data/attributes/value"),
        ({"min-quantity": 5, "max-quantity": 2}, "/data/attributes/min-quantity"),
        ({"max-quantity": 20, "tickets-number": 10}, "/data/attributes/max-quantity"),
        ({"min-quantity": -1}, "/data/attributes/min-quantity"),
        ({"valid-from": soon(5), "valid-till": soon(2)}, "/data/attributes/valid-till"),
        ({"valid-from": "2099-01-01T10:00:00Z", "valid-till": "2099-01-01T10:00:00Z"}, "/data/attributes/valid-till"),
        ({"code": "   "}, "/data/attributes/code"),
        ({"code": "a/b"}, "/data/attributes/code"),
        ({"code": "two words"}, "/data/attributes/code"),
        ({"discount-url": "not a url"}, "/data/attributes/discount-url"),
    ],
)
def test_bad_attributes_are_422(organizer, event, paid, attrs, pointer):
    refused(organizer.post("/v1/discount-codes", body(event, [paid], **attrs)), 422, pointer)
    assert not DiscountCode.objects.exists()


def test_percent_100_and_till_without_from_are_fine(organizer, event, paid):
    response = organizer.post(
        "/v1/discount-codes", body(event, [paid], type="percent", value="100", **{"valid-till": soon(3)})
    )
    assert response.status_code == 201, response.content
    assert DiscountCode.objects.get().value == Decimal("100.00")


def test_amount_above_price_of_a_ticket_in_the_request_is_422(organizer, event, paid, cheap):
    refused(organizer.post("/v1/discount-codes", body(event, [paid, cheap], value="20")), 422, "/data/attributes/value")
    assert not DiscountCode.objects.exists()


def test_amount_on_free_ticket_is_422(organizer, event, free):
    refused(organizer.post("/v1/discount-codes", body(event, [free], value="1")), 422, "/data/attributes/value")


def test_patch_value_checked_against_stored_tickets(organizer, code):
    response = organizer.patch(f"/v1/discount-codes/{code.pk}", resource("discount-code", {"value": "16"}, id=code.pk))
    refused(response, 422, "/data/attributes/value")
    code.refresh_from_db()
    assert code.value == Decimal("10.00")


def test_patch_to_amount_type_checked_against_stored_tickets(organizer, event, cheap):
    code = TicketCodeFactory(event=event, type="percent", value=Decimal("50"), tickets=[cheap])
    response = organizer.patch(
        f"/v1/discount-codes/{code.pk}", resource("discount-code", {"type": "amount"}, id=code.pk)
    )
    refused(response, 422, "/data/attributes/value")


def test_patch_tickets_checked_against_stored_value(organizer, event, paid):
    code = TicketCodeFactory(event=event, value=Decimal("50"), tickets=[paid])
    low = TicketFactory(event=event, price=Decimal("20"))
    response = organizer.patch(
        f"/v1/discount-codes/{code.pk}", resource("discount-code", {}, {"tickets": [("ticket", low.pk)]}, id=code.pk)
    )
    refused(response, 422, "/data/attributes/value")
    assert list(code.tickets.all()) == [paid]


def test_tickets_of_another_event_are_422(organizer, event):
    foreign = TicketFactory(event=EventFactory())
    refused(organizer.post("/v1/discount-codes", body(event, [foreign])), 422, "/data/relationships/tickets")
    assert not DiscountCode.objects.exists()


def test_unknown_ticket_is_422(organizer, event):
    document = body(event)
    document["data"]["relationships"]["tickets"] = {"data": [{"type": "ticket", "id": "9999"}]}
    refused(organizer.post("/v1/discount-codes", document), 422)


def test_duplicate_code_in_event_is_409_case_insensitive(organizer, event, code):
    refused(organizer.post("/v1/discount-codes", body(event, code="foss10")), 409, "/data/attributes/code")
    assert DiscountCode.objects.count() == 1


def test_same_code_in_another_event_or_after_delete_is_fine(as_role, organizer, event, code):
    other = EventFactory()
    assert as_role("admin").post("/v1/discount-codes", body(other, code="FOSS10")).status_code == 201
    organizer.delete(f"/v1/discount-codes/{code.pk}")
    assert organizer.post("/v1/discount-codes", body(event, code="foss10")).status_code == 201


def test_patch_code_to_a_duplicate_is_409(organizer, event, code):
    other = TicketCodeFactory(event=event, code="OTHER")
    response = organizer.patch(
        f"/v1/discount-codes/{other.pk}", resource("discount-code", {"code": "Foss10"}, id=other.pk)
    )
    refused(response, 409)
    other.refresh_from_db()
    assert other.code == "OTHER"


def test_restoring_a_code_that_clashes_is_409(as_role, organizer, event, code):
    organizer.delete(f"/v1/discount-codes/{code.pk}")
    TicketCodeFactory(event=event, code="FOSS10")
    response = as_role("admin").patch(
        f"/v1/discount-codes/{code.pk}?get_trashed=true", resource("discount-code", {"deleted-at": None}, id=code.pk)
    )
    refused(response, 409)


def test_used_for_cannot_change(as_role, code):
    response = as_role("admin").patch(
        f"/v1/discount-codes/{code.pk}", resource("discount-code", {"used-for": "event"}, id=code.pk)
    )
    refused(response, 409, "/data/attributes/used-for")
    code.refresh_from_db()
    assert code.used_for == "ticket"


def test_code_cannot_move_to_another_event(as_role, code):
    other = EventFactory()
    response = as_role("admin").patch(
        f"/v1/discount-codes/{code.pk}", resource("discount-code", {}, {"event": ("event", other.pk)}, id=code.pk)
    )
    refused(response, 422, "/data/relationships/event")


def test_patch_stored_valid_from_is_used(organizer, event, paid):
    code = TicketCodeFactory(event=event, valid_from=timezone.now() + dt.timedelta(days=5))
    response = organizer.patch(
        f"/v1/discount-codes/{code.pk}", resource("discount-code", {"valid-till": soon(1)}, id=code.pk)
    )
    refused(response, 422, "/data/attributes/valid-till")


def test_patch_quantities_use_stored_values(organizer, code):
    response = organizer.patch(
        f"/v1/discount-codes/{code.pk}", resource("discount-code", {"min-quantity": 500}, id=code.pk)
    )
    refused(response, 422, "/data/attributes/min-quantity")


def test_tickets_number_cannot_go_below_uses(organizer, code):
    DiscountCode.objects.filter(pk=code.pk).update(used_count=7)
    response = organizer.patch(
        f"/v1/discount-codes/{code.pk}",
        resource("discount-code", {"tickets-number": 5, "max-quantity": 5}, id=code.pk),
    )
    refused(response, 422, "/data/attributes/tickets-number")


def test_patch_id_mismatch_is_400(organizer, code):
    response = organizer.patch(
        f"/v1/discount-codes/{code.pk}", resource("discount-code", {"value": "1"}, id=code.pk + 1)
    )
    refused(response, 400)


def test_wrong_type_is_409(organizer, event):
    document = body(event)
    document["data"]["type"] = "access-code"
    refused(organizer.post("/v1/discount-codes", document), 409)


def test_event_code_duplicate_is_409(as_role):
    EventCodeFactory(code="PLATFORM")
    document = resource("discount-code", {"code": "platform", "value": "5", "type": "percent", "used-for": "event"})
    refused(as_role("admin").post("/v1/discount-codes", document), 409, "/data/attributes/code")


def test_coorganizer_cannot_smuggle_an_event_code(as_role, event):
    """Sending used-for=event with an event the caller organizes is still admin-only."""
    document = resource(
        "discount-code",
        {"code": "SNEAKY", "value": "50", "type": "percent", "used-for": "event"},
        {"event": ("event", event.pk), "events": [("event", event.pk)]},
    )
    refused(as_role("coorganizer").post("/v1/discount-codes", document), 403)
    assert not DiscountCode.objects.exists()


def test_single_use_code_without_max_quantity_is_fine(organizer, event, paid):
    response = organizer.post("/v1/discount-codes", body(event, [paid], **{"tickets-number": 1}))
    assert response.status_code == 201, response.content
    assert response.json()["data"]["attributes"]["max-quantity"] == 1
