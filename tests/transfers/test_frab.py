"""frab/Pentabarf schedule XML import: conference → event, rooms, tracks, types, sessions and persons."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from events.models import Event, Session
from tests.conftest import Api
from tests.factories import UserFactory
from transfers.frab import import_schedule, read_schedule
from transfers.normalise import NormaliseError

pytestmark = pytest.mark.django_db
SCHEDULE = Path(__file__).parent / "schedules" / "harbour-conf.xml"


def test_a_schedule_becomes_an_event_with_its_programme():
    outcome = import_schedule(SCHEDULE.read_bytes(), UserFactory())
    event = outcome.event
    assert (event.name, event.timezone, event.state) == ("Harbour Conf 2030", "Europe/Berlin", "draft")
    assert event.starts_at.isoformat() == "2030-05-14T07:00:00+00:00"
    assert event.ends_at.isoformat() == "2030-05-15T16:00:00+00:00"
    assert set(event.microlocations.values_list("name", flat=True)) == {"Lighthouse", "Boathouse"}
    assert set(event.tracks.values_list("name", flat=True)) == {"Community", "Databases"}
    assert dict(event.session_types.values_list("name", "length")) == {
        "Keynote": "00:45",
        "Talk": "00:30",
        "Workshop": "01:30",
    }
    assert event.sessions.count() == 5 and event.speakers.count() == 3
    opening = event.sessions.get(title="Opening: Ships, Sails and Software")
    assert opening.microlocation.name == "Lighthouse" and opening.track.name == "Community"
    assert opening.session_type.name == "Keynote" and opening.state == "confirmed"
    assert (opening.ends_at - opening.starts_at).total_seconds() == 45 * 60
    assert set(opening.speakers.values_list("name", flat=True)) == {"Marit Olsen", "Jonas Berg"}
    assert opening.long_abstract == "<p>Ten years of the conference, in one talk.</p>"
    assert event.speakers.get(name="Jonas Berg").sessions.count() == 2
    assert outcome.counts["sessions"] == 5


def test_defects_in_a_schedule_are_repaired_and_reported_like_a_zips():
    outcome = import_schedule(SCHEDULE.read_bytes(), UserFactory())
    event = outcome.event
    lightning = event.sessions.get(title="Lightning talks")
    assert lightning.starts_at.isoformat() == "2030-05-15T07:00:00+00:00"
    assert (lightning.ends_at - lightning.starts_at).total_seconds() == 75 * 60
    closing = event.sessions.get(title="Closing")
    assert closing.ends_at is None and closing.track is None
    found = {(w["record"], w["field"], w["action"]) for w in outcome.warnings}
    assert (104, "date", "repaired") in found
    assert (105, "duration", "dropped value") in found


def test_read_schedule_gives_the_open_event_shape():
    files = read_schedule(SCHEDULE.read_bytes())
    assert files["event"]["name"] == "Harbour Conf 2030"
    assert [s["id"] for s in files["sessions"]] == [101, 102, 103, 104, 105]
    assert files["sessions"][0]["speakers"] == [{"id": "7"}, {"id": "8"}]


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]><schedule>&a;</schedule>', "DTD or entities"),
        (b"<schedule><conference><title>x</title>", "not well-formed"),
        (b"<html><body/></html>", "not <schedule>"),
        (b"<schedule><day/></schedule>", "no <conference>"),
        (b"<schedule><conference><acronym/></conference></schedule>", "no name"),
    ],
)
def test_a_hostile_or_foreign_xml_is_refused_with_nothing_written(xml, message):
    with pytest.raises(NormaliseError, match=message):
        import_schedule(xml, UserFactory())
    assert Event.all_objects.count() == 0


@pytest.mark.parametrize("source_type", ["pentabarf", "frab"])
def test_schedule_import_through_the_api(jobs, source_type):
    api = Api(UserFactory())
    upload = SimpleUploadedFile("schedule.xml", SCHEDULE.read_bytes(), content_type="application/xml")
    with jobs.enqueue():
        response = api.post_multipart(f"/v1/events/import/{source_type}", {"file": upload})
    assert response.status_code == 200
    jobs.run()
    body = api.get(response.json()["task_url"]).json()
    assert body["state"] == "SUCCESS"
    assert body["result"]["counts"]["sessions"] == 5
    assert Session.objects.filter(event__identifier=body["result"]["identifier"]).count() == 5


def test_a_zip_sent_as_a_schedule_is_404_like_other_wrong_types():
    api = Api(UserFactory())
    response = api.post_multipart("/v1/events/import/pentabarf", {"file": SimpleUploadedFile("e.zip", b"PK")})
    assert response.status_code == 404


def test_schedule_import_with_the_command(tmp_path):
    owner = UserFactory()
    out, err = io.StringIO(), io.StringIO()
    call_command("import_event", str(SCHEDULE), "--owner", owner.email, stdout=out, stderr=err)
    event = Event.all_objects.get(name="Harbour Conf 2030")
    assert event.owner == owner and event.sessions.count() == 5
    assert "warning: schedule.xml record 105 field duration" in err.getvalue()
