"""Every real archive in ../shared/data imports, with counts equal to the files."""

import json
import zipfile

import pytest

from events.models import Session
from tests.conftest import Api
from tests.factories import UserFactory
from transfers.importer import import_archive
from transfers.values import ref_id as _ref_id

pytestmark = pytest.mark.django_db


def zips(folder):
    from tests.conftest import SHARED_DATA

    return sorted(p.name for p in (SHARED_DATA / folder).glob("*.zip")) if (SHARED_DATA / folder).is_dir() else []


def expected_counts(path):
    """Count records straight from the files (independently of the normaliser)."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())

        def load(name):
            return json.loads(archive.read(name)) if name in names else []

        sessions, forms = load("sessions"), load("forms")
        counts = {name: len(load(name)) for name in ("microlocations", "tracks", "speakers", "sponsors")}
        counts["sessions"] = len(sessions)
        session_types = load("session_types")
        named = {_ref_id(s.get("session_type") or s.get("session-type")) for s in sessions} - {None}
        counts["session_types"] = len(session_types) or len(named)
        legacy = [f for f in forms if "session_form" in f or "session-form" in f]
        counts["forms"] = (
            sum(len(json.loads(v)) for f in legacy for k, v in f.items() if k.replace("-", "_").endswith("_form"))
            if legacy
            else len(forms)
        )
        event = json.loads(archive.read("event"))
        counts["social_links"] = len(event.get("social-links") or event.get("social_links") or [])
    return counts


def actual_counts(event):
    return {
        "microlocations": event.microlocations.count(),
        "tracks": event.tracks.count(),
        "speakers": event.speakers.count(),
        "sponsors": event.sponsors.count(),
        "sessions": event.sessions.count(),
        "session_types": event.session_types.count(),
        "forms": event.custom_forms.count(),
        "social_links": event.social_links.count(),
    }


@pytest.mark.parametrize("name", zips("open-event-samples") or ["(absent)"])
def test_published_samples_import_with_equal_counts(shared_data, name):
    path = shared_data / "open-event-samples" / name
    with open(path, "rb") as handle:
        outcome = import_archive(handle, UserFactory())
    assert actual_counts(outcome.event) == expected_counts(path)


@pytest.mark.parametrize("name", zips("open-event-server-exports") or ["(absent)"])
def test_original_server_exports_import_with_equal_counts(shared_data, name):
    path = shared_data / "open-event-server-exports" / name
    with open(path, "rb") as handle:
        outcome = import_archive(handle, UserFactory())
    event = outcome.event
    assert actual_counts(event) == expected_counts(path)
    with zipfile.ZipFile(path) as archive:
        sessions = json.loads(archive.read("sessions"))
    # *_id foreign keys are mapped to the new rows, not dropped (the original's own round trip loses them)
    with_track = sum(1 for s in sessions if s.get("track_id"))
    assert event.sessions.filter(track__isnull=False).count() == with_track


def test_fossasia_2016_links_and_media(shared_data):
    path = shared_data / "open-event-samples" / "FOSSASIASummit2016.zip"
    with open(path, "rb") as handle:
        outcome = import_archive(handle, UserFactory())
    event = outcome.event
    links = Session.speakers.through.objects.filter(session__event=event).count()
    assert links > 250
    opening = event.sessions.get(title="Grand Opening")
    assert "Hong Phuc Dang" in set(opening.speakers.values_list("name", flat=True))
    assert opening.track.name == "OpenTech and IoT" and opening.microlocation.name == "Dalton Hall"
    assert event.speakers.exclude(photo_url=None).count() > 100
    assert event.speakers_calls.count() == 1


def test_sample_through_the_api(shared_data, jobs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = UserFactory()
    api = Api(user)
    data = (shared_data / "open-event-samples" / "FOSSASIASummit2014.zip").read_bytes()
    with jobs.enqueue():
        response = api.post_multipart("/v1/events/import/json", {"file": SimpleUploadedFile("f.zip", data)})
    jobs.run()
    body = api.get(response.json()["task_url"]).json()
    assert body["state"] == "SUCCESS"
    assert body["result"]["counts"]["sessions"] == 5
