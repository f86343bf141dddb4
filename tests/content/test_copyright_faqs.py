"""Event copyright (one per event), FAQ types and FAQs: public reads, co-organizers write."""

import datetime

import pytest

from content.models import EventCopyright, Faq, FaqType
from tests.conftest import Api, resource
from tests.events.support import CO_ORGANIZERS, ROLES, draft_read_status, error_pointers, write_status
from tests.factories.content import EventCopyrightFactory, FaqFactory, FaqTypeFactory
from tests.factories.events import EventFactory, grant

pytestmark = pytest.mark.django_db

BODIES = {
    "event-copyrights": ("event-copyright", {"licence": "CC BY-SA 4.0", "holder": "Org", "year": 2020}),
    "faq-types": ("faq-type", {"name": "Tickets"}),
    "faqs": ("faq", {"question": "Is there food?", "answer": "Yes."}),
}
MODELS = {"event-copyrights": EventCopyright, "faq-types": FaqType, "faqs": Faq}
FACTORIES = {"event-copyrights": EventCopyrightFactory, "faq-types": FaqTypeFactory, "faqs": FaqFactory}


def body(collection, event, **attrs):
    type_, defaults = BODIES[collection]
    return resource(type_, {**defaults, **attrs}, {"event": ("event", event.pk)})


@pytest.mark.parametrize("collection", BODIES)
@pytest.mark.parametrize("role", ROLES)
def test_co_organizers_create(as_role, event, collection, role):
    response = as_role(role).post(f"/v1/{collection}", body(collection, event))
    assert response.status_code == write_status(role, CO_ORGANIZERS, 201), response.content
    assert MODELS[collection].objects.exists() == (response.status_code == 201)


@pytest.mark.parametrize("collection", BODIES)
@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_and_co_organizers_change_and_delete(as_role, event, collection, role):
    obj = FACTORIES[collection](event=event)
    client = as_role(role)
    response = client.get(f"/v1/{collection}/{obj.pk}", include="event")
    assert response.status_code == 200
    assert response.json()["data"]["relationships"]["event"]["data"] == {"type": "event", "id": str(event.pk)}
    type_ = BODIES[collection][0]
    first_attr = next(iter(BODIES[collection][1]))
    patch = resource(type_, {first_attr: "Changed"}, id=obj.pk)
    assert client.patch(f"/v1/{collection}/{obj.pk}", patch).status_code == write_status(role, CO_ORGANIZERS)
    response = client.delete(f"/v1/{collection}/{obj.pk}")
    assert response.status_code == write_status(role, CO_ORGANIZERS)
    assert MODELS[collection].objects.filter(pk=obj.pk).exists() == (response.status_code != 200)


@pytest.mark.parametrize("role", ROLES)
def test_drafts_content_is_for_their_team(role_users, role):
    draft = EventFactory(state="draft")
    for name in ("owner", "organizer", "coorganizer", "track_organizer"):
        grant(role_users[name], draft, name)
    faq = FaqFactory(event=draft)
    EventCopyrightFactory(event=draft)
    client = Api(role_users[role])
    expected = draft_read_status(role)
    assert client.get(f"/v1/faqs/{faq.pk}").status_code == expected
    assert client.get(f"/v1/events/{draft.pk}/faqs").status_code == expected
    assert client.get(f"/v1/events/{draft.pk}/event-copyright").status_code == expected


def test_one_copyright_per_event(as_role, event):
    EventCopyrightFactory(event=event)
    response = as_role("owner").post("/v1/event-copyrights", body("event-copyrights", event))
    assert response.status_code == 409
    assert EventCopyright.objects.count() == 1


def test_the_events_copyright_route_is_null_when_there_is_none(event):
    response = Api().get(f"/v1/events/{event.identifier}/event-copyright")
    assert response.status_code == 200, response.content
    assert response.json()["data"] is None
    EventCopyrightFactory(event=event, licence="MIT")
    response = Api().get(f"/v1/events/{event.identifier}/event-copyright")
    assert response.json()["data"]["attributes"] == {
        "holder": "FOSSASIA",
        "holder-url": None,
        "licence": "MIT",
        "licence-url": None,
        "year": 2016,
        "logo-url": None,
    }


@pytest.mark.parametrize(
    ("collection", "attrs", "pointer"),
    [
        ("event-copyrights", {"licence": ""}, "/data/attributes/licence"),
        ("event-copyrights", {"year": 1800}, "/data/attributes/year"),
        ("event-copyrights", {"year": datetime.date.today().year + 1}, "/data/attributes/year"),
        ("event-copyrights", {"holder-url": "not a url"}, "/data/attributes/holder-url"),
        ("faq-types", {"name": ""}, "/data/attributes/name"),
        ("faqs", {"question": ""}, "/data/attributes/question"),
        ("faqs", {"answer": None}, "/data/attributes/answer"),
    ],
)
def test_bad_input_is_422_and_writes_nothing(as_role, event, collection, attrs, pointer):
    response = as_role("owner").post(f"/v1/{collection}", body(collection, event, **attrs))
    assert response.status_code == 422, response.content
    assert pointer in error_pointers(response)
    assert not MODELS[collection].objects.exists()


def test_a_faq_cannot_take_another_events_type(as_role, event):
    foreign = FaqTypeFactory(event=EventFactory())
    payload = body("faqs", event)
    payload["data"]["relationships"]["faq-type"] = {"data": {"type": "faq-type", "id": str(foreign.pk)}}
    response = as_role("owner").post("/v1/faqs", payload)
    assert response.status_code == 422
    assert "/data/relationships/faq-type" in error_pointers(response)
    assert not Faq.objects.exists()


def test_faqs_by_type_and_by_event(event):
    faq = FaqFactory(event=event)
    FaqFactory()
    assert [d["id"] for d in Api().get(f"/v1/faq-types/{faq.faq_type_id}/faqs").json()["data"]] == [str(faq.pk)]
    assert Api().get(f"/v1/events/{event.pk}/faqs").json()["meta"]["count"] == 1
    types = Api().get(f"/v1/events/{event.pk}/faq-types", include="faqs").json()
    assert types["data"][0]["relationships"]["faqs"]["data"] == [{"type": "faq", "id": str(faq.pk)}]


@pytest.mark.parametrize("route", ["faqs?include=faq-type,event", "faq-types?include=faqs,event"])
def test_lists_cost_a_fixed_number_of_queries(event, route, django_assert_max_num_queries):
    FaqFactory(event=event)
    with django_assert_max_num_queries(20) as one:
        Api().get(f"/v1/events/{event.pk}/{route}")
    for _ in range(5):
        FaqFactory(event=event)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = Api().client.get(f"/v1/events/{event.pk}/{route}", HTTP_ACCEPT="application/vnd.api+json")
    assert response.json()["meta"]["count"] == 6
