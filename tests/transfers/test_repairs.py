"""Messy archives: each kind of defect real published archives have is repaired or dropped, named in a warning,
and the rest of the archive is imported."""

import io
import json

import pytest

from tests.factories import UserFactory
from tests.factories.transfers import published_sample, zip_bytes
from transfers.importer import import_archive
from transfers.normalise import parse_length

pytestmark = pytest.mark.django_db


def run(files):
    return import_archive(io.BytesIO(zip_bytes(files)), UserFactory())


def warnings_for(outcome, file=None, field=None):
    return [
        w for w in outcome.warnings if (file is None or w["file"] == file) and (field is None or w["field"] == field)
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00:30", "00:30"),
        ("1:30", "01:30"),
        ("00:60", "01:00"),
        ("00:75", "01:15"),
        ("00.45", "00:45"),
        ("03.00", "03:00"),
        ("01.50", "01:50"),
        ("00.2 Hour", "00:20"),
        ("00.20 minutes", "00:20"),
        ("45 minutes", "00:45"),
        ("90 min", "01:30"),
        ("00:30:00", "00:30"),
        (0.3, "00:30"),
        (1, "01:00"),
    ],
)
def test_durations_in_every_spelling_seen(raw, expected):
    assert parse_length(raw) == expected


def test_session_type_lengths_are_repaired_and_reported():
    files = published_sample()
    files["session_types"] = [
        {"id": 5, "name": "Talk", "length": "00:60"},
        {"id": 6, "name": "Workshop", "length": "00.2 Hour"},
        {"id": 7, "name": "Keynote", "length": "forever"},
    ]
    outcome = run(files)
    lengths = dict(outcome.event.session_types.values_list("name", "length"))
    assert lengths == {"Talk": "01:00", "Workshop": "00:20", "Keynote": "00:30"}
    found = {(w["record"], w["value"], w["action"]) for w in warnings_for(outcome, "session_types", "length")}
    assert found == {(5, "00:60", "repaired"), (6, "00.2 Hour", "repaired"), (7, "forever", "dropped value")}
    assert outcome.event.sessions.count() == 2


def test_malformed_date_times_in_an_optional_object_drop_the_object_not_the_archive():
    files = published_sample()
    files["event"]["speakers-call"] = {
        "announcement": "Send talks",
        "starts-at": "2010-11-12T9:00:00+07:00",
        "ends-at": "2010-11-14T115:30:00+07:00",
    }
    outcome = run(files)
    (call,) = outcome.event.speakers_calls.all()  # the archive's is dropped: the event has the undated default
    assert call.announcement is None and call.starts_at is None
    by_field = {w["field"]: w for w in warnings_for(outcome, "event") if w["record"] == "speakers-call"}
    assert by_field["starts-at"]["action"] == "repaired"
    assert by_field["starts-at"]["result"].startswith("2010-11-12T")
    assert by_field["ends-at"]["value"] == "2010-11-14T115:30:00+07:00"
    assert by_field["ends-at"]["action"] == "dropped value"
    assert outcome.event.sessions.count() == 2


def test_an_unpadded_hour_is_repaired_in_a_session():
    files = published_sample()
    files["sessions"][0]["starts-at"] = "2030-03-18T9:00:00+08:00"
    outcome = run(files)
    session = outcome.event.sessions.get(title="Hello")
    assert session.starts_at.isoformat() == "2030-03-18T01:00:00+00:00"
    (warning,) = warnings_for(outcome, "sessions", "starts-at")
    assert warning["record"] == 10 and warning["action"] == "repaired"


def test_an_all_null_optional_object_is_left_out_with_a_note():
    files = published_sample()
    files["event"]["speakers-call"] = {"announcement": None, "starts-at": None, "ends-at": None, "privacy": None}
    outcome = run(files)
    (call,) = outcome.event.speakers_calls.all()  # the archive's is dropped: the event has the undated default
    assert call.announcement is None and call.starts_at is None
    (warning,) = [w for w in outcome.warnings if w["record"] == "speakers-call"]
    assert "empty" in warning["message"]


def test_a_missing_comma_between_objects_is_repaired():
    files = published_sample()
    text = json.dumps(files["speakers"], indent=1)
    files["speakers"] = text.replace("},\n {", "}\n {", 1).encode()
    assert b"}\n {" in files["speakers"]
    outcome = run(files)
    assert outcome.event.speakers.count() == 2
    (warning,) = warnings_for(outcome, "speakers")
    assert warning["action"] == "repaired" and "missing comma" in warning["message"]


def test_a_trailing_comma_is_repaired():
    files = published_sample()
    files["tracks"] = b'[{"id": 4, "name": "Web", "color": "#abc",},]'
    outcome = run(files)
    assert outcome.event.tracks.count() == 1
    assert {w["message"].split(": ")[-1] for w in warnings_for(outcome, "tracks")} == {"removed a trailing comma."}


def test_json_that_cannot_be_repaired_skips_that_file_only():
    files = published_sample()
    files["sponsors"] = b'[{"id": 30, "name": ACME}]'
    outcome = run(files)
    assert outcome.event.sponsors.count() == 0
    assert outcome.event.sessions.count() == 2 and outcome.event.speakers.count() == 2
    assert [w["action"] for w in warnings_for(outcome, "sponsors")] == ["skipped file"]


def test_a_file_holding_records_of_another_kind_keeps_only_its_own():
    files = published_sample()
    files["session_types"] = [
        {"id": 5, "name": "Talk", "length": "00:30"},
        {"id": 90, "name": "Hall B", "floor": 2, "latitude": 1.3, "longitude": 103.8, "room": "B"},
    ]
    outcome = run(files)
    assert list(outcome.event.session_types.values_list("name", flat=True)) == ["Talk"]
    (warning,) = warnings_for(outcome, "session_types")
    assert warning["record"] == 90 and warning["action"] == "skipped record" and "microlocations" in warning["message"]


def test_nested_references_to_missing_rows_create_them():
    files = published_sample()
    files["tracks"] = []
    files["sessions"][1]["track"] = {"id": 44, "name": "Data", "color": "#123456"}
    files["sessions"][0]["session-type"] = {"id": 55, "name": "Lightning", "length": 0.1}
    outcome = run(files)
    event = outcome.event
    assert event.sessions.get(title="World").track.name == "Data"
    assert event.sessions.get(title="Hello").session_type.length == "00:10"
    created = {(w["record"], w["field"]) for w in outcome.warnings if w["action"] == "created record"}
    assert {(11, "track"), (10, "session-type")} <= created


def test_ids_as_strings_or_numbers_refer_to_the_same_record():
    files = published_sample()
    files["microlocations"] = [{"id": "3", "name": "Hall A"}]
    files["sessions"][0]["microlocation"] = {"id": 3}
    files["sessions"][1]["microlocation"] = "3"
    outcome = run(files)
    assert outcome.event.sessions.filter(microlocation__name="Hall A").count() == 2
    assert outcome.event.microlocations.count() == 1


def test_duplicated_ids_keep_both_records_and_say_so():
    files = published_sample()
    files["sponsors"].append(dict(files["sponsors"][0]))
    outcome = run(files)
    assert outcome.event.sponsors.count() == 2
    (warning,) = warnings_for(outcome, "sponsors", "id")
    assert warning["record"] == 30 and "earlier record" in warning["message"]


def test_references_to_records_that_do_not_exist_are_dropped_per_record():
    files = published_sample()
    files["sessions"][0]["speakers"] = [{"id": 999}]
    files["sessions"][1]["track"] = 77
    outcome = run(files)
    dropped = {(w["record"], w["field"], str(w["value"])) for w in outcome.warnings if w["action"] == "dropped value"}
    assert (10, "speakers", "{'id': 999}") in dropped and (11, "track", "77") in dropped
    assert outcome.event.sessions.count() == 2 and outcome.event.sessions.get(title="World").track is None


def test_a_record_missing_what_makes_it_one_is_skipped_and_the_rest_kept():
    files = published_sample()
    files["sessions"].append({"id": 12, "title": "", "state": "accepted"})
    outcome = run(files)
    assert outcome.event.sessions.count() == 2
    (warning,) = warnings_for(outcome, "sessions", "title")
    assert warning["record"] == 12 and warning["action"] == "skipped record"


def test_counts_equal_the_records_of_each_kind_in_the_files():
    files = published_sample()
    files["session_types"].append({"id": 91, "name": "Room", "floor": 1, "latitude": 2.0, "room": "x"})
    files["tracks"].append({"id": 9, "name": "Ops", "color": "not a colour"})
    outcome = run(files)
    assert outcome.counts["session_types"] == 1 == outcome.event.session_types.count()
    assert outcome.counts["tracks"] == 2 == outcome.event.tracks.count()
    assert outcome.event.tracks.get(name="Ops").color == "#cccccc"


def test_too_many_records_refuse_the_archive_with_a_clear_message(settings):
    from events.models import Event
    from transfers.normalise import NormaliseError

    settings.TRANSFERS_MAX_RECORDS = 3
    files = published_sample()
    files["sessions"] = [{"id": i, "title": f"T{i}"} for i in range(4)]
    with pytest.raises(NormaliseError, match="at most 3 of each kind"):
        run(files)
    assert Event.all_objects.count() == 0


def test_a_second_speaker_with_the_same_email_keeps_no_email():
    files = published_sample()
    files["speakers"][1]["email"] = "ADA@example.org"
    outcome = run(files)
    assert outcome.event.speakers.count() == 2
    assert outcome.event.speakers.get(name="Bob").email is None
    (warning,) = warnings_for(outcome, "speakers", "email")
    assert warning["record"] == 21 and warning["value"] == "ADA@example.org"
