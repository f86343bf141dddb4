"""Each schedule format parsed back with a real reader, public versus private content, and query counts."""

import csv
import io
import pathlib
import zoneinfo

import icalendar
import pytest
from lxml import etree
from pypdf import PdfReader

from tests.factories import EventFactory
from tests.factories.schedule import many_sessions, programme
from transfers.exporters import FORMATS, export

pytestmark = pytest.mark.django_db
XSD = etree.XMLSchema(etree.parse(str(pathlib.Path(__file__).with_name("frab_schedule.xsd"))))
XCAL = "{urn:ietf:params:xml:ns:icalendar-2.0}"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def prog(db):
    return programme()


def test_ical_parses_with_the_rfc_properties_and_only_public_sessions(prog):
    content = export(prog.event, "ical")
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == {prog.accepted.title, prog.confirmed.title}
    for vevent in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND"):  # RFC 5545 §3.6.1 (DTEND: ours always has one)
            assert name in vevent
    engine = next(e for e in events if str(e["SUMMARY"]) == "Engines of Thought")
    assert engine["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert engine.decoded("DTSTART") == prog.accepted.starts_at.astimezone(BERLIN)
    assert engine.decoded("DTSTART").utcoffset() == prog.accepted.starts_at.astimezone(BERLIN).utcoffset()
    assert str(engine["LOCATION"]) == "Hall A"
    assert str(engine["DESCRIPTION"]) == "Notes on the engine & its cards"
    assert [t.params["TZID"] if hasattr(t, "params") else t["TZID"] for t in calendar.walk("VTIMEZONE")] == [
        "Europe/Berlin"
    ]
    assert b"Secret Pending" not in content and b"hidden@example.org" not in content and b"ada@" not in content


def test_ical_uids_are_stable_across_exports_and_unique(prog):
    first = [str(e["UID"]) for e in icalendar.Calendar.from_ical(export(prog.event, "ical")).walk("VEVENT")]
    prog.accepted.title = "Renamed"
    prog.accepted.save()
    second = [str(e["UID"]) for e in icalendar.Calendar.from_ical(export(prog.event, "ical")).walk("VEVENT")]
    assert sorted(first) == sorted(second) and len(set(first)) == 2


def test_xcal_is_rfc_6321_xml_with_the_same_events(prog):
    root = etree.fromstring(export(prog.event, "xcal"))
    assert root.tag == f"{XCAL}icalendar"
    vcalendar = root.find(f"{XCAL}vcalendar")
    props = vcalendar.find(f"{XCAL}properties")
    assert props.find(f"{XCAL}version/{XCAL}text").text == "2.0"
    assert props.find(f"{XCAL}prodid/{XCAL}text").text
    components = vcalendar.find(f"{XCAL}components")
    assert components.find(f"{XCAL}vtimezone/{XCAL}properties/{XCAL}tzid/{XCAL}text").text == "Europe/Berlin"
    vevents = components.findall(f"{XCAL}vevent")
    titles = {v.find(f"{XCAL}properties/{XCAL}summary/{XCAL}text").text for v in vevents}
    assert titles == {prog.accepted.title, prog.confirmed.title}
    summary = f"{XCAL}properties/{XCAL}summary/{XCAL}text"
    engine = next(v for v in vevents if v.findtext(summary) == "Engines of Thought")
    p = engine.find(f"{XCAL}properties")
    for name in ("uid", "dtstamp", "dtstart"):
        assert p.find(f"{XCAL}{name}") is not None
    start = p.find(f"{XCAL}dtstart")
    assert start.findtext(f"{XCAL}parameters/{XCAL}tzid/{XCAL}text") == "Europe/Berlin"
    local = prog.accepted.starts_at.astimezone(BERLIN)
    assert start.findtext(f"{XCAL}date-time") == local.strftime("%Y-%m-%dT%H:%M:%S")
    assert p.findtext(f"{XCAL}location/{XCAL}text") == "Hall A"
    ical_uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(export(prog.event, "ical")).walk("VEVENT")}
    assert {v.findtext(f"{XCAL}properties/{XCAL}uid/{XCAL}text") for v in vevents} == ical_uids


def test_pentabarf_validates_against_the_schedule_schema(prog):
    document = etree.fromstring(export(prog.event, "pentabarf"))
    XSD.assertValid(document)
    assert document.findtext("conference/title") == prog.event.name
    events = document.findall("day/room/event")
    assert {e.findtext("title") for e in events} == {prog.accepted.title, prog.confirmed.title}
    engine = next(e for e in events if e.findtext("title") == "Engines of Thought")
    local = prog.accepted.starts_at.astimezone(BERLIN)
    assert engine.getparent().get("name") == "Hall A" and engine.findtext("room") == "Hall A"
    assert engine.getparent().getparent().get("date") == local.date().isoformat()
    assert engine.findtext("start") == local.strftime("%H:%M") and engine.findtext("duration") == "00:45"
    assert engine.findtext("track") == "Open Hardware" and engine.findtext("type") == "Talk"
    assert engine.findtext("subtitle") == "A first program" and engine.findtext("language") == "English"
    assert engine.findtext("abstract") == "Notes on the engine & its cards"
    assert [p.text for p in engine.findall("persons/person")] == ["Ada Lovelace"]
    assert engine.get("id") == str(prog.accepted.pk) and len(engine.get("guid")) == 36
    again = etree.fromstring(export(prog.event, "pentabarf"))
    assert {e.get("guid") for e in again.findall("day/room/event")} == {e.get("guid") for e in events}
    # days run over the whole event, one index each
    days = document.findall("day")
    assert [d.get("index") for d in days] == [str(i) for i in range(1, len(days) + 1)]
    assert document.findtext("conference/days") == str(len(days))


def test_pentabarf_of_an_event_without_sessions_is_still_valid():
    XSD.assertValid(etree.fromstring(export(EventFactory(), "pentabarf")))


def _csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def test_sessions_csv_has_the_original_columns_answers_and_every_live_session(prog):
    rows = _csv(export(prog.event, "csv-sessions"))
    header = rows[0]
    assert header[:3] == ["Session Title", "Session Starts At", "Session Ends At"] and header[-1] == "T-shirt size"
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {
        "Engines of Thought (accepted)",
        '\'=HYPERLINK("http://evil") (confirmed)',  # formula neutralised
        "Secret Pending Talk (pending)",
    }
    pending = by_title["Secret Pending Talk (pending)"]
    assert pending["Speaker Emails"] == "hidden@example.org" and pending["T-shirt size"] == "XL"
    assert pending["Status"] == "pending"
    engine = by_title["Engines of Thought (accepted)"]
    assert engine["Session Abstract Short"] == "Notes on the engine & its cards"
    assert engine["Session Track"] == "Open Hardware" and engine["Talk Length"] == "00:45"


def test_sessions_csv_by_status(prog):
    rows = _csv(export(prog.event, "csv-sessions", status="pending"))
    assert [r[0] for r in rows[1:]] == ["Secret Pending Talk (pending)"]


def test_speakers_csv_lists_sessions_and_filters(prog):
    rows = _csv(export(prog.event, "csv-speakers"))
    header = rows[0]
    assert header[:3] == ["Speaker Name", "Speaker Email", "Speaker Session(s)"]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["Ada Lovelace"]["Speaker Email"] == "ada@example.org"
    assert by_name["Ada Lovelace"]["Speaker Mobile"] == "'+49 30 1234"  # a leading + is quoted too (OWASP)
    assert "Engines of Thought (accepted)" in by_name["Ada Lovelace"]["Speaker Session(s)"]
    assert set(by_name) == {"Ada Lovelace", "Hidden Person"}
    pending_only = _csv(export(prog.event, "csv-speakers", status="pending"))
    assert [r[0] for r in pending_only[1:]] == ["Hidden Person"]


def _pdf_text(content):
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_sessions_pdf_reads_back_day_time_room_title_speakers(prog):
    text = _pdf_text(export(prog.event, "pdf-sessions"))
    local = prog.accepted.starts_at.astimezone(BERLIN)
    assert local.strftime("%A, %d %B %Y") in text
    assert local.strftime("%H:%M") in text
    for expected in ("Hall A", "Engines of Thought", "Ada Lovelace", "Secret Pending Talk", "pending"):
        assert expected in text
    assert "Deleted Talk" not in text


def test_speakers_pdf_reads_back_names_and_sessions(prog):
    text = _pdf_text(export(prog.event, "pdf-speakers"))
    for expected in ("Ada Lovelace", "Analytical", "Engines of Thought", "ada@example.org", "Hidden Person"):
        assert expected in text


def test_pdf_prints_non_latin_names(prog):
    prog.public_speaker.name = "Đặng Thị Ngọc Ánh Жанна"
    prog.public_speaker.save()
    assert "Đặng Thị Ngọc Ánh Жанна" in _pdf_text(export(prog.event, "pdf-speakers"))


@pytest.mark.parametrize("name", list(FORMATS))
def test_queries_do_not_grow_with_the_programme(name, django_assert_num_queries):
    small, large = EventFactory(), EventFactory()
    many_sessions(small, 1)
    many_sessions(large, 50)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        export(small, name)
    with django_assert_num_queries(len(one)):
        content = export(large, name)
    assert len(one) <= 7
    assert content


@pytest.mark.parametrize("name", ["xcal", "pentabarf", "ical"])
def test_control_characters_in_titles_do_not_break_the_files(prog, name):
    prog.accepted.title = "Bell\x07 and\x0b tab\tkept"
    prog.accepted.save()
    prog.public_speaker.name = "Escape\x1b Name"  # (PostgreSQL cannot store a NUL; the import drops those)
    prog.public_speaker.save()
    content = export(prog.event, name)
    if name == "ical":
        titles = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT")}
        assert any(t.startswith("Bell") for t in titles)
    else:
        assert b"Bell and tab\tkept" in content and b"Escape Name" in content
        etree.fromstring(content)


def test_pentabarf_names_the_time_zone_and_links_the_session(prog):
    document = etree.fromstring(export(prog.event, "pentabarf"))
    assert document.findtext("conference/time_zone_name") == "Europe/Berlin"
    assert document.find("generator").get("name") == "eventyay"
    engine = next(e for e in document.findall("day/room/event") if e.findtext("title") == "Engines of Thought")
    assert engine.findtext("url").endswith(f"/session/{prog.accepted.pk}")
