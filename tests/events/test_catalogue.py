"""Event types, topics and sub-topics (§3.3): anyone reads, admins write; their event lists hide drafts."""

import pytest

from events import models
from tests.conftest import Api, resource
from tests.events.support import ROLES, STAFF, ids, write_status
from tests.factories.events import EventFactory, EventSubTopicFactory, EventTopicFactory, EventTypeFactory, grant
from tests.factories.users import UserFactory

CATALOGUE = [
    ("event-types", "event-type", models.EventType, EventTypeFactory, "event_type"),
    ("event-topics", "event-topic", models.EventTopic, EventTopicFactory, "event_topic"),
    ("event-sub-topics", "event-sub-topic", models.EventSubTopic, EventSubTopicFactory, "event_sub_topic"),
]
PARAMS = [pytest.param(*c, id=c[0]) for c in CATALOGUE]


def _relationships(type_, factory_model):
    if type_ == "event-sub-topic":
        return {"event-topic": ("event-topic", EventTopicFactory().pk)}
    return None


@pytest.mark.django_db
@pytest.mark.parametrize(("collection", "type_", "model", "factory", "fk"), PARAMS)
@pytest.mark.parametrize("role", ROLES)
def test_catalogue_crud_per_role(collection, type_, model, factory, fk, role, as_role):
    api = as_role(role)
    row = factory()
    assert api.get(f"/v1/{collection}").status_code == 200
    assert api.get(f"/v1/{collection}/{row.pk}").status_code == 200
    created = api.post(
        f"/v1/{collection}", resource(type_, {"name": "Arts & Culture, Music"}, _relationships(type_, model))
    )
    assert created.status_code == write_status(role, STAFF, ok=201)
    patched = api.patch(f"/v1/{collection}/{row.pk}", resource(type_, {"name": "Renamed"}, id=row.pk))
    assert patched.status_code == write_status(role, STAFF)
    deleted = api.delete(f"/v1/{collection}/{row.pk}")
    assert deleted.status_code == write_status(role, STAFF)
    if role in STAFF:
        assert created.json()["data"]["attributes"]["slug"] == "arts-culture-music"
        assert not model.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_sub_topic_needs_a_topic(as_role):
    response = as_role("admin").post("/v1/event-sub-topics", resource("event-sub-topic", {"name": "x"}))
    assert response.status_code == 422
    assert not models.EventSubTopic.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("collection", "type_", "model", "factory", "fk"), PARAMS)
def test_events_by_catalogue_entry_never_leak_drafts(collection, type_, model, factory, fk):
    """`GET /v1/event-topics/<id>/events` returns that topic's visible events (the original leaked drafts)."""
    entry = factory()
    published = EventFactory(**{fk: entry})
    draft = EventFactory(state="draft", **{fk: entry})
    EventFactory()  # another topic's event
    organizer = UserFactory()
    grant(organizer, draft, "coorganizer")
    url = f"/v1/{collection}/{entry.pk}/events"
    assert ids(Api(None).get(url)) == [str(published.pk)]
    assert ids(Api(UserFactory()).get(url)) == [str(published.pk)]
    assert set(ids(Api(organizer).get(url))) == {str(published.pk), str(draft.pk)}
    included = Api(None).get(f"/v1/{collection}/{entry.pk}", include="events").json()
    assert [e["id"] for e in included["data"]["relationships"]["events"]["data"]] == [str(published.pk)]
    assert Api(None).get(f"/v1/{collection}/0/events").status_code == 404


@pytest.mark.django_db
def test_sub_topics_of_a_topic_and_related_topic(as_role):
    topic = EventTopicFactory()
    sub = EventSubTopicFactory(event_topic=topic)
    EventSubTopicFactory()
    api = as_role("anonymous")
    assert ids(api.get(f"/v1/event-topics/{topic.pk}/event-sub-topics")) == [str(sub.pk)]
    assert api.get(f"/v1/event-sub-topics/{sub.pk}/event-topic").json()["data"]["id"] == str(topic.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("collection", "type_", "model", "factory", "fk"), PARAMS)
@pytest.mark.parametrize("include", ["", "events"])
def test_catalogue_list_query_count_is_flat(
    collection, type_, model, factory, fk, include, django_assert_max_num_queries
):
    api = Api(None)
    params = {"include": include, "page[size]": "100"} if include else {"page[size]": "100"}
    EventFactory(**{fk: factory()})
    with django_assert_max_num_queries(100) as one:
        assert len(ids(api.get(f"/v1/{collection}", **params))) == 1
    for _ in range(49):
        EventFactory(**{fk: factory()})
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(ids(api.get(f"/v1/{collection}", **params))) == 50


@pytest.mark.django_db
@pytest.mark.parametrize("include", ["", "event-type,event-topic"])
def test_topic_events_query_count_is_flat(include, django_assert_max_num_queries):
    topic = EventTopicFactory()
    api = Api(None)
    params = {"include": include, "page[size]": "100"} if include else {"page[size]": "100"}
    EventFactory(event_topic=topic, event_type=EventTypeFactory())
    with django_assert_max_num_queries(100) as one:
        assert len(ids(api.get(f"/v1/event-topics/{topic.pk}/events", **params))) == 1
    for _ in range(49):
        EventFactory(event_topic=topic, event_type=EventTypeFactory())
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(ids(api.get(f"/v1/event-topics/{topic.pk}/events", **params))) == 50
