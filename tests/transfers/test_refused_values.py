"""One notion of valid: every value the API refuses with 422 is refused by an import too (repaired or left out)."""

import io
import json
import math

import pytest

from events.models import Event
from tests.factories import UserFactory
from tests.factories.transfers import published_sample, zip_bytes
from transfers.importer import import_archive

pytestmark = pytest.mark.django_db

JS = "javascript:alert(document.cookie)"


def hostile_values():
    files = published_sample()
    files["event"].update(
        {
            "external-event-url": JS,
            "ticket-url": "javascript://%0aalert(1)",
            "paypal-email": "not-an-email",
            "is-featured": True,
            "is-promoted": True,
            "latitude": "NaN",
            "longitude": "Infinity",
            "owner-name": "Org\x00anizer",
            "timezone": "Mars/Olympus",
        }
    )
    ada = files["speakers"][0]
    ada.update({"website": JS, "email": "ada at example", "gender": "Robot", "name": "Ada\x00"})
    hello = files["sessions"][0]
    hello.update(
        {
            "video-url": JS,
            "ends-at": "2030-03-18T09:00:00+08:00",  # before its start
            "title": "Hello\x00 world",
            "slides": [{"name": "s", "link": JS}],
            "level": "Godlike",
        }
    )
    files["sponsors"][0]["url"] = JS
    files["event"]["social-links"][0]["link"] = JS
    files["tracks"][0]["color"] = "red; background: url(x)"
    return files


def raw_zip(files):
    """zip_bytes, but NaN/Infinity written as bare JSON constants (what Python's json emits for floats)."""
    files = dict(files)
    files["event"] = json.dumps({**files["event"], "latitude": float("nan"), "longitude": float("inf")})
    return zip_bytes(files)


@pytest.mark.parametrize("writer", [zip_bytes, raw_zip])
def test_values_the_api_refuses_are_never_stored_as_given(writer):
    outcome = import_archive(io.BytesIO(writer(hostile_values())), UserFactory())
    event = Event.all_objects.get(pk=outcome.event.pk)
    assert event.external_event_url is None and event.ticket_url is None
    assert event.paypal_email is None
    assert event.is_featured is False and event.is_promoted is False
    assert event.latitude is None and event.longitude is None
    assert event.owner_name == "Organizer"
    assert event.timezone == "UTC"
    ada = event.speakers.get(name="Ada")
    assert (ada.website, ada.email, ada.gender) == (None, None, None)
    hello = event.sessions.get(title="Hello world")
    assert hello.video_url is None and hello.ends_at is None and hello.slides is None and hello.level is None
    assert event.sponsors.get().url is None
    assert event.social_links.count() == 0
    assert event.tracks.get().color == "#cccccc"
    for value in (*event.__dict__.values(), *ada.__dict__.values(), *hello.__dict__.values()):
        assert not (isinstance(value, str) and ("javascript:" in value or "\x00" in value))
        assert not (isinstance(value, float) and not math.isfinite(value))
    fields = {(w["file"], w["field"]) for w in outcome.warnings}
    assert {
        ("event", "external-event-url"),
        ("event", "ticket-url"),
        ("event", "paypal-email"),
        ("event", "is-featured"),
        ("event", "is-promoted"),
        ("event", "latitude"),
        ("event", "longitude"),
        ("event", "owner-name"),
        ("speakers", "website"),
        ("speakers", "email"),
        ("speakers", "gender"),
        ("sessions", "video-url"),
        ("sessions", "ends-at"),
        ("sessions", "slides"),
        ("sponsors", "url"),
        ("event", "link"),
    } <= fields
    # the public event list still answers (NaN coordinates once broke it for everyone)
    from tests.conftest import Api

    assert Api(None).get("/v1/events").status_code == 200


def test_an_administrator_may_import_promotion_flags():
    admin = UserFactory(is_admin=True)
    files = published_sample()
    files["event"].update({"is-featured": True, "is-promoted": True})
    outcome = import_archive(io.BytesIO(zip_bytes(files)), admin)
    assert outcome.event.is_featured and outcome.event.is_promoted
