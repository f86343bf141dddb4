"""Discount code routes (reference §3.5): every route × role, and the event-code/ticket-code split."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discounts.models import DiscountCode, EventDiscountCode
from tests.conftest import resource
from tests.discounts.codes_support import MANAGERS, NOT_STAFF, STAFF, event_code_body, ids, ticket_code_body
from tests.factories.discounts import EventCodeFactory, TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------- /discount-codes
@pytest.mark.parametrize("role", STAFF)
def test_list_all_codes_staff_sees_both_kinds(as_role, role, code, event_code):
    response = as_role(role).get("/v1/discount-codes")
    assert response.status_code == 200
    assert ids(response) == sorted([code.pk, event_code.pk])
    assert response.json()["meta"]["count"] == 2
    assert all(isinstance(item["attributes"]["value"], float | int) for item in response.json()["data"])


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), *[(r, 403) for r in NOT_STAFF]])
def test_list_all_codes_refused_for_non_staff(as_role, role, status, code):
    response = as_role(role).get("/v1/discount-codes")
    assert response.status_code == status
    assert "errors" in response.json()


def test_list_all_codes_refused_for_other_events_organizer(other_organizer, code):
    assert other_organizer.get("/v1/discount-codes").status_code == 403


@pytest.mark.parametrize("include", ["tickets", "event", "events", "marketer"])
def test_list_all_codes_fixed_query_count(as_role, event, paid, include, django_assert_num_queries):
    client = as_role("admin")
    TicketCodeFactory(event=event, tickets=[paid])
    client.get("/v1/discount-codes", include=include)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/v1/discount-codes", include=include).status_code == 200
    for _ in range(3):
        TicketCodeFactory(event=EventFactory(), tickets=[TicketFactory()], marketer=UserFactory())
    EventCodeFactory(events=[EventFactory()])
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/v1/discount-codes", include=include)
    assert response.json()["meta"]["count"] == 5


# --------------------------------------------------------------- POST ticket codes
@pytest.mark.parametrize("role", MANAGERS)
def test_create_ticket_code_by_event_managers(as_role, role, event, paid, role_users):
    response = as_role(role).post("/v1/discount-codes", ticket_code_body(event, [paid]))
    assert response.status_code == 201, response.content
    created = DiscountCode.objects.get(pk=response.json()["data"]["id"])
    assert response["Location"] == f"/v1/discount-codes/{created.pk}"
    assert created.used_for == "ticket" and created.event == event
    assert list(created.tickets.all()) == [paid]
    assert created.marketer == role_users[role]
    assert response.json()["data"]["relationships"]["marketer"]["data"] == {
        "type": "user",
        "id": str(created.marketer.pk),
    }


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_create_ticket_code_refused(as_role, role, status, event, paid):
    response = as_role(role).post("/v1/discount-codes", ticket_code_body(event, [paid]))
    assert response.status_code == status
    assert not DiscountCode.objects.exists()


def test_create_ticket_code_refused_for_other_events_organizer(other_organizer, event, paid):
    response = other_organizer.post("/v1/discount-codes", ticket_code_body(event, [paid]))
    assert response.status_code == 403
    assert not DiscountCode.objects.exists()


def test_create_ticket_code_on_draft_event_of_someone_else_is_404(other_organizer):
    draft = EventFactory(state="draft")
    response = other_organizer.post("/v1/discount-codes", ticket_code_body(draft))
    assert response.status_code == 404
    assert not DiscountCode.objects.exists()


# --------------------------------------------------------------- POST event codes
@pytest.mark.parametrize("role", STAFF)
def test_create_event_code_by_staff_links_events(as_role, role, event):
    second = EventFactory()
    response = as_role(role).post("/v1/discount-codes", event_code_body([event, second]))
    assert response.status_code == 201, response.content
    created = DiscountCode.objects.get(pk=response.json()["data"]["id"])
    assert created.used_for == "event" and created.event is None
    assert sorted(EventDiscountCode.objects.filter(discount_code=created).values_list("event_id", flat=True)) == sorted(
        [event.pk, second.pk]
    )
    assert "marketer" not in response.json()["data"]["relationships"]
    assert "events" in response.json()["data"]["relationships"]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), *[(r, 403) for r in NOT_STAFF]])
def test_create_event_code_refused_for_non_staff(as_role, role, status, event):
    response = as_role(role).post("/v1/discount-codes", event_code_body([event]))
    assert response.status_code == status
    assert not DiscountCode.objects.exists()


def test_create_event_code_for_event_that_has_one_is_422(as_role, event, event_code):
    response = as_role("admin").post("/v1/discount-codes", event_code_body([event], code="OTHER"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"]["pointer"] == "/data/relationships/events"
    assert DiscountCode.objects.count() == 1


# --------------------------------------------------------------- detail
@pytest.mark.parametrize("role", MANAGERS)
def test_get_ticket_code_by_managers(as_role, role, code):
    response = as_role(role).get(f"/v1/discount-codes/{code.pk}")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["id"] == str(code.pk)
    assert data["attributes"]["code"] == "FOSS10"
    assert data["attributes"]["used-for"] == "ticket"
    assert set(data["relationships"]) == {"event", "marketer", "tickets"}


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_get_ticket_code_refused(as_role, role, status, code):
    assert as_role(role).get(f"/v1/discount-codes/{code.pk}").status_code == status


def test_get_ticket_code_refused_for_other_events_organizer(other_organizer, code):
    assert other_organizer.get(f"/v1/discount-codes/{code.pk}").status_code == 403


@pytest.mark.parametrize("role", STAFF)
def test_get_event_code_by_staff(as_role, role, event_code):
    response = as_role(role).get(f"/v1/discount-codes/{event_code.pk}", include="events")
    assert response.status_code == 200
    assert response.json()["data"]["relationships"]["events"]["data"] == [
        {"type": "event", "id": str(event_code.events.get().pk)}
    ]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), *[(r, 403) for r in NOT_STAFF]])
def test_get_event_code_refused_for_organizers(as_role, role, status, event_code):
    assert as_role(role).get(f"/v1/discount-codes/{event_code.pk}").status_code == status


def test_get_unknown_code_is_404(as_role):
    assert as_role("admin").get("/v1/discount-codes/999").status_code == 404
    assert as_role("admin").get("/v1/discount-codes/abc").status_code == 404


# --------------------------------------------------------------- PATCH / DELETE
def patch_body(code, **attrs):
    return resource("discount-code", attrs, id=code.pk)


@pytest.mark.parametrize("role", MANAGERS)
def test_patch_ticket_code_by_managers(as_role, role, code):
    response = as_role(role).patch(
        f"/v1/discount-codes/{code.pk}", patch_body(code, value="12.50", **{"is-active": False})
    )
    assert response.status_code == 200, response.content
    code.refresh_from_db()
    assert str(code.value) == "12.50" and code.is_active is False


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_patch_ticket_code_refused(as_role, role, status, code):
    response = as_role(role).patch(f"/v1/discount-codes/{code.pk}", patch_body(code, value="1"))
    assert response.status_code == status
    code.refresh_from_db()
    assert str(code.value) == "10.00"


def test_patch_ticket_code_refused_for_other_events_organizer(other_organizer, code):
    response = other_organizer.patch(f"/v1/discount-codes/{code.pk}", patch_body(code, value="1"))
    assert response.status_code == 403
    code.refresh_from_db()
    assert str(code.value) == "10.00"


@pytest.mark.parametrize("role", STAFF)
def test_patch_event_code_by_staff(as_role, role, event_code, event):
    second = EventFactory()
    body = resource(
        "discount-code", {"value": "30"}, {"events": [("event", event.pk), ("event", second.pk)]}, id=event_code.pk
    )
    response = as_role(role).patch(f"/v1/discount-codes/{event_code.pk}", body)
    assert response.status_code == 200, response.content
    assert sorted(event_code.events.values_list("pk", flat=True)) == sorted([event.pk, second.pk])


@pytest.mark.parametrize("role", NOT_STAFF)
def test_patch_event_code_refused_for_organizers(as_role, role, event_code):
    response = as_role(role).patch(f"/v1/discount-codes/{event_code.pk}", patch_body(event_code, value="99"))
    assert response.status_code == 403
    event_code.refresh_from_db()
    assert str(event_code.value) == "20.00"


@pytest.mark.parametrize("role", MANAGERS)
def test_delete_ticket_code_is_soft(as_role, role, code):
    response = as_role(role).delete(f"/v1/discount-codes/{code.pk}")
    assert response.status_code == 200
    assert response.json()["meta"]["message"] == "Object successfully deleted"
    assert DiscountCode.all_objects.get(pk=code.pk).deleted_at is not None


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_delete_ticket_code_refused(as_role, role, status, code):
    assert as_role(role).delete(f"/v1/discount-codes/{code.pk}").status_code == status
    assert DiscountCode.objects.filter(pk=code.pk).exists()


def test_delete_ticket_code_refused_for_other_events_organizer(other_organizer, code):
    assert other_organizer.delete(f"/v1/discount-codes/{code.pk}").status_code == 403
    assert DiscountCode.objects.filter(pk=code.pk).exists()


@pytest.mark.parametrize("role", NOT_STAFF)
def test_delete_event_code_refused_for_organizers(as_role, role, event_code):
    assert as_role(role).delete(f"/v1/discount-codes/{event_code.pk}").status_code == 403
    assert DiscountCode.objects.filter(pk=event_code.pk).exists()


def test_delete_event_code_by_admin(as_role, event_code):
    assert as_role("admin").delete(f"/v1/discount-codes/{event_code.pk}").status_code == 200
    assert not DiscountCode.objects.filter(pk=event_code.pk).exists()


def test_permanent_delete_by_organizer_and_restore_by_admin(as_role, code):
    as_role("organizer").delete(f"/v1/discount-codes/{code.pk}")
    restored = as_role("admin").patch(
        f"/v1/discount-codes/{code.pk}?get_trashed=true", patch_body(code, **{"deleted-at": None})
    )
    assert restored.status_code == 200, restored.content
    assert DiscountCode.objects.filter(pk=code.pk).exists()
    assert as_role("coorganizer").delete(f"/v1/discount-codes/{code.pk}", permanent="true").status_code == 403
    assert as_role("organizer").delete(f"/v1/discount-codes/{code.pk}", permanent="true").status_code == 200
    assert not DiscountCode.all_objects.filter(pk=code.pk).exists()
