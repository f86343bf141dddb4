"""Importing a frab/Pentabarf schedule XML (what frab, pretalx and many conference tools export).

The XML is read into the same files an Open Event zip holds (`event`, `microlocations`,
`tracks`, `session_types`, `sessions`, `speakers`), then normalised and validated like them,
so the repairs and warnings are the same. Mapping: `<conference>` → the event; each day's
`<room>` → a microlocation; `<event>` → a session with its track, type, duration and
`<persons>` → speakers (one per person id). Parsing goes through defusedxml: no DTDs, no
entities, no network.

Entry points: `read_schedule(bytes)` → the files dict, and `import_schedule(fileobj_or_bytes,
user, progress, dry_run)` → an `ImportOutcome` like the zip import's.
"""

import datetime as dt
import re
import zoneinfo

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from eventyay.api import permissions as perms
from transfers.importer import ImportOutcome, write_import
from transfers.normalise import NormaliseError, normalise
from transfers.report import CREATED, DROPPED_VALUE, REPAIRED, Report
from transfers.values import parse_datetime_loose, parse_length, ref_id

FILE = "schedule.xml"
#: Track colours, in turn (frab has none; a track needs one).
PALETTE = ("#3dc8c3", "#f29d38", "#6a5acd", "#e05263", "#5aa05a", "#2f7ed8", "#c9a227", "#8e5ea2")
SOURCE_TYPES = ("pentabarf", "frab", "xml")


def _text(node, tag):
    child = node.find(tag)
    if child is None or child.text is None:
        return None
    text = child.text.strip()
    return text or None


def _duration_minutes(text):
    """`"01:30"`, `"0:45"`, `"00:30:00"` → minutes, or None."""
    try:
        length = parse_length(text)
    except ValueError:
        return None
    if length is None:
        return None
    hours, minutes = length.split(":")
    return int(hours) * 60 + int(minutes)


def _start(node, day_date, tz, report, record):
    """A session's start: `<date>` (full date-time), else the day's date with `<start>` (HH:MM)."""
    text = _text(node, "date")
    if text:
        try:
            parsed, repaired = parse_datetime_loose(text, tz)
        except ValueError:
            parsed = None
            report.add(FILE, record, "date", text, DROPPED_VALUE, "Not a date-time; the day and start are used.")
        else:
            if repaired:
                report.add(FILE, record, "date", text, REPAIRED, f"Read as {parsed.isoformat()}.", parsed.isoformat())
            return parsed
    start = _text(node, "start")
    if start and day_date:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", start)
        if match:
            try:
                day = dt.date.fromisoformat(day_date)
            except ValueError:
                return None
            return dt.datetime.combine(day, dt.time(int(match.group(1)) % 24, int(match.group(2))), tz)
    return None


def _conference(root, tz_name):
    conference = root.find("conference")
    if conference is None:
        raise NormaliseError("The schedule has no <conference>; it is not a frab/Pentabarf schedule.")
    event = {
        "id": _text(conference, "acronym"),
        "name": _text(conference, "title") or _text(conference, "acronym"),
        "timezone": tz_name,
        "external-event-url": _text(conference, "base_url") or _text(conference, "url"),
    }
    days = root.findall("day")
    starts = [d.get("start") for d in days if d.get("start")]
    ends = [d.get("end") for d in days if d.get("end")]
    event["starts-at"] = min(starts) if starts else _date_time(_text(conference, "start"))
    event["ends-at"] = max(ends) if ends else _date_time(_text(conference, "end"), end=True)
    return event


def _date_time(text, end=False):
    if not text:
        return None
    if "T" in text:
        return text
    return f"{text}T{'23:59:00' if end else '00:00:00'}"


def read_schedule(raw, report=None):
    """frab XML bytes → {"event": {...}, "sessions": [...], ...} in the Open Event (dashed) shape."""
    report = report if report is not None else Report()
    try:
        root = ElementTree.fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        raise NormaliseError("The schedule declares a DTD or entities; it is refused.") from None
    except ElementTree.ParseError as exc:
        raise NormaliseError(f"The file is not well-formed XML ({exc}).") from None
    if root.tag != "schedule":
        raise NormaliseError(f"The XML's root is <{root.tag}>, not <schedule>; it is not a frab/Pentabarf schedule.")
    conference = root.find("conference")
    tz_name = (_text(conference, "time_zone_name") if conference is not None else None) or "UTC"
    files = {"event": _conference(root, tz_name)}
    try:
        tz = zoneinfo.ZoneInfo(tz_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = dt.UTC  # the event's own check reports the bad name
    rooms, tracks, types, people, sessions = {}, {}, {}, {}, []
    type_lengths = {}
    for day in root.findall("day"):
        for room in day.findall("room"):
            room_name = (room.get("name") or "").strip()
            if room_name and room_name not in rooms:
                rooms[room_name] = {"id": len(rooms) + 1, "name": room_name, "position": len(rooms)}
            for node in room.findall("event"):
                sessions.append(
                    _session(node, day.get("date"), room_name, rooms, tracks, types, type_lengths, people, tz, report)
                )
    for name, row in types.items():
        lengths = type_lengths.get(name) or [30]
        minutes = min(set(lengths), key=lambda m: (-lengths.count(m), m))  # the most common (shortest on a tie)
        row["length"] = f"{minutes // 60:02d}:{minutes % 60:02d}" if minutes < 24 * 60 else None
    files.update(
        microlocations=list(rooms.values()),
        tracks=list(tracks.values()),
        session_types=list(types.values()),
        speakers=list(people.values()),
        sessions=sessions,
    )
    return files


def _session(node, day_date, room_name, rooms, tracks, types, type_lengths, people, tz, report):
    record = ref_id(node.get("id") or node.get("guid"))
    session = {
        "id": record,
        "title": _text(node, "title"),
        "subtitle": _text(node, "subtitle"),
        "short-abstract": _text(node, "abstract"),
        "long-abstract": _text(node, "description"),
        "language": _text(node, "language"),
        "website": _text(node, "url"),
        "state": "confirmed",
        "speakers": [],
    }
    starts_at = _start(node, day_date, tz, report, record)
    duration_text = _text(node, "duration")
    minutes = _duration_minutes(duration_text) if duration_text else None
    if duration_text and minutes is None:
        report.add(FILE, record, "duration", duration_text, DROPPED_VALUE, "Not a duration like 00:30; no end was set.")
    if starts_at is not None:
        session["starts-at"] = starts_at.isoformat()
        if minutes:
            session["ends-at"] = (starts_at + dt.timedelta(minutes=minutes)).isoformat()
    own_room = _text(node, "room") or room_name
    if own_room:
        if own_room not in rooms:
            rooms[own_room] = {"id": len(rooms) + 1, "name": own_room, "position": len(rooms)}
        session["microlocation"] = {"id": rooms[own_room]["id"]}
    track = _text(node, "track")
    if track:
        if track not in tracks:
            tracks[track] = {"id": len(tracks) + 1, "name": track, "color": PALETTE[len(tracks) % len(PALETTE)]}
        session["track"] = {"id": tracks[track]["id"]}
    kind = _text(node, "type")
    if kind:
        if kind not in types:
            types[kind] = {"id": len(types) + 1, "name": kind}
        session["session-type"] = {"id": types[kind]["id"]}
        if minutes:
            type_lengths.setdefault(kind, []).append(minutes)
    for person in node.iterfind("persons/person"):
        name = (person.text or "").strip()
        person_id = person.get("id") or f"name:{name}"
        if not name:
            report.add(FILE, record, "persons", person_id, DROPPED_VALUE, "A person without a name; not linked.")
            continue
        if person_id not in people:
            people[person_id] = {"id": person_id, "name": name}
        elif people[person_id]["name"] != name:
            report.add(FILE, record, "persons", name, CREATED, f"Person {person_id} is named differently elsewhere.")
        session["speakers"].append({"id": person_id})
    return session


def import_schedule(source, user, progress=lambda *a, **k: None, dry_run=False):
    """Import a frab/Pentabarf XML (a file or bytes) for `user`, who becomes the owner of the new event."""
    raw = source if isinstance(source, bytes) else source.read()
    report = Report()
    progress("Reading schedule")
    files = read_schedule(raw, report)
    progress("Checking records")
    data = normalise(files, staff=perms.is_staff(user), report=report)
    return write_import(data, user, progress, dry_run=dry_run)


__all__ = ["SOURCE_TYPES", "ImportOutcome", "import_schedule", "read_schedule"]
