"""An included relationship never shows more than its own endpoint would (no leak through `include`)."""

import pytest

from tests.conftest import Api
from tests.factories import SessionFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def track_with_sessions(event):
    track = TrackFactory(event=event)
    public = SessionFactory(event=event, track=track, state="accepted", title="Public talk")
    hidden = SessionFactory(event=event, track=track, state="pending", title="Pending talk")
    return track, public, hidden


def included_titles(body):
    return {r["attributes"]["title"] for r in body.get("included", []) if r["type"] == "session"}


@pytest.mark.parametrize(
    "url",
    [
        "/v1/events/{event}/tracks?include=sessions",
        "/v1/tracks/{track}?include=sessions",
        "/v1/events/{event}?include=tracks.sessions",
    ],
)
def test_pending_sessions_do_not_leak_through_include(url, event, track_with_sessions):
    track, public, hidden = track_with_sessions
    for caller in (None, UserFactory()):
        response = Api(caller).get(url.format(event=event.pk, track=track.pk, public=public.pk))
        assert response.status_code == 200, response.content
        assert "Pending talk" not in response.content.decode()


def test_session_creator_email_is_not_public(event):
    creator = UserFactory(email="creator-secret@example.org")
    session = SessionFactory(event=event, creator=creator, state="accepted")
    body = Api().get(f"/v1/sessions/{session.pk}", include="creator").content.decode()
    assert "creator-secret@example.org" not in body
