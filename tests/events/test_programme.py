"""Rules of rooms, tracks, session types, sponsors, social links and calls for speakers (§3.9–3.13)."""

import pytest

from events import models
from tests.conftest import resource
from tests.events.support import error_pointers, iso
from tests.factories.events import (
    EventFactory,
    MicrolocationFactory,
    SessionFactory,
    SessionTypeFactory,
    SpeakersCallFactory,
    TrackFactory,
)


def post(api, collection, type_, attrs, event):
    return api.post(f"/v1/{collection}", resource(type_, attrs, {"event": ("event", event.pk)}))


# ----------------------------------------------------------------------- tracks
@pytest.mark.django_db
@pytest.mark.parametrize(("color", "font"), [("#fff", "#000000"), ("#000", "#ffffff"), ("#1a2B3c", "#ffffff")])
def test_track_font_color_derived_also_from_three_digits(color, font, as_role, event):
    response = post(as_role("track_organizer"), "tracks", "track", {"name": "T", "color": color}, event)
    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["font-color"] == font


@pytest.mark.django_db
@pytest.mark.parametrize("attrs", [{"name": "T"}, {"name": "T", "color": "red"}, {"name": "T", "color": "#12345"}])
def test_track_color_required_and_hex_on_create(attrs, as_role, event):
    response = post(as_role("owner"), "tracks", "track", attrs, event)
    assert response.status_code == 422
    assert error_pointers(response) == ["/data/attributes/color"]
    assert not models.Track.objects.exists()


@pytest.mark.django_db
def test_track_patch_without_color_keeps_it_and_bad_color_is_422(as_role, event):
    """Open Event demanded `color` on every PATCH (§9.8)."""
    track = TrackFactory(event=event, color="#123456")
    ok = as_role("owner").patch(f"/v1/tracks/{track.pk}", resource("track", {"name": "New"}, id=track.pk))
    assert ok.status_code == 200
    bad = as_role("owner").patch(f"/v1/tracks/{track.pk}", resource("track", {"color": "blue"}, id=track.pk))
    assert bad.status_code == 422
    track.refresh_from_db()
    assert (track.name, track.color) == ("New", "#123456")


# ---------------------------------------------------------------- session types
@pytest.mark.django_db
@pytest.mark.parametrize("length", [None, "", "1h", "25:00", "00:61", "abc"])
def test_session_type_length_validated_on_create(length, as_role, event):
    attrs = {"name": "Talk"} if length is None else {"name": "Talk", "length": length}
    response = post(as_role("owner"), "session-types", "session-type", attrs, event)
    assert response.status_code == 422
    assert error_pointers(response) == ["/data/attributes/length"]
    assert not models.SessionType.objects.exists()


@pytest.mark.django_db
def test_session_type_length_optional_on_patch_but_checked_when_sent(as_role, event):
    session_type = SessionTypeFactory(event=event, length="00:45")
    url = f"/v1/session-types/{session_type.pk}"
    assert (
        as_role("owner").patch(url, resource("session-type", {"name": "Long"}, id=session_type.pk)).status_code == 200
    )
    assert (
        as_role("owner").patch(url, resource("session-type", {"length": "9:99"}, id=session_type.pk)).status_code == 422
    )
    assert (
        as_role("owner").patch(url, resource("session-type", {"length": "1:30"}, id=session_type.pk)).status_code == 200
    )
    session_type.refresh_from_db()
    assert (session_type.name, session_type.length) == ("Long", "01:30")


# ----------------------------------------------------------------- microlocations
@pytest.mark.django_db
@pytest.mark.parametrize(("attrs", "pointer"), [({"latitude": 90.5}, "latitude"), ({"longitude": 181}, "longitude")])
def test_microlocation_coordinates_in_range(attrs, pointer, as_role, event):
    response = post(as_role("owner"), "microlocations", "microlocation", {"name": "Hall", **attrs}, event)
    assert response.status_code == 422
    assert error_pointers(response) == [f"/data/attributes/{pointer}"]


@pytest.mark.django_db
def test_microlocation_chat_room_name_is_read_only(as_role, event):
    response = post(as_role("owner"), "microlocations", "microlocation", {"name": "Hall", "chat-room-name": "x"}, event)
    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["chat-room-name"] is None


@pytest.mark.django_db
def test_sessions_include_shows_only_visible_sessions(as_role, event):
    room = MicrolocationFactory(event=event)
    accepted = SessionFactory(event=event, microlocation=room)
    SessionFactory(event=event, microlocation=room, state="pending")
    public = as_role("anonymous").get(f"/v1/microlocations/{room.pk}", include="sessions").json()
    assert [s["id"] for s in public["data"]["relationships"]["sessions"]["data"]] == [str(accepted.pk)]
    organizer = as_role("coorganizer").get(f"/v1/microlocations/{room.pk}", include="sessions").json()
    assert len(organizer["data"]["relationships"]["sessions"]["data"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("collection", ["microlocation", "track", "session-type"])
def test_session_related_to_one_routes(collection, as_role, event):
    room, track, session_type = (
        MicrolocationFactory(event=event),
        TrackFactory(event=event),
        SessionTypeFactory(event=event),
    )
    session = SessionFactory(event=event, microlocation=room, track=track, session_type=session_type)
    expected = {"microlocation": room, "track": track, "session-type": session_type}[collection]
    response = as_role("anonymous").get(f"/v1/sessions/{session.pk}/{collection}")
    assert response.status_code == 200
    assert response.json()["data"] == {**response.json()["data"], "type": collection, "id": str(expected.pk)}


# ----------------------------------------------------------------------- sponsors
@pytest.mark.django_db
def test_sponsor_needs_sponsors_enabled(as_role, event):
    models.Event.objects.filter(pk=event.pk).update(is_sponsors_enabled=False)
    response = post(as_role("owner"), "sponsors", "sponsor", {"name": "ACME"}, event)
    assert response.status_code == 403
    assert not models.Sponsor.objects.exists()


@pytest.mark.django_db
def test_sponsor_url_must_be_a_url(as_role, event):
    response = post(as_role("owner"), "sponsors", "sponsor", {"name": "ACME", "url": "not a url"}, event)
    assert response.status_code == 422
    assert error_pointers(response) == ["/data/attributes/url"]


# ------------------------------------------------------------------- social links
@pytest.mark.django_db
def test_social_link_needs_a_url_and_gets_an_identifier(as_role, event):
    bad = post(as_role("owner"), "social-links", "social-link", {"name": "x", "link": "nope"}, event)
    assert bad.status_code == 422
    assert error_pointers(bad) == ["/data/attributes/link"]
    good = post(as_role("owner"), "social-links", "social-link", {"name": "x", "link": "https://x.com/f"}, event)
    assert len(good.json()["data"]["attributes"]["identifier"]) == 8


@pytest.mark.django_db
def test_anonymous_cannot_post_social_links(as_role, event):
    """The original had no check at all here (§9.3)."""
    response = post(as_role("anonymous"), "social-links", "social-link", {"name": "x", "link": "https://x.com"}, event)
    assert response.status_code == 401
    assert not models.SocialLink.objects.exists()


# ------------------------------------------------------------------ speakers calls
@pytest.mark.django_db
def test_posting_a_call_for_an_event_that_has_one_updates_it(as_role, event):
    """The event's one call: the wizard POSTs it whether or not the event has it (as default forms)."""
    existing = SpeakersCallFactory(event=event, announcement="old")
    response = post(
        as_role("owner"),
        "speakers-calls",
        "speakers-call",
        {"starts-at": iso(1), "ends-at": iso(5), "announcement": "new"},
        event,
    )
    assert response.status_code == 201
    assert response.json()["data"]["id"] == str(existing.pk)
    assert list(models.SpeakersCall.objects.values_list("announcement", flat=True)) == ["new"]


@pytest.mark.django_db
def test_a_new_event_has_an_undated_private_call(api, role_users):
    """So the web client's sessions step edits it (it creates a call only when reading one fails)."""
    owner = api(role_users["user"])
    body = resource("event", {"name": "New", "starts-at": iso(10), "ends-at": iso(11), "timezone": "UTC"})
    created = owner.post("/v1/events", body)
    assert created.status_code == 201, created.content
    event_id = created.json()["data"]["id"]
    call = owner.get(f"/v1/events/{event_id}/speakers-call").json()["data"]
    assert call["attributes"]["starts-at"] is None
    assert call["attributes"]["privacy"] == "private"
    listed = api().get(
        "/v1/events",
        filter='[{"name":"speakers-call","op":"has","val":{"name":"starts-at","op":"le","val":"2100-01-01T00:00:00Z"}}]',
    )
    assert listed.status_code == 200
    assert event_id not in [row["id"] for row in listed.json()["data"]]


@pytest.mark.django_db
def test_speakers_call_ends_after_it_starts(as_role, event):
    response = post(
        as_role("owner"), "speakers-calls", "speakers-call", {"starts-at": iso(5), "ends-at": iso(1)}, event
    )
    assert response.status_code == 422
    assert error_pointers(response) == ["/data/attributes/ends-at"]
    call = SpeakersCallFactory(event=event)
    body = resource("speakers-call", {"ends-at": iso(-30)}, id=call.pk)
    assert as_role("owner").patch(f"/v1/speakers-calls/{call.pk}", body).status_code == 422


@pytest.mark.django_db
def test_speakers_call_under_event_read_update_delete(as_role, event):
    call = SpeakersCallFactory(event=event)
    url = f"/v1/events/{event.identifier}/speakers-call"
    assert as_role("anonymous").get(url).json()["data"]["id"] == str(call.pk)
    body = resource("speakers-call", {"announcement": "New"}, id=call.pk)
    assert as_role("user").patch(url, body).status_code == 403
    assert as_role("coorganizer").patch(url, body).status_code == 200
    assert as_role("coorganizer").delete(url).status_code == 200
    gone = as_role("anonymous").get(url)  # no live call: an empty to-one
    assert gone.status_code == 200 and gone.json()["data"] is None
    draft = EventFactory(state="draft")
    SpeakersCallFactory(event=draft)
    assert as_role("anonymous").get(f"/v1/events/{draft.pk}/speakers-call").status_code == 404
