"""The shared JSON:API conventions (reference §1), exercised through real endpoints."""

import json

import pytest

from events.models import Event
from tests.conftest import JSONAPI, Api, resource
from tests.factories import (
    EventFactory,
    EventTopicFactory,
    SessionFactory,
    SpeakerFactory,
    TicketFactory,
    TrackFactory,
    UserFactory,
    grant,
)
from tests.factories.forms import CustomFormFactory

pytestmark = pytest.mark.django_db


def event_payload(**attributes):
    base = {
        "name": "PyCon",
        "starts-at": "2099-01-01T10:00:00+00:00",
        "ends-at": "2099-01-02T10:00:00+00:00",
        "timezone": "Europe/Berlin",
    }
    base.update(attributes)
    return resource("event", base)


def test_document_shape_of_a_collection():
    EventFactory.create_batch(3)
    body = Api().get("/v1/events").json()
    assert body["jsonapi"] == {"version": "1.0"}
    assert body["meta"] == {"count": 3}
    assert body["links"]["self"] == "/v1/events"
    item = body["data"][0]
    assert item["type"] == "event"
    assert isinstance(item["id"], str)
    assert item["links"] == {"self": f"/v1/events/{item['id']}"}
    assert "starts-at" in item["attributes"]
    topic = item["relationships"]["event-topic"]
    assert topic["links"] == {
        "self": f"/v1/events/{item['id']}/relationships/event-topic",
        "related": f"/v1/events/{item['id']}/event-topic",
    }


def test_bad_json_is_400():
    user = UserFactory()
    response = Api(user).post("/v1/events", "{not json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["status"] == "400"


def test_wrong_content_type_is_415():
    user = UserFactory()
    response = Api(user).post("/v1/events", event_payload(), content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["errors"][0]["title"] == "Unsupported Media Type"


def test_accept_header_excluding_jsonapi_is_406():
    response = Api().client.get("/v1/events", HTTP_ACCEPT="text/html")
    assert response.status_code == 406


def test_document_without_data_is_400():
    response = Api(UserFactory()).post("/v1/events", {"name": "x"})
    assert response.status_code == 400


def test_wrong_type_is_409_incorrect_type():
    response = Api(UserFactory()).post("/v1/events", resource("ticket", {"name": "x"}))
    assert response.status_code == 409
    assert response.json()["errors"][0]["title"] == "Incorrect type"
    assert not Event.objects.exists()


def test_other_conflicts_keep_the_conflict_title(as_role, event):
    """A duplicate is a 409 too, but not a type error."""
    from tests.factories import SpeakerFactory

    SpeakerFactory(event=event, email="dup@example.org")
    body = resource("speaker", {"name": "B", "email": "dup@example.org"}, {"event": ("event", event.pk)})
    response = as_role("organizer").post("/v1/speakers", body)
    assert response.status_code == 409
    assert response.json()["errors"][0]["title"] == "Conflict"


def test_validation_error_has_pointer_and_writes_nothing():
    response = Api(UserFactory()).post("/v1/events", event_payload(**{"ends-at": "2098-01-01T10:00:00+00:00"}))
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["source"]["pointer"] == "/data/attributes/ends-at"
    assert error["title"] == "Validation error"
    assert not Event.all_objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        '[{"name":"bogus","op":"eq","val":1}]',
        '[{"name":"name","op":"explode","val":1}]',
        "not json",
        '{"name":"name"}',
        '[{"name":"event-topic","op":"has","val":{"name":"password","op":"eq","val":"x"}}]',
        '[{"name":"starts-at","op":"gt","val":"yesterday-ish"}]',
        '[{"name":"name","op":"in_","val":"x"}]',
    ],
)
def test_malformed_filters_are_400(raw):
    EventFactory()
    response = Api().get("/v1/events", filter=raw)
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["source"] == {"parameter": "filter"}


def test_filter_syntax_ops_and_relationships():
    topic = EventTopicFactory(name="Science")
    wanted = EventFactory(name="Alpha Conf", event_topic=topic)
    EventFactory(name="Beta Meetup")

    def ids(raw):
        return [item["id"] for item in Api().get("/v1/events", filter=json.dumps(raw)).json()["data"]]

    assert ids([{"name": "name", "op": "eq", "val": "Alpha Conf"}]) == [str(wanted.pk)]
    assert ids([{"name": "name", "op": "ilike", "val": "%alpha%"}]) == [str(wanted.pk)]
    assert ids([{"name": "event-topic", "op": "has", "val": {"name": "name", "op": "eq", "val": "Science"}}]) == [
        str(wanted.pk)
    ]
    assert (
        len(
            ids(
                [
                    {
                        "or": [
                            {"name": "name", "op": "eq", "val": "Alpha Conf"},
                            {"name": "name", "op": "like", "val": "Beta%"},
                        ]
                    }
                ]
            )
        )
        == 2
    )
    assert ids([{"not": {"name": "name", "op": "eq", "val": "Beta Meetup"}}]) == [str(wanted.pk)]
    assert ids([{"name": "identifier", "op": "eq", "val": wanted.identifier}]) == [str(wanted.pk)]


def test_sql_ish_filter_values_are_just_values():
    EventFactory(name="Real")
    raw = json.dumps([{"name": "name", "op": "eq", "val": "x' OR '1'='1"}])
    response = Api().get("/v1/events", filter=raw)
    assert response.status_code == 200
    assert response.json()["data"] == []


def test_plain_filter_and_unknown_parameters():
    EventFactory(name="Kept", online=True)
    EventFactory(name="Other", online=False)
    response = Api().get("/v1/events", **{"filter[online]": "true", "cache": "true", "public": "true"})
    assert [e["attributes"]["name"] for e in response.json()["data"]] == ["Kept"]


def test_sort_and_invalid_sort():
    EventFactory(name="B")
    EventFactory(name="A")
    names = [e["attributes"]["name"] for e in Api().get("/v1/events", sort="-name").json()["data"]]
    assert names == ["B", "A"]
    assert Api().get("/v1/events", sort="password").status_code == 400
    assert Api().get("/v1/events", sort="event-topic").status_code == 400
    assert Api().get("/v1/events", sort="name; DROP TABLE").status_code == 400


def test_paging_links_and_bad_values():
    EventFactory.create_batch(5)
    body = Api().get("/v1/events", **{"page[size]": 2, "page[number]": 2}).json()
    assert len(body["data"]) == 2
    assert body["meta"]["count"] == 5
    assert set(body["links"]) == {"self", "first", "last", "prev", "next"}
    assert len(Api().get("/v1/events", **{"page[size]": 0}).json()["data"]) == 5
    assert Api().get("/v1/events", **{"page[size]": "abc"}).status_code == 400
    assert Api().get("/v1/events", **{"page[number]": 0}).status_code == 400
    assert Api().get("/v1/events", **{"page[offset]": 3}).status_code == 400
    huge = Api().get("/v1/events", **{"page[size]": 10**9})
    assert huge.status_code == 200


def test_unknown_include_is_400():
    EventFactory()
    assert Api().get("/v1/events", include="nonsense").status_code == 400


@pytest.mark.parametrize(
    "include",
    [".".join(["tracks", "event"] * 3), ",".join(f"tracks.event.x{i}" for i in range(31))],
)
def test_include_past_its_limits_is_400_naming_the_parameter(include):
    """A cyclic chain (`tracks.event.tracks...`) could make one request walk the database over and over."""
    event = EventFactory()
    response = Api().get(f"/v1/events/{event.pk}", include=include)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["source"] == {"parameter": "include"}
    assert "at most" in error["detail"]


def test_cyclic_include_within_the_limits_lists_each_resource_once():
    event = EventFactory()
    tracks = TrackFactory.create_batch(3, event=event)
    body = Api().get(f"/v1/events/{event.pk}/tracks", include="event.tracks.event.tracks").json()
    assert [(item["type"], item["id"]) for item in body["included"]] == [("event", str(event.pk))]
    linked = body["included"][0]["relationships"]["tracks"]["data"]
    assert sorted(ref["id"] for ref in linked) == sorted(str(t.pk) for t in tracks)  # primary data, not repeated


def test_weak_etag_and_if_none_match():
    event = EventFactory()
    first = Api().get(f"/v1/events/{event.pk}")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = Api().client.get(f"/v1/events/{event.pk}", HTTP_ACCEPT=JSONAPI, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    event.name = "Changed"
    event.save()
    changed = Api().client.get(f"/v1/events/{event.pk}", HTTP_ACCEPT=JSONAPI, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200


def test_if_match_on_a_read_is_412_when_the_resource_changed():
    event = EventFactory()
    url = f"/v1/events/{event.pk}"
    etag = Api().get(url)["ETag"]
    assert Api().client.get(url, HTTP_ACCEPT=JSONAPI, HTTP_IF_MATCH=etag).status_code == 200
    event.name = "Changed"
    event.save()
    stale = Api().client.get(url, HTTP_ACCEPT=JSONAPI, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["errors"][0]["status"] == "412"
    assert Api().client.get(url, HTTP_ACCEPT=JSONAPI, HTTP_IF_MATCH="*").status_code == 200


def test_if_match_on_patch_and_delete_refuses_a_stale_etag_and_writes_nothing():
    """Optimistic concurrency: the ETag of the GET a client read, checked before its write."""
    organizer = UserFactory()
    event = EventFactory()
    grant(organizer, event, "organizer")
    api, url = Api(organizer), f"/v1/events/{event.pk}"
    etag = api.get(url)["ETag"]

    def send(method, name, tag):
        body = json.dumps(resource("event", {"name": name}, id=event.pk)) if method == "patch" else None
        kwargs = {"data": body, "content_type": JSONAPI} if body else {}
        return getattr(api.client, method)(url, HTTP_ACCEPT=JSONAPI, HTTP_IF_MATCH=tag, **kwargs)

    assert send("patch", "First", etag).status_code == 200
    stale = send("patch", "Second", etag)
    assert stale.status_code == 412
    assert "If-Match" in stale.json()["errors"][0]["detail"]
    event.refresh_from_db()
    assert event.name == "First"
    assert send("delete", None, etag).status_code == 412
    assert Event.objects.filter(pk=event.pk).exists()
    fresh = api.get(url)["ETag"]
    assert send("patch", "Third", fresh).status_code == 200
    assert send("delete", None, api.get(url)["ETag"]).status_code == 200


def test_event_by_identifier_and_unknown_is_404():
    event = EventFactory()
    assert Api().get(f"/v1/events/{event.identifier}").json()["data"]["id"] == str(event.pk)
    response = Api().get("/v1/events/deadbeef")
    assert response.status_code == 404
    assert response.json()["errors"][0]["title"] == "Not Found"


def test_cors_is_open():
    response = Api().client.get("/v1/events", HTTP_ORIGIN="https://client.example", HTTP_ACCEPT=JSONAPI)
    assert response["Access-Control-Allow-Origin"] in ("*", "https://client.example")


def test_schema_and_docs_are_served():
    schema = Api().client.get("/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    docs = Api().client.get("/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content.lower()
    assert b"cdn." not in docs.content


def test_datetimes_carry_a_numeric_offset_as_open_event_writes_them():
    """`+00:00`, not `Z`: clients parsing with Python's `fromisoformat` (before 3.11) read it."""
    import datetime as dt

    event = EventFactory(timezone="Asia/Singapore")
    attributes = Api().get(f"/v1/events/{event.pk}").json()["data"]["attributes"]
    for name in ("starts-at", "ends-at", "created-at"):
        assert attributes[name].endswith("+00:00"), attributes[name]
    assert dt.datetime.fromisoformat(attributes["starts-at"]) == event.starts_at


@pytest.mark.parametrize(
    ("collection", "type_", "make", "attributes"),
    [
        ("sessions", "session", lambda e: SessionFactory(event=e), {"title": "New"}),
        ("speakers", "speaker", lambda e: SpeakerFactory(event=e), {"name": "New"}),
        ("tickets", "ticket", lambda e: TicketFactory(event=e), {"name": "New"}),
        ("tracks", "track", lambda e: TrackFactory(event=e), {"name": "New"}),
        ("custom-forms", "custom-form", lambda e: CustomFormFactory(event=e), {"name": "New"}),
    ],
)
def test_if_match_with_the_etag_of_a_read_lets_the_write_through(collection, type_, make, attributes):
    """The ETag a write is checked against is the one a GET of the same resource carries, for every renderer."""
    organizer, event = UserFactory(), EventFactory()
    grant(organizer, event, "organizer")
    row = make(event)
    api, url = Api(organizer), f"/v1/{collection}/{row.pk}"
    etag = api.get(url)["ETag"]
    body = json.dumps(resource(type_, attributes, id=row.pk))
    response = api.client.patch(url, body, content_type=JSONAPI, HTTP_ACCEPT=JSONAPI, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    stale = api.client.patch(url, body, content_type=JSONAPI, HTTP_ACCEPT=JSONAPI, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
