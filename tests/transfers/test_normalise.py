"""The format normaliser: pure, so these run without a database."""

import datetime as dt

import pytest

from tests.factories.transfers import published_sample
from transfers.normalise import NormaliseError, normalise, parse_length


def json_only(files):
    return {k: v for k, v in files.items() if "/" not in k}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00:30", "00:30"),
        ("01.00", "01:00"),
        ("00.15", "00:15"),
        (0.3, "00:30"),
        (1.5, "01:50"),
        ("1:5", "01:05"),
        (2, "02:00"),
        ("", None),
        (None, None),
    ],
)
def test_parse_length_accepts_every_years_shape(raw, expected):
    assert parse_length(raw) == expected


@pytest.mark.parametrize("raw", ["half an hour", "25:00", True, "1:2:3:4", [1]])
def test_parse_length_refuses_nonsense(raw):
    with pytest.raises(ValueError):
        parse_length(raw)


def test_published_format_is_normalised():
    data = normalise(json_only(published_sample()))
    assert data.event["name"] == "Tiny Conf"
    assert data.event["starts_at"] == dt.datetime(2030, 3, 18, 1, 30, tzinfo=dt.UTC)
    assert data.counts()["sessions"] == 2
    assert data.collections["session_types"][0]["length"] == "00:30"
    assert data.collections["microlocations"][0]["floor"] == 1
    assert data.collections["sponsors"][0]["level"] == 2
    assert data.collections["speakers"][0]["is_featured"] is True
    # links from the speaker side (Ada→10) and the session side (11→Bob)
    assert data.links == {(10, 20), (11, 21)}
    # references: nested objects, bare ids, and the track listing its sessions
    assert data.references[10] == {"session_type": 5, "microlocation": 3, "track": 4}
    assert data.references[11] == {"track": 4}
    assert len(data.social_links) == 1
    assert data.speakers_call["announcement"] == "Send talks"
    assert {f["field_identifier"] for f in data.forms} == {"title", "shortBiography"}


def test_naive_datetimes_are_read_in_the_event_time_zone():
    data = normalise(json_only(published_sample()))
    session = data.collections["sessions"][1]
    assert session["starts_at"] == dt.datetime(2030, 3, 18, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_unknown_keys_are_reported_not_fatal():
    data = normalise(json_only(published_sample()))
    assert any("mystery-key" in w["message"] for w in data.warnings)


def test_old_snake_case_names_are_mapped():
    files = {
        "event": {
            "name": "OTS",
            "start_time": "2016-05-05T09:00:00+02:00",
            "organizer_name": "F",
            "logo": "/images/l.png",
            "call_for_papers": {"start_date": "2016-05-01T19:30:00+02:00", "end_date": "2016-05-04T20:30:00+02:00"},
        },
        "sessions": [
            {
                "id": 1,
                "title": "T",
                "start_time": "2016-05-05T09:30:00+02:00",
                "audio": "audio/a.mp3",
                "slides": "https://x/s.pdf",
                "session_type": {"id": 9, "name": "Workshop", "length": 0.3},
            }
        ],
        "sponsors": [{"id": 1, "name": "S", "sponsor_type": "Gold", "logo": "/images/s.png"}],
    }
    data = normalise(files)
    assert data.event["owner_name"] == "F" and data.event["logo_url"] == "/images/l.png"
    assert data.speakers_call["starts_at"].year == 2016
    session = data.collections["sessions"][0]
    assert session["audio_url"] == "audio/a.mp3" and session["slides_url"] == "https://x/s.pdf"
    # the session type exists only inside the session: created from that reference
    assert data.collections["session_types"][0]["name"] == "Workshop"
    assert data.collections["sponsors"][0]["type"] == "Gold"
    assert any(w["action"] == "created record" and w["field"] == "session-type" for w in data.warnings)


def test_original_exports_with_id_foreign_keys():
    files = {
        "event": {"id": 5, "name": "D", "event_type_id": 3, "has_owner_info": None, "is_map_shown": None},
        "tracks": [{"id": 58, "name": "General", "color": "#BF532E", "event_id": 5}],
        "sessions": [{"id": 927, "title": "Lunch", "track_id": 58, "session_type_id": None, "event_id": 5}],
    }
    data = normalise(files)
    assert data.references[927] == {"track": 58}
    assert data.event["has_owner_info"] is False
    assert data.links == set()


def test_dangling_references_are_dropped_with_a_warning():
    files = {"event": {"name": "E"}, "sessions": [{"id": 1, "title": "T", "track": 99}]}
    data = normalise(files)
    assert data.references[1] == {}
    (warning,) = [w for w in data.warnings if w["field"] == "track"]
    assert warning["record"] == 1 and warning["value"] == 99 and warning["action"] == "dropped value"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"event": []}, "'event' must hold one JSON object"),
        ({"event": {"description": "no name"}}, "no name"),
        ({"event": {"name": " "}}, "no name"),
    ],
)
def test_an_archive_without_a_usable_event_is_refused(files, message):
    with pytest.raises(NormaliseError, match=message):
        normalise(files)


@pytest.mark.parametrize(
    ("files", "file", "record", "field"),
    [
        (
            {"event": {"name": "E"}, "sessions": [{"id": 1, "title": "T", "starts-at": "yesterday"}]},
            "sessions",
            1,
            "starts-at",
        ),
        (
            {"event": {"name": "E"}, "microlocations": [{"id": 1, "name": "R", "floor": "first"}]},
            "microlocations",
            1,
            "floor",
        ),
        ({"event": {"name": "E", "latitude": [1]}}, "event", None, "latitude"),
        (
            {"event": {"name": "E"}, "session_types": [{"id": 1, "name": "T", "length": "forever"}]},
            "session_types",
            1,
            "length",
        ),
    ],
)
def test_an_unreadable_value_is_dropped_and_its_record_kept(files, file, record, field):
    data = normalise(files)
    (warning,) = [w for w in data.warnings if w["field"] == field]
    assert (warning["file"], warning["record"], warning["action"]) == (file, record, "dropped value")
    assert sum(data.counts().values()) == sum(len(v) for k, v in files.items() if k != "event")


def test_a_record_that_is_not_an_object_is_skipped():
    data = normalise({"event": {"name": "E"}, "speakers": ["Ada", {"id": 2, "name": "Bob"}]})
    assert [r["name"] for r in data.collections["speakers"]] == ["Bob"]
    assert [(w["record"], w["action"]) for w in data.warnings] == [(0, "skipped record")]


def test_duplicate_ids_keep_both_records():
    files = {"event": {"name": "E"}, "sessions": [{"id": 1, "title": "A"}, {"id": 1, "title": "A"}]}
    data = normalise(files)
    assert data.counts()["sessions"] == 2


def test_normalise_is_fast_for_a_big_event():
    import time

    sessions = [
        {"id": i, "title": f"S{i}", "starts-at": "2030-01-01T10:00:00+00:00", "speakers": [i]} for i in range(5000)
    ]
    speakers = [{"id": i, "name": f"P{i}"} for i in range(5000)]
    start = time.perf_counter()
    data = normalise({"event": {"name": "E"}, "sessions": sessions, "speakers": speakers})
    assert len(data.links) == 5000
    assert time.perf_counter() - start < 3


def test_plain_text_skips_the_sanitizer_only_where_it_would_come_out_unchanged():
    import random
    import string

    from eventyay.html import clean_html
    from transfers.bulk import clean_rich_text

    rng = random.Random(16)
    alphabet = string.printable + "éü✓\u2028\xa0"
    samples = ["<script>x</script>hi", "a & b", "x\r\ny", "1 < 2", "nbsp\xa0here", "<p>ok</p>"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    for text in samples:
        assert clean_rich_text(text) == clean_html(text), repr(text)
