"""Every resource that belongs to an event, per role: create, read, list, update, delete, trash, restore.

Rooms, tracks, session types, sponsors, social links, tickets and calls for speakers share the
conventions of the base viewset; each spec below names what differs.
"""

import json

import pytest

from events import models
from tests.conftest import Api, resource
from tests.events.support import (
    CO_ORGANIZERS,
    ROLES,
    TRACK_ORGANIZERS,
    draft_read_status,
    ids,
    iso,
    write_status,
)
from tests.factories.events import (
    EventFactory,
    MicrolocationFactory,
    SessionTypeFactory,
    SocialLinkFactory,
    SpeakersCallFactory,
    SponsorFactory,
    TicketFactory,
    TrackFactory,
    grant,
)


class Spec:
    def __init__(self, collection, type_, model, factory, attrs, update, writers=CO_ORGANIZERS, listed=True):
        self.collection, self.type, self.model, self.factory = collection, type_, model, factory
        self.attrs, self.update, self.writers, self.listed = attrs, update, writers, listed

    def __repr__(self):
        return self.collection


SPECS = [
    Spec(
        "microlocations",
        "microlocation",
        models.Microlocation,
        MicrolocationFactory,
        {"name": "Hall A", "floor": 2},
        ("floor", 7),
    ),
    Spec(
        "tracks",
        "track",
        models.Track,
        TrackFactory,
        {"name": "Web", "color": "#f00"},
        ("position", 7),
        writers=TRACK_ORGANIZERS,
    ),
    Spec(
        "session-types",
        "session-type",
        models.SessionType,
        SessionTypeFactory,
        {"name": "Talk", "length": "00:45"},
        ("position", 7),
    ),
    Spec("sponsors", "sponsor", models.Sponsor, SponsorFactory, {"name": "ACME", "level": 1}, ("level", 3)),
    Spec(
        "social-links",
        "social-link",
        models.SocialLink,
        SocialLinkFactory,
        {"name": "x", "link": "https://x.com/a"},
        ("name", "mastodon"),
    ),
    Spec(
        "tickets",
        "ticket",
        models.Ticket,
        TicketFactory,
        {"name": "Free entry", "type": "free", "sales-starts-at": iso(-1), "sales-ends-at": iso(10)},
        ("position", 7),
    ),
    Spec(
        "speakers-calls",
        "speakers-call",
        models.SpeakersCall,
        SpeakersCallFactory,
        {"starts-at": iso(-1), "ends-at": iso(10), "announcement": "Talk to us"},
        ("announcement", "Updated"),
        listed=False,
    ),
]
PARAMS = [pytest.param(spec, id=spec.collection) for spec in SPECS]


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
@pytest.mark.parametrize("role", ROLES)
def test_create_per_role(spec, role, as_role, event):
    response = as_role(role).post(
        f"/v1/{spec.collection}", resource(spec.type, spec.attrs, {"event": ("event", event.pk)})
    )
    expected = write_status(role, spec.writers, ok=201)
    assert response.status_code == expected, response.content
    assert spec.model.objects.filter(event=event).count() == (1 if expected == 201 else 0)
    if expected == 201:
        body = response.json()
        assert response["Location"] == f"/v1/{spec.collection}/{body['data']['id']}"
        assert body["data"]["relationships"]["event"]["data"] == {"type": "event", "id": str(event.pk)}


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
@pytest.mark.parametrize("role", ["anonymous", "user", "track_organizer", "coorganizer", "admin"])
def test_create_on_draft_event_hides_it(spec, role, role_users):
    draft = EventFactory(state="draft")
    user = role_users[role]
    if role in ("track_organizer", "coorganizer"):
        grant(user, draft, role)
    response = Api(user).post(f"/v1/{spec.collection}", resource(spec.type, spec.attrs, {"event": ("event", draft.pk)}))
    # A track organizer is not shown a draft event at all, so even tracks answer 404.
    expected = {"anonymous": 401, "user": 404, "track_organizer": 404, "coorganizer": 201, "admin": 201}[role]
    assert response.status_code == expected, response.content


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
def test_create_without_event_is_422(spec, as_role):
    response = as_role("admin").post(f"/v1/{spec.collection}", resource(spec.type, spec.attrs))
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"]["pointer"] == "/data/relationships/event"
    assert not spec.model.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
@pytest.mark.parametrize("role", ROLES)
def test_read_detail_and_list_of_published_event(spec, role, as_role, event):
    row = spec.factory(event=event)
    api = as_role(role)
    detail = api.get(f"/v1/{spec.collection}/{row.pk}")
    assert detail.status_code == 200
    assert detail.json()["data"]["type"] == spec.type
    if spec.listed:
        listing = api.get(f"/v1/events/{event.identifier}/{spec.collection}")
        assert listing.status_code == 200
        assert ids(listing) == [str(row.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
@pytest.mark.parametrize("role", ROLES)
def test_read_parts_of_a_draft_event(spec, role, role_users):
    draft = EventFactory(state="draft")
    user = role_users[role]
    if role in ("owner", "organizer", "coorganizer", "track_organizer"):
        grant(user, draft, role)
    row = spec.factory(event=draft)
    api = Api(user)
    assert api.get(f"/v1/{spec.collection}/{row.pk}").status_code == draft_read_status(role)
    if spec.listed:
        assert api.get(f"/v1/events/{draft.pk}/{spec.collection}").status_code == draft_read_status(role)


@pytest.mark.django_db
@pytest.mark.parametrize("spec", [p for p in PARAMS if p.values[0].listed])
def test_top_level_list_is_not_a_route(spec, as_role):
    """Open Event's `GET /tracks` listed every event's tracks (§9.3); only nested lists exist."""
    assert as_role("admin").get(f"/v1/{spec.collection}").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
@pytest.mark.parametrize("role", ROLES)
def test_update_per_role(spec, role, as_role, event):
    row = spec.factory(event=event)
    field, value = spec.update
    body = resource(spec.type, {field.replace("_", "-"): value}, id=row.pk)
    response = as_role(role).patch(f"/v1/{spec.collection}/{row.pk}", body)
    expected = write_status(role, spec.writers)
    assert response.status_code == expected, response.content
    row.refresh_from_db()
    assert (getattr(row, field) == value) == (expected == 200)


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
def test_update_cannot_move_to_another_event(spec, as_role, event):
    row = spec.factory(event=event)
    other = EventFactory()
    body = resource(spec.type, {}, {"event": ("event", other.pk)}, id=row.pk)
    response = as_role("admin").patch(f"/v1/{spec.collection}/{row.pk}", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"]["pointer"] == "/data/relationships/event"
    row.refresh_from_db()
    assert row.event_id == event.pk


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
def test_update_with_wrong_id_is_400(spec, as_role, event):
    row = spec.factory(event=event)
    response = as_role("owner").patch(f"/v1/{spec.collection}/{row.pk}", resource(spec.type, {}, id=row.pk + 100))
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
@pytest.mark.parametrize("role", ROLES)
def test_delete_per_role_is_soft(spec, role, as_role, event):
    row = spec.factory(event=event)
    response = as_role(role).delete(f"/v1/{spec.collection}/{row.pk}")
    expected = write_status(role, spec.writers)
    assert response.status_code == expected, response.content
    row.refresh_from_db()
    assert (row.deleted_at is not None) == (expected == 200)
    if expected == 200:
        assert response.json()["meta"] == {"message": "Object successfully deleted"}
        assert as_role("anonymous").get(f"/v1/{spec.collection}/{row.pk}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
def test_trash_get_trashed_restore_and_permanent(spec, as_role, event):
    row = spec.factory(event=event)
    row.soft_delete()
    coorganizer, user = as_role("coorganizer"), as_role("user")
    if spec.listed:
        url = f"/v1/events/{event.pk}/{spec.collection}"
        assert ids(coorganizer.get(url)) == []
        assert ids(coorganizer.get(url, get_trashed="true")) == [str(row.pk)]
        assert ids(user.get(url, get_trashed="true")) == []  # honoured only for those allowed (§9.5)
    assert user.get(f"/v1/{spec.collection}/{row.pk}", get_trashed="true").status_code == 404
    assert coorganizer.get(f"/v1/{spec.collection}/{row.pk}", get_trashed="true").status_code == 200

    restore = resource(spec.type, {"deleted-at": None}, id=row.pk)
    assert user.patch(f"/v1/{spec.collection}/{row.pk}", restore).status_code == 404
    assert coorganizer.patch(f"/v1/{spec.collection}/{row.pk}", restore).status_code == 200
    row.refresh_from_db()
    assert row.deleted_at is None

    response = coorganizer.delete(f"/v1/{spec.collection}/{row.pk}", permanent="true")
    assert response.status_code == 403
    assert spec.model.all_objects.filter(pk=row.pk).exists()
    assert as_role("organizer").delete(f"/v1/{spec.collection}/{row.pk}", permanent="true").status_code == 200
    assert not spec.model.all_objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
def test_event_related_route_and_relationship(spec, as_role, event):
    row = spec.factory(event=event)
    api = as_role("anonymous")
    related = api.get(f"/v1/{spec.collection}/{row.pk}/event")
    assert related.status_code == 200
    assert related.json()["data"]["id"] == str(event.pk)
    linkage = api.get(f"/v1/{spec.collection}/{row.pk}/relationships/event")
    assert linkage.json()["data"] == {"type": "event", "id": str(event.pk)}


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
def test_include_event_and_sparse_fieldsets(spec, as_role, event):
    row = spec.factory(event=event)
    response = as_role("anonymous").get(f"/v1/{spec.collection}/{row.pk}", include="event", **{"fields[event]": "name"})
    body = response.json()
    assert [(i["type"], i["id"]) for i in body["included"]] == [("event", str(event.pk))]
    assert list(body["included"][0]["attributes"]) == ["name"]


@pytest.mark.django_db
@pytest.mark.parametrize("spec", [p for p in PARAMS if p.values[0].listed])
@pytest.mark.parametrize("include", ["", "event"])
def test_nested_list_query_count_is_flat(spec, include, as_role, event, django_assert_max_num_queries):
    """Same number of queries for 1 and for 50 rows, with and without `include`."""
    api = as_role("owner")
    spec.factory(event=event)
    params = {"include": include} if include else {}
    params["page[size]"] = "100"
    with django_assert_max_num_queries(100) as one:
        assert len(ids(api.get(f"/v1/events/{event.pk}/{spec.collection}", **params))) == 1
    for _ in range(49):
        spec.factory(event=event)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(ids(api.get(f"/v1/events/{event.pk}/{spec.collection}", **params))) == 50


@pytest.mark.django_db
@pytest.mark.parametrize("spec", PARAMS)
def test_etag_if_none_match_304(spec, as_role, event):
    row = spec.factory(event=event)
    api = as_role("anonymous")
    first = api.get(f"/v1/{spec.collection}/{row.pk}")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    second = api.client.get(
        f"/v1/{spec.collection}/{row.pk}", HTTP_ACCEPT="application/vnd.api+json", HTTP_IF_NONE_MATCH=etag
    )
    assert second.status_code == 304
    assert second.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("spec", [p for p in PARAMS if p.values[0].listed])
def test_sort_and_filter_on_nested_list(spec, as_role, event):
    first, second = spec.factory(event=event, name="a first"), spec.factory(event=event, name="b second")
    api = as_role("owner")
    url = f"/v1/events/{event.pk}/{spec.collection}"
    assert ids(api.get(url, sort="-name")) == [str(second.pk), str(first.pk)]
    has = json.dumps(
        [{"name": "event", "op": "has", "val": {"name": "identifier", "op": "eq", "val": event.identifier}}]
    )
    assert set(ids(api.get(url, filter=has))) == {str(first.pk), str(second.pk)}
    assert api.get(url, sort="nope").status_code == 400
    assert api.get(url, filter='[{"name":"nope","op":"eq","val":1}]').status_code == 400
