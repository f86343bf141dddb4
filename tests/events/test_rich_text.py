"""Rich text is stored sanitized (reference §3.2): through the API, the admin and imports alike."""

import pytest

from events import models
from tests.conftest import Api, resource
from tests.events.support import iso
from tests.factories.events import SessionFactory, SpeakerFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()" style="text-align:center;position:fixed">Hi <script>alert(1)</script>'
    '<img src="javascript:alert(2)" onerror=alert(2)><img src="https://fossasia.org/a.png" onload="x()">'
    '<a href="javascript:alert(3)">bad</a> <a href="https://fossasia.org">good</a></p>'
    "<iframe src=https://evil.example></iframe>"
)
CLEANED = (
    '<p style="text-align:center">Hi <img><img src="https://fossasia.org/a.png">'
    '<a rel="nofollow noopener noreferrer">bad</a> '
    '<a href="https://fossasia.org" rel="nofollow noopener noreferrer">good</a></p>'
)


@pytest.mark.parametrize("field", ["description", "owner-description", "code-of-conduct", "after-order-message"])
def test_event_rich_text_is_sanitized_on_create(field):
    attrs = {"name": "PyCon", "starts-at": iso(40), "ends-at": iso(41), "timezone": "UTC", field: HOSTILE}
    response = Api(UserFactory()).post("/v1/events", resource("event", attrs))
    assert response.status_code == 201, response.content
    assert response.json()["data"]["attributes"][field] == CLEANED
    stored = models.Event.objects.get(pk=response.json()["data"]["id"])
    assert getattr(stored, field.replace("-", "_")) == CLEANED


def test_formatting_survives_and_cleaning_twice_changes_nothing(as_role, event):
    html = "<h2>Venue</h2><p><strong>Bold</strong>, <em>em</em> &amp; <u>u</u></p><ul><li>one</li></ul><br>"
    url = f"/v1/events/{event.pk}"
    first = as_role("organizer").patch(url, resource("event", {"description": html}, id=event.pk))
    assert first.status_code == 200, first.content
    assert first.json()["data"]["attributes"]["description"] == html
    again = as_role("organizer").patch(url, resource("event", {"description": html}, id=event.pk))
    assert again.json()["data"]["attributes"]["description"] == html


def test_plain_text_comes_back_as_html():
    """The fields are HTML: a bare `&` is escaped, as Open Event's cleaner does."""
    attrs = {"name": "PyCon", "starts-at": iso(40), "ends-at": iso(41), "timezone": "UTC", "description": "Q & A"}
    response = Api(UserFactory()).post("/v1/events", resource("event", attrs))
    assert response.json()["data"]["attributes"]["description"] == "Q &amp; A"


@pytest.mark.parametrize("field", ["short-abstract", "long-abstract", "comments"])
def test_session_rich_text_is_sanitized_on_patch(as_role, event, field):
    session = SessionFactory(event=event)
    response = as_role("coorganizer").patch(
        f"/v1/sessions/{session.pk}", resource("session", {field: HOSTILE}, id=session.pk)
    )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["attributes"][field] == CLEANED
    session.refresh_from_db()
    assert getattr(session, field.replace("-", "_")) == CLEANED


@pytest.mark.parametrize("field", ["short-biography", "long-biography", "speaking-experience", "sponsorship-required"])
def test_speaker_rich_text_is_sanitized_on_patch(as_role, event, field):
    speaker = SpeakerFactory(event=event)
    response = as_role("coorganizer").patch(
        f"/v1/speakers/{speaker.pk}", resource("speaker", {field: HOSTILE}, id=speaker.pk)
    )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["attributes"][field] == CLEANED
    speaker.refresh_from_db()
    assert getattr(speaker, field.replace("-", "_")) == CLEANED


def test_admin_saves_are_sanitized(client, event):
    from tests.factories import SuperAdminFactory

    client.force_login(SuperAdminFactory())
    speaker = SpeakerFactory(event=event)
    url = f"/admin/events/speaker/{speaker.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"event": event.pk, "long_biography": HOSTILE, "name": speaker.name})
    response = client.post(url, {k: v for k, v in data.items() if not isinstance(v, list | dict)})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    speaker.refresh_from_db()
    assert speaker.long_biography == CLEANED
