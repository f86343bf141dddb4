"""`ResourceSerializer`: null for an optional, non-nullable attribute with a default is "not sent" (the web client
sends every attribute of its model); nullable and required attributes keep their meaning."""

import pytest

from events.models import Speaker
from tests.conftest import resource
from tests.factories import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_create_stores_the_default(as_role, event):
    body = resource("speaker", {"name": "Ada", "order": None}, {"event": ("event", event.pk)})
    response = as_role("organizer").post("/v1/speakers", body)
    assert response.status_code == 201, response.content
    assert Speaker.objects.get(pk=response.json()["data"]["id"]).order == 0


def test_edit_keeps_the_stored_value(as_role, event):
    speaker = SpeakerFactory(event=event, order=4)
    body = resource("speaker", {"order": None, "city": "Hanoi"}, id=speaker.pk)
    response = as_role("organizer").patch(f"/v1/speakers/{speaker.pk}", body)
    assert response.status_code == 200, response.content
    speaker.refresh_from_db()
    assert (speaker.order, speaker.city) == (4, "Hanoi")


def test_nullable_attributes_are_still_cleared(as_role, event):
    speaker = SpeakerFactory(event=event, city="Hanoi")
    response = as_role("organizer").patch(
        f"/v1/speakers/{speaker.pk}", resource("speaker", {"city": None}, id=speaker.pk)
    )
    assert response.status_code == 200, response.content
    speaker.refresh_from_db()
    assert speaker.city in (None, "")


def test_null_for_a_required_attribute_is_still_422(as_role, event):
    session = SessionFactory(event=event)
    response = as_role("organizer").patch(
        f"/v1/sessions/{session.pk}", resource("session", {"title": None}, id=session.pk)
    )
    assert response.status_code == 422, response.content
    session.refresh_from_db()
    assert session.title
