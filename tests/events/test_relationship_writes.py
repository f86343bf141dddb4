"""`PATCH`/`POST`/`DELETE /v1/<collection>/<id>/relationships/<name>`: linkage written through the resource's rules."""

import json

import pytest

from tests.conftest import JSONAPI, Api
from tests.events.support import CO_ORGANIZERS, ROLES, write_status
from tests.factories import EventFactory, SessionFactory, SpeakerFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db


def send(client, method, url, data):
    body = json.dumps({"data": data}) if not isinstance(data, str) else data
    return getattr(client.client, method)(url, body, content_type=JSONAPI, HTTP_ACCEPT=JSONAPI)


def linkage(response):
    data = response.json()["data"]
    return sorted(item["id"] for item in data) if isinstance(data, list) else data and data["id"]


@pytest.fixture
def session(event):
    return SessionFactory(event=event, track=TrackFactory(event=event))


@pytest.mark.parametrize("role", ROLES)
def test_patch_to_one_per_role(as_role, event, session, role):
    status = write_status(role, CO_ORGANIZERS)
    track = TrackFactory(event=event)
    url = f"/v1/sessions/{session.pk}/relationships/track"
    response = send(as_role(role), "patch", url, {"type": "track", "id": str(track.pk)})
    assert response.status_code == status, response.content
    session.refresh_from_db()
    if status == 200:
        assert linkage(response) == str(track.pk)
        assert session.track == track
    else:
        assert session.track != track


def test_patch_to_one_null_clears_it(as_role, session):
    response = send(as_role("organizer"), "patch", f"/v1/sessions/{session.pk}/relationships/track", None)
    assert response.status_code == 200, response.content
    assert response.json()["data"] is None
    session.refresh_from_db()
    assert session.track is None


def test_a_track_of_another_event_is_422_and_nothing_changes(as_role, session):
    foreign = TrackFactory(event=EventFactory())
    before = session.track_id
    url = f"/v1/sessions/{session.pk}/relationships/track"
    response = send(as_role("organizer"), "patch", url, {"type": "track", "id": str(foreign.pk)})
    assert response.status_code == 422, response.content
    session.refresh_from_db()
    assert session.track_id == before


def test_to_many_post_adds_delete_removes_patch_replaces(as_role, event, session):
    a, b, c = SpeakerFactory.create_batch(3, event=event)
    session.speakers.add(a)
    client, url = as_role("organizer"), f"/v1/sessions/{session.pk}/relationships/speakers"

    added = send(client, "post", url, [{"type": "speaker", "id": str(b.pk)}, {"type": "speaker", "id": str(a.pk)}])
    assert added.status_code == 200, added.content
    assert linkage(added) == sorted([str(a.pk), str(b.pk)])

    removed = send(client, "delete", url, [{"type": "speaker", "id": str(a.pk)}])
    assert removed.status_code == 200, removed.content
    assert linkage(removed) == [str(b.pk)]

    replaced = send(client, "patch", url, [{"type": "speaker", "id": str(c.pk)}])
    assert replaced.status_code == 200, replaced.content
    assert set(session.speakers.values_list("pk", flat=True)) == {c.pk}


def test_read_only_relationship_is_403(as_role, event):
    response = send(as_role("owner"), "patch", f"/v1/events/{event.pk}/relationships/tickets", [])
    assert response.status_code == 403


def test_post_to_a_to_one_is_405(as_role, session, event):
    url = f"/v1/sessions/{session.pk}/relationships/track"
    response = send(as_role("organizer"), "post", url, {"type": "track", "id": str(TrackFactory(event=event).pk)})
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("rel", "body", "status"),
    [
        ("track", '{"data": [{"type": "track", "id": "1"}]}', 400),
        ("speakers", '{"data": {"type": "speaker", "id": "1"}}', 400),
        ("track", '{"data": {"id": "1"}}', 400),
        ("track", '{"nodata": 1}', 400),
        ("track", "not json", 400),
        ("track", '{"data": {"type": "speaker", "id": "1"}}', 409),
        ("speakers", '{"data": [{"type": "speaker", "id": "999999"}]}', 422),
    ],
)
def test_bad_linkage_is_refused(as_role, session, rel, body, status):
    response = send(as_role("organizer"), "patch", f"/v1/sessions/{session.pk}/relationships/{rel}", body)
    assert response.status_code == status, response.content
    assert response.json()["errors"]


def test_speakers_own_session_relationship_follows_the_session_rules(event):
    """A user may change the linkage of their own submission; someone else's draft does not exist for them."""
    author, stranger = UserFactory(), UserFactory()
    own = SessionFactory(event=event, creator=author, state="draft")
    speaker = SpeakerFactory(event=event, user=author)
    url = f"/v1/sessions/{own.pk}/relationships/speakers"
    assert send(Api(stranger), "patch", url, [{"type": "speaker", "id": str(speaker.pk)}]).status_code == 404
    response = send(Api(author), "patch", url, [{"type": "speaker", "id": str(speaker.pk)}])
    assert response.status_code == 200, response.content
    assert list(own.speakers.all()) == [speaker]


def test_removing_a_member_keeps_those_the_caller_cannot_see(event):
    """POST/DELETE change only the members named: a co-speaker hidden from the caller stays linked."""
    author, other = UserFactory(), UserFactory()
    pending = SessionFactory(event=event, creator=other, state="pending")
    own, hidden = SpeakerFactory(event=event, user=author), SpeakerFactory(event=event)
    pending.speakers.add(own, hidden)
    url = f"/v1/sessions/{pending.pk}/relationships/speakers"
    response = send(Api(author), "delete", url, [{"type": "speaker", "id": str(own.pk)}])
    assert response.status_code == 200, response.content
    assert linkage(response) == []  # the answer shows no more than the caller may see
    assert list(pending.speakers.all()) == [hidden]
