"""Sessions and speakers written as the web client writes them: by the organizer from the event's dashboard and by
a speaker through the call for speakers (the session first, then the speaker, then the session again with its
speakers, each save sending the whole record)."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Session, Speaker
from invites.models import SpeakerInvite
from tests.client.ember import SESSION, SPEAKER, SPEAKER_INVITE, body, edited
from tests.conftest import Api
from tests.factories import SessionTypeFactory, TrackFactory, UserFactory
from tests.factories.events import SpeakersCallFactory

pytestmark = pytest.mark.django_db


def now_iso(days=0):
    return (timezone.now() + dt.timedelta(days=days)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_session(event, creator, **values):
    """A new session record: the client's serializer drops the empty `complex-field-values` it starts with."""
    rels = {"event": ("event", event.pk), "creator": ("user", creator.pk), "speakers": [], "exhibitors": []}
    rels.update(values.pop("relationships", {}))
    document = body(
        "session", SESSION, {"submitted-at": now_iso(), "is-locked": False, "is-mail-sent": False, **values}, rels
    )
    document["data"]["attributes"].pop("complex-field-values", None)
    return document


def new_speaker(event, user, **values):
    rels = {"event": ("event", event.pk), "user": ("user", user.pk), "sessions": []}
    rels.update(values.pop("relationships", {}))
    attributes = {"complex-field-values": {}, "speaker-positions": {}, **values}
    return body("speaker", SPEAKER, attributes, rels)


def session_with_speakers(api, session_id, speaker_ids, **values):
    """The session saved again after `speaker.sessions.pushObject(session)`: whole record, speakers linked."""
    document = edited(api, f"/v1/sessions/{session_id}", "session", SESSION, values)
    response = api.get(f"/v1/sessions/{session_id}", include="event,creator")
    rels = {"event": ("event", response.json()["data"]["relationships"]["event"]["data"]["id"])}
    document["data"]["relationships"] = {
        "event": {"data": {"type": "event", "id": rels["event"][1]}},
        "speakers": {"data": [{"type": "speaker", "id": str(pk)} for pk in speaker_ids]},
        "exhibitors": {"data": []},
    }
    if document["data"]["attributes"].get("complex-field-values") in ({}, None):
        del document["data"]["attributes"]["complex-field-values"]
    return document


def test_organizer_creates_a_session_with_a_new_speaker(as_role, role_users, event):
    organizer, user = as_role("organizer"), role_users["organizer"]
    track, kind = TrackFactory(event=event), SessionTypeFactory(event=event)
    rels = {"track": ("track", track.pk), "session-type": ("session-type", kind.pk)}
    created = organizer.post(
        "/v1/sessions",
        new_session(event, user, title="Keynote", state="accepted", **{"short-abstract": "Why", "relationships": rels}),
    )
    assert created.status_code == 201, created.content
    session_id = created.json()["data"]["id"]
    speaker = organizer.post("/v1/speakers", new_speaker(event, user, name="Ada", email="ada@example.org"))
    assert speaker.status_code == 201, speaker.content
    speaker_id = speaker.json()["data"]["id"]
    again = organizer.patch(f"/v1/sessions/{session_id}", session_with_speakers(organizer, session_id, [speaker_id]))
    assert again.status_code == 200, again.content
    session = Session.objects.get(pk=session_id)
    assert (session.title, session.state, session.track_id) == ("Keynote", "accepted", track.pk)
    assert list(session.speakers.values_list("email", flat=True)) == ["ada@example.org"]


def test_organizer_adds_a_speaker_whose_email_is_overridden(as_role, role_users, event):
    """`is-email-overridden` makes the client send `email: null` (a speaker without an address)."""
    organizer = as_role("organizer")
    document = new_speaker(event, role_users["organizer"], name="No Mail", **{"is-email-overridden": True})
    response = organizer.post("/v1/speakers", document)
    assert response.status_code == 201, response.content
    assert Speaker.objects.get(pk=response.json()["data"]["id"]).name == "No Mail"


def test_organizer_edits_a_session_and_a_speaker(as_role, role_users, event):
    from tests.factories import SessionFactory, SpeakerFactory

    session, speaker = SessionFactory(event=event), SpeakerFactory(event=event)
    session.speakers.add(speaker)
    organizer = as_role("organizer")
    document = session_with_speakers(organizer, session.pk, [speaker.pk], title="Renamed", state="confirmed")
    response = organizer.patch(f"/v1/sessions/{session.pk}", document)
    assert response.status_code == 200, response.content
    document = edited(organizer, f"/v1/speakers/{speaker.pk}", "speaker", SPEAKER, {"city": "Singapore"})
    document["data"]["relationships"] = {"event": {"data": {"type": "event", "id": str(event.pk)}}}
    response = organizer.patch(f"/v1/speakers/{speaker.pk}", document)
    assert response.status_code == 200, response.content
    session.refresh_from_db()
    speaker.refresh_from_db()
    assert (session.title, session.state, speaker.city) == ("Renamed", "confirmed", "Singapore")


def test_speaker_positions_are_saved_per_session(as_role, event):
    """Reordering a session's speakers saves each speaker with `speaker-positions` {session id: index}."""
    from tests.factories import SessionFactory, SpeakerFactory

    session = SessionFactory(event=event)
    speakers = [SpeakerFactory(event=event) for _ in range(2)]
    session.speakers.add(*speakers)
    organizer = as_role("organizer")
    for index, speaker in enumerate(reversed(speakers)):
        document = edited(organizer, f"/v1/speakers/{speaker.pk}", "speaker", SPEAKER)
        positions = document["data"]["attributes"]["speaker-positions"] or {}
        document["data"]["attributes"]["speaker-positions"] = {**positions, str(session.pk): index}
        response = organizer.patch(f"/v1/speakers/{speaker.pk}", document)
        assert response.status_code == 200, response.content
        assert response.json()["data"]["attributes"]["speaker-positions"][str(session.pk)] == index


def test_call_for_speakers_submission(event):
    """A signed-in user answers the call: the session, a co-speaker invite, the speaker, the session again."""
    SpeakersCallFactory(event=event, privacy="public")
    user = UserFactory()
    speaker_api = Api(user)
    created = speaker_api.post("/v1/sessions", new_session(event, user, title="My talk"))
    assert created.status_code == 201, created.content
    session_id = created.json()["data"]["id"]
    invite = body(
        "speaker-invite",
        SPEAKER_INVITE,
        {"email": "cospeaker@example.org", "status": "pending", "created-at": now_iso()},
        {"event": ("event", event.pk), "session": ("session", session_id)},
    )
    response = speaker_api.post("/v1/speaker-invites", invite)
    assert response.status_code == 201, response.content
    response = speaker_api.patch(f"/v1/sessions/{session_id}", session_with_speakers(speaker_api, session_id, []))
    assert response.status_code == 200, response.content
    speaker = speaker_api.post("/v1/speakers", new_speaker(event, user, name="Grace", email=user.email))
    assert speaker.status_code == 201, speaker.content
    speaker_id = speaker.json()["data"]["id"]
    response = speaker_api.patch(
        f"/v1/sessions/{session_id}", session_with_speakers(speaker_api, session_id, [speaker_id])
    )
    assert response.status_code == 200, response.content
    session = Session.objects.get(pk=session_id)
    assert session.state == "draft"  # the client sends `state: null`; a new session starts as a draft
    assert list(session.speakers.values_list("pk", flat=True)) == [int(speaker_id)]
    assert SpeakerInvite.objects.filter(session=session, email="cospeaker@example.org").exists()


def test_call_for_speakers_edit_of_ones_own_session(event):
    SpeakersCallFactory(event=event, privacy="public")
    user = UserFactory()
    speaker_api = Api(user)
    session_id = speaker_api.post("/v1/sessions", new_session(event, user, title="Draft")).json()["data"]["id"]
    speaker = speaker_api.post("/v1/speakers", new_speaker(event, user, name="Grace", email=user.email))
    speaker_id = speaker.json()["data"]["id"]
    document = session_with_speakers(speaker_api, session_id, [speaker_id], title="Final", subtitle="v2")
    response = speaker_api.patch(f"/v1/sessions/{session_id}", document)
    assert response.status_code == 200, response.content
    document = edited(speaker_api, f"/v1/speakers/{speaker_id}", "speaker", SPEAKER, {"long-biography": "Long"})
    document["data"]["relationships"] = {"event": {"data": {"type": "event", "id": str(event.pk)}}}
    response = speaker_api.patch(f"/v1/speakers/{speaker_id}", document)
    assert response.status_code == 200, response.content
    assert Session.objects.get(pk=session_id).title == "Final"
    assert Speaker.objects.get(pk=speaker_id).long_biography == "Long"
    theirs = session_with_speakers(speaker_api, session_id, [speaker_id], title="Hijacked")
    assert Api(UserFactory()).patch(f"/v1/sessions/{session_id}", theirs).status_code in (403, 404)
    assert Session.objects.get(pk=session_id).title == "Final"
