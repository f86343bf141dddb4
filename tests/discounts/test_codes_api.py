"""Discount code routes (reference §3.5): every route × role, and the event-code/ticket-code split."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discounts.models import DiscountCode, EventDiscountCode
from tests.conftest import Api, resource
from tests.factories.discounts import EventCodeFactory, TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory, grant
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

MANAGERS = ("owner", "organizer", "coorganizer", "admin", "super_admin")
STAFF = ("admin", "super_admin")
NOT_STAFF = ("user", "owner", "organizer", "coorganizer", "track_organizer")


def ticket_code_body(event, tickets=(), **attrs):
    attributes = {"code": "EARLY", "value": "10.00", "type": "amount", "used-for": "ticket", **attrs}
    rels = {"event": ("event", event.pk), "tickets": [("ticket", t.pk) for t in tickets]}
    return resource("discount-code", attributes, rels)


def event_code_body(events=(), **attrs):
    attributes = {"code": "PLATFORM10", "value": "10", "type": "percent", "used-for": "event", **attrs}
    return resource("discount-code", attributes, {"events": [("event", e.pk) for e in events]})


def ids(response):
    return sorted(int(item["id"]) for item in response.json()["data"])


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
