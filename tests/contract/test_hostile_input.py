"""Hostile input: every answer is a 4xx JSON:API error (or a harmless 200), never a 500, and nothing is written."""

import json

import pytest

from events.models import Track
from tests.conftest import Api, resource
from tests.factories.contract import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def organizer(world):
    return Api(world.users["organizer"])


def track_body(world, **attributes):
    return resource("track", {"name": "Web", "color": "#112233", **attributes}, {"event": ("event", world.event.pk)})


def assert_error(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    errors = response.json()["errors"]
    assert errors and all("status" in e and "title" in e for e in errors)


BAD_ATTRIBUTES = {
    "over-long name": {"name": "x" * 10_000},
    "name as object": {"name": {"first": "x"}},
    "name as list": {"name": ["x"]},
    "position as string": {"position": "first"},
    "position beyond 64 bits": {"position": 2**70},
    "NUL byte": {"name": "Web\u0000Track"},
    "lone surrogate": {"name": "Web \ud800 Track"},
    "colour not hex": {"color": "red'; DROP TABLE events_track; --"},
}


@pytest.mark.parametrize("attributes", BAD_ATTRIBUTES.values(), ids=BAD_ATTRIBUTES.keys())
def test_bad_attribute_is_refused_and_nothing_written(world, organizer, attributes):
    before = Track.objects.count()
    body = json.dumps(track_body(world, **attributes))  # json.dumps escapes the lone surrogate as \ud800
    response = organizer.post("/v1/tracks", body)
    assert_error(response, 400, 422)
    assert Track.objects.count() == before


BAD_DOCUMENTS = {
    "not JSON": "{not json",
    "a JSON array": "[1, 2]",
    "a JSON string": '"track"',
    "data as list": json.dumps({"data": [{"type": "track"}]}),
    "attributes as list": json.dumps({"data": {"type": "track", "attributes": ["name"]}}),
    "relationship data as string": json.dumps(
        {"data": {"type": "track", "attributes": {"name": "x"}, "relationships": {"event": {"data": "1"}}}}
    ),
    "relationship without data": json.dumps(
        {"data": {"type": "track", "attributes": {"name": "x"}, "relationships": {"event": {"id": "1"}}}}
    ),
    "wrong type": json.dumps({"data": {"type": "session", "attributes": {"name": "x", "color": "#000000"}}}),
    "deeply nested": "[" * 5000 + "]" * 5000,
}


@pytest.mark.parametrize("body", BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS.keys())
def test_malformed_document_is_refused(world, organizer, body):
    before = Track.objects.count()
    assert_error(organizer.post("/v1/tracks", body), 400, 409, 422)
    assert Track.objects.count() == before


def test_unicode_right_to_left_and_emoji_round_trip(world, organizer):
    name = "مسار الويب 🚀 \u202eevil"
    response = organizer.post("/v1/tracks", track_body(world, name=name))
    assert response.status_code == 201, response.content
    assert organizer.get(response["Location"]).json()["data"]["attributes"]["name"] == name


QUERY_CASES = {
    "huge page size": ({"page[size]": "100000000"}, (200,)),
    "page size beyond 64 bits": ({"page[size]": str(2**80)}, (200, 400)),
    "page number beyond 64 bits": ({"page[number]": str(2**80)}, (200, 400)),
    "negative page size": ({"page[size]": "-1"}, (400,)),
    "page size not a number": ({"page[size]": "ten"}, (400,)),
    "unknown paging key": ({"page[offset]": "1"}, (400,)),
    "filter not JSON": ({"filter": "{{"}, (400,)),
    "filter not a list": ({"filter": '"name"'}, (400,)),
    "filter unknown field": ({"filter": '[{"name":"password","op":"eq","val":"x"}]'}, (400,)),
    "filter unknown op": ({"filter": '[{"name":"name","op":"regexp","val":"x"}]'}, (400,)),
    "filter in_ without list": ({"filter": '[{"name":"name","op":"in_","val":"x"}]'}, (400,)),
    "filter wrong value type": ({"filter": '[{"name":"position","op":"gt","val":"abc"}]'}, (400,)),
    "filter nested too deep": ({"filter": '{"not":' * 50 + '{"name":"name","op":"eq","val":"x"}' + "}" * 50}, (400,)),
    "filter SQL in value": ({"filter": '[{"name":"name","op":"eq","val":"x\' OR 1=1 --"}]'}, (200,)),
    "filter SQL in like": ({"filter": '[{"name":"name","op":"like","val":"%\'; DROP TABLE x; --%"}]'}, (200,)),
    "filter[x] SQL": ({"filter[name]": "' OR '1'='1"}, (200,)),
    "sort SQL": ({"sort": "name;DROP TABLE events_track"}, (400,)),
    "sort by hidden column": ({"sort": "event.owner_id"}, (400,)),
    "sort empty terms": ({"sort": ",,-,"}, (400,)),
    "include unknown": ({"include": "nope"}, (200, 400)),
    "include deep chain": ({"include": "event." + ".".join(["tracks.event"] * 20)}, (200, 400)),
    "include many paths": ({"include": ",".join(["event.tracks.sessions.speakers"] * 50)}, (200, 400)),
    "fields unknown": ({"fields[track]": "nope,password"}, (200, 400)),
}


@pytest.mark.parametrize(("params", "statuses"), QUERY_CASES.values(), ids=QUERY_CASES.keys())
def test_hostile_query_parameters(world, organizer, params, statuses):
    response = organizer.client.get(
        f"/v1/events/{world.event.pk}/tracks", params, HTTP_ACCEPT="application/vnd.api+json"
    )
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    if response.status_code == 200:
        assert all(item["type"] == "track" for item in response.json()["data"])
    else:
        assert_error(response, *statuses)


def test_sql_in_filter_matches_nothing(world, organizer):
    params = {"filter": '[{"name":"name","op":"eq","val":"x\' OR 1=1 --"}]'}
    response = organizer.get(f"/v1/events/{world.event.pk}/tracks", **params)
    assert response.json()["meta"]["count"] == 0


PRIVATE = ("discount-codes", "users-events-roles", "stripe-authorizations", "import-jobs", "export-jobs")


@pytest.mark.parametrize("collection", PRIVATE)
def test_another_events_private_objects_do_not_leak(world, collection):
    """An organizer of one event asking for another event's private object by id gets an error, never its data."""
    other_event_object = {
        "discount-codes": world.other_parts["discount-codes"],
        "users-events-roles": world.other.user_roles.first(),
        "stripe-authorizations": None,
        "import-jobs": None,
        "export-jobs": None,
    }[collection]
    if other_event_object is None:
        # Jobs and Stripe links of an event the caller has no role on: the seeded ones belong to the organizer
        # of `event`, so ask as the attendee of the other event instead.
        other_event_object, client = world.parts[collection], Api(world.users["attendee"])
    else:
        client = Api(world.users["organizer"])
    response = client.get(f"/v1/{collection}/{other_event_object.pk}")
    assert_error(response, 403, 404)
    assert "data" not in response.json()


@pytest.mark.parametrize("collection", ["tracks", "sessions", "speakers", "tickets", "microlocations", "sponsors"])
def test_draft_events_parts_are_404_by_id(collection, world):
    from tests.factories.contract import event_parts

    draft_parts = event_parts(world.draft)
    for role in ("anonymous", "user", "attendee", "organizer"):
        response = Api(world.users[role]).get(f"/v1/{collection}/{draft_parts[collection].pk}")
        assert_error(response, 404)
    assert Api(world.users["admin"]).get(f"/v1/{collection}/{draft_parts[collection].pk}").status_code == 200


@pytest.mark.parametrize("ref", ["0", "-1", "99999999999999999999999", "1e3", "%00", "..%2F..", "' OR 1=1"])
def test_odd_ids_are_404(world, ref):
    for url in (f"/v1/tracks/{ref}", f"/v1/events/{ref}", f"/v1/events/{ref}/tracks", f"/v1/tasks/{ref}"):
        response = Api(world.users["organizer"]).client.get(url)
        assert response.status_code == 404, (url, response.status_code, response.content[:200])
