"""Events (reference §3.2): includes, query counts, sparse fieldsets, sort and filters, ETags, related routes."""

import json

import pytest

from events import models
from tests.conftest import Api
from tests.events.support import ids
from tests.factories.events import (
    EventFactory,
    EventTopicFactory,
    EventTypeFactory,
    MicrolocationFactory,
    SessionTypeFactory,
    SocialLinkFactory,
    SpeakersCallFactory,
    SponsorFactory,
    TicketFactory,
    TrackFactory,
    grant,
)
from tests.factories.users import UserFactory


# -------------------------------------------------------------- includes and queries
def _populate(event, n=1):
    for _ in range(n):
        TicketFactory(event=event)
        TicketFactory(event=event, is_hidden=True)
        MicrolocationFactory(event=event)
        TrackFactory(event=event)
        SessionTypeFactory(event=event)
        SponsorFactory(event=event)
        SocialLinkFactory(event=event)


ALL_INCLUDES = (
    "tickets,microlocations,social-links,tracks,sponsors,session-types,sessions,speakers,"
    "speakers-call,owner,event-type,event-topic,event-sub-topic"
)


@pytest.mark.django_db
def test_include_every_relationship_hides_what_the_caller_may_not_see(as_role, event):
    _populate(event)
    SpeakersCallFactory(event=event)
    body = as_role("anonymous").get(f"/v1/events/{event.pk}", include=ALL_INCLUDES).json()
    rels = body["data"]["relationships"]
    assert len(rels["tickets"]["data"]) == 1  # the hidden ticket stays hidden
    assert rels["owner"]["data"]["type"] == "user"
    assert rels["speakers-call"]["data"]["type"] == "speakers-call"
    types = {i["type"] for i in body["included"]}
    assert types >= {
        "ticket",
        "microlocation",
        "social-link",
        "track",
        "sponsor",
        "session-type",
        "user",
        "speakers-call",
    }
    owner_view = as_role("owner").get(f"/v1/events/{event.pk}", include="tickets").json()
    assert len(owner_view["data"]["relationships"]["tickets"]["data"]) == 2
    coorg_view = as_role("coorganizer").get(f"/v1/events/{event.pk}", include="tickets").json()
    assert len(coorg_view["data"]["relationships"]["tickets"]["data"]) == 1


@pytest.mark.django_db
def test_to_many_linkage_only_when_included(as_role, event):
    _populate(event)
    rels = as_role("anonymous").get(f"/v1/events/{event.pk}").json()["data"]["relationships"]
    assert "data" not in rels["tickets"]
    assert rels["tickets"]["links"] == {
        "self": f"/v1/events/{event.pk}/relationships/tickets",
        "related": f"/v1/events/{event.pk}/tickets",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("include", ["", ALL_INCLUDES])
def test_event_list_query_count_is_flat(include, django_assert_max_num_queries):
    owner = UserFactory()
    api = Api(owner)
    params = {"include": include, "page[size]": "100"} if include else {"page[size]": "100"}
    first = EventFactory()
    grant(owner, first, "owner")
    _populate(first)
    with django_assert_max_num_queries(100) as one:
        assert len(ids(api.get("/v1/events", **params))) == 1
    for _ in range(49):
        event = EventFactory()
        grant(owner, event, "owner")
        _populate(event)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(ids(api.get("/v1/events", **params))) == 50


@pytest.mark.django_db
def test_sparse_fieldsets_sort_and_filters():
    topic = EventTopicFactory()
    a = EventFactory(name="Alpha", event_topic=topic)
    b = EventFactory(name="Beta")
    TicketFactory(event=b, name="VIP")
    api = Api(None)
    body = api.get("/v1/events", **{"fields[event]": "name,identifier"}).json()
    assert all(set(item["attributes"]) == {"name", "identifier"} for item in body["data"])
    assert ids(api.get("/v1/events", sort="-name"))[:2] == [str(b.pk), str(a.pk)]
    has = [{"name": "event-topic", "op": "has", "val": {"name": "slug", "op": "eq", "val": topic.slug}}]
    assert ids(api.get("/v1/events", filter=json.dumps(has))) == [str(a.pk)]
    any_ = [{"name": "tickets", "op": "any", "val": {"name": "name", "op": "eq", "val": "VIP"}}]
    assert ids(api.get("/v1/events", filter=json.dumps(any_))) == [str(b.pk)]
    like = [{"name": "name", "op": "ilike", "val": "%lph%"}]
    assert ids(api.get("/v1/events", filter=json.dumps(like))) == [str(a.pk)]
    assert api.get("/v1/events", filter="not json").status_code == 400


@pytest.mark.django_db
def test_etag_and_if_none_match(as_role, event):
    api = as_role("anonymous")
    first = api.get(f"/v1/events/{event.pk}")
    again = api.client.get(
        f"/v1/events/{event.pk}", HTTP_ACCEPT="application/vnd.api+json", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    models.Event.objects.filter(pk=event.pk).update(name="Changed")
    changed = api.client.get(
        f"/v1/events/{event.pk}", HTTP_ACCEPT="application/vnd.api+json", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert changed.status_code == 200


@pytest.mark.django_db
def test_related_routes_of_an_event(as_role, event, role_users):
    event_type = EventTypeFactory()
    models.Event.objects.filter(pk=event.pk).update(event_type=event_type)
    api = as_role("anonymous")
    assert api.get(f"/v1/events/{event.pk}/event-type").json()["data"]["id"] == str(event_type.pk)
    owner = api.get(f"/v1/events/{event.identifier}/owner").json()["data"]
    assert owner == {**owner, "type": "user", "id": str(role_users["owner"].pk)}
    assert "password" not in owner["attributes"]
    none_set = api.get(f"/v1/events/{event.pk}/event-topic")  # an empty to-one: 200 with null data
    assert none_set.status_code == 200 and none_set.json()["data"] is None
    assert api.get(f"/v1/events/{event.pk}/relationships/event-type").json()["data"] == {
        "type": "event-type",
        "id": str(event_type.pk),
    }
