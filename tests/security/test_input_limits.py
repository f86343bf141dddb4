"""Issue 15 finding 6: oversized bodies, integers beyond 64 bits and unknown routes answer 4xx JSON:API errors."""

import json
from decimal import Decimal

import pytest

from discounts.models import DiscountCode
from events.models import Ticket
from tests.conftest import Api, resource
from tests.events.support import iso
from tests.factories.events import TicketFactory

pytestmark = pytest.mark.django_db


def errors_of(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith(("application/vnd.api+json", "application/json"))
    errors = response.json()["errors"]
    assert errors and errors[0]["status"] == str(status) and errors[0]["detail"]
    return errors


def pointers(errors):
    return {(e.get("source") or {}).get("pointer") for e in errors}


@pytest.fixture
def huge(settings):
    return b'{"email": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b'"}'


@pytest.mark.parametrize("content_type", ["application/json", "application/vnd.api+json"])
def test_body_over_the_upload_limit_on_anonymous_login_is_413(huge, content_type):
    response = Api().client.post("/v1/auth/login", huge, content_type=content_type)
    errors_of(response, 413)


def test_body_over_the_upload_limit_on_a_resource_is_413(huge, as_role):
    response = as_role("organizer").client.post("/v1/tracks", huge, content_type="application/vnd.api+json")
    errors_of(response, 413)


def test_body_over_the_upload_limit_on_a_plain_json_view_is_413(huge):
    response = Api().client.post("/v1/orders/calculate-amount", huge, content_type="application/json")
    errors_of(response, 413)


@pytest.mark.parametrize("value", [10**30, -(10**30), 2**63, 2**31])
def test_ticket_quantity_beyond_the_column_is_422(as_role, event, value):
    before = Ticket.objects.count()
    attributes = {"name": "Big", "type": "free", "price": 0, "quantity": value}
    attributes |= {"sales-starts-at": iso(-1), "sales-ends-at": iso(5)}
    body = resource("ticket", attributes, {"event": ("event", event.pk)})
    response = as_role("organizer").post("/v1/tickets", json.dumps(body))
    assert "/data/attributes/quantity" in pointers(errors_of(response, 422))
    assert Ticket.objects.count() == before


@pytest.mark.parametrize("value", [2**63, 10**30])
def test_discount_tickets_number_beyond_64_bits_is_422(as_role, event, value):
    ticket = TicketFactory(event=event, price=Decimal("10"))
    attributes = {"code": "BIG", "value": "10", "type": "amount", "used-for": "ticket", "tickets-number": value}
    rels = {"event": ("event", event.pk), "tickets": [("ticket", ticket.pk)]}
    response = as_role("organizer").post("/v1/discount-codes", json.dumps(resource("discount-code", attributes, rels)))
    assert "/data/attributes/tickets-number" in pointers(errors_of(response, 422))
    assert not DiscountCode.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "user"])
@pytest.mark.parametrize(
    ("line", "pointer"),
    [({"id": 2**70, "quantity": 1}, "/tickets/0/id"), ({"id": None, "quantity": 10**30}, "/tickets/0/quantity")],
)
def test_calculate_amount_with_a_huge_integer_is_422(as_role, event, role, line, pointer):
    ticket = TicketFactory(event=event, price=Decimal("10"))
    line = {**line, "id": line["id"] or ticket.pk}
    response = as_role(role).post_json("/v1/orders/calculate-amount", {"tickets": [line]})
    errors = errors_of(response, 422)
    assert any(pointer in (p or "") for p in pointers(errors)), errors


@pytest.mark.parametrize("ref", [str(2**70), str(2**63), "-" + str(2**63 + 1)])
def test_huge_ids_in_urls_are_404(as_role, event, ref):
    api = as_role("organizer")
    for url in (
        f"/v1/tickets/{ref}",
        f"/v1/events/{ref}",
        f"/v1/events/{ref}/tickets",
        f"/v1/discount-codes/{ref}",
        f"/v1/users/{ref}",
        f"/v1/sessions/{ref}/speakers",
        f"/v1/events/{event.pk}/relationships/tickets",
    ):
        response = api.client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code, response.content[:200])


@pytest.mark.parametrize("url", ["/v1/no-such-thing", "/v1/events/1/no-such-thing", "/v1/", "/v1"])
def test_unknown_route_under_v1_is_a_json_api_404(url):
    response = Api().client.get(url)
    errors_of(response, 404)


@pytest.mark.parametrize("ref", [str(2**70), str(2**63)])
def test_linkage_to_a_huge_id_is_a_4xx(as_role, event, ref):
    before = Ticket.objects.count()
    attributes = {"name": "Linked", "type": "free", "price": 0, "sales-starts-at": iso(-1), "sales-ends-at": iso(5)}
    response = as_role("organizer").post(
        "/v1/tickets", json.dumps(resource("ticket", attributes, {"event": ("event", ref)}))
    )
    assert response.status_code in (400, 404, 422), response.content[:300]
    assert Ticket.objects.count() == before
    patch = {"data": [{"type": "ticket", "id": ref}]}
    response = as_role("organizer").client.patch(
        f"/v1/events/{event.pk}/relationships/tickets", json.dumps(patch), content_type="application/vnd.api+json"
    )
    assert 400 <= response.status_code < 500, response.content[:300]
