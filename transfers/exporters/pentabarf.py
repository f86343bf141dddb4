"""Pentabarf/frab schedule XML, as frab, pretalx and the c3voc tools (Giggity, ConfClerk, c3nav…) read it.

Only the elements the c3voc schedule schema allows: `generator`, `version`, `conference` (title, acronym,
start, end, days, timeslot_duration, base_url, time_zone_name) and `day/room/event` with an integer `id`,
a stable UUID `guid`, and date, start, duration, room, slug, url, title, subtitle, track, type, language,
abstract, description, persons and links. Days run over the event's dates in its time zone; rooms keep
their position order.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.utils.text import slugify
from lxml import etree as ET

from transfers.exporters.ical import session_url
from transfers.exporters.programme import duration, plain_text, xml_text

CONTENT_TYPE = "application/xml; charset=utf-8"
EXTENSION = "xml"
GUID_NAMESPACE = uuid.UUID("0f7d8a1e-3b0c-4b5e-9a51-5f0c2f1f6e7a")


def session_guid(event, session):
    """Stable across exports and servers that share the event identifier (frab tools key on it)."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{event.identifier}/session/{session.pk}"))


def _text(parent, name, value):
    ET.SubElement(parent, name).text = xml_text(value)


def _days(programme):
    """Every date of the event (in its zone), plus any date a session falls on outside it."""
    event = programme.event
    dates = set()
    if event.starts_at and event.ends_at:
        first, last = programme.local(event.starts_at).date(), programme.local(event.ends_at).date()
        while first <= last and len(dates) < 400:
            dates.add(first)
            first += dt.timedelta(days=1)
    for session in programme.scheduled:
        dates.add(programme.local(session.starts_at).date())
    return sorted(dates) or [programme.local(dt.datetime.now(dt.UTC)).date()]


def _room_key(session):
    room = session.microlocation
    return (room.position, room.name, room.pk) if room else (1 << 31, "", 0)


def render(programme):
    event, tz = programme.event, programme.tz
    days = _days(programme)
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="eventyay", version="1")
    _text(root, "version", (event.schedule_published_on or event.created_at).strftime("%Y-%m-%d %H:%M"))
    conference = ET.SubElement(root, "conference")
    _text(conference, "acronym", event.identifier)
    _text(conference, "title", event.name)
    _text(conference, "start", days[0].isoformat())
    _text(conference, "end", days[-1].isoformat())
    _text(conference, "days", str(len(days)))
    _text(conference, "timeslot_duration", "00:15")
    base = settings.FRONTEND_URL.rstrip("/")
    if base.startswith(("http://", "https://")):
        _text(conference, "base_url", f"{base}/e/{event.identifier}/")
    _text(conference, "time_zone_name", tz.key)
    by_day = {}
    for session in programme.scheduled:
        day = programme.local(session.starts_at).date()
        by_day.setdefault(day, {}).setdefault(_room_key(session), []).append(session)
    for index, day in enumerate(days, start=1):
        start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
        element = ET.SubElement(
            root,
            "day",
            index=str(index),
            date=day.isoformat(),
            start=start.isoformat(),
            end=(start + dt.timedelta(days=1)).isoformat(),
        )
        for key in sorted(by_day.get(day, {})):
            sessions = by_day[day][key]
            room = sessions[0].microlocation
            room_element = ET.SubElement(element, "room", **({"name": xml_text(room.name)} if room else {}))
            for session in sessions:
                _event(room_element, event, programme, session)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _event(parent, event, programme, session):
    element = ET.SubElement(parent, "event", id=str(session.pk), guid=session_guid(event, session))
    starts = programme.local(session.starts_at)
    _text(element, "date", starts.isoformat())
    _text(element, "start", starts.strftime("%H:%M"))
    _text(element, "duration", duration(session))
    _text(element, "room", session.microlocation.name if session.microlocation else "")
    _text(element, "slug", f"{event.identifier}-{session.pk}-{slugify(session.title)[:60]}".rstrip("-"))
    url = session_url(event, session)
    if url.startswith(("http://", "https://")):
        _text(element, "url", url)
    _text(element, "title", session.title)
    _text(element, "subtitle", session.subtitle)
    _text(element, "track", session.track.name if session.track else "")
    _text(element, "type", session.session_type.name if session.session_type else "")
    _text(element, "language", session.language)
    _text(element, "abstract", plain_text(session.short_abstract))
    _text(element, "description", plain_text(session.long_abstract))
    persons = ET.SubElement(element, "persons")
    for speaker in session.speaker_list:
        ET.SubElement(persons, "person", id=str(speaker.pk)).text = xml_text(speaker.name)
    links = ET.SubElement(element, "links")
    ET.SubElement(links, "link", href=session_url(event, session)).text = "Session page"
    for label, url in (("Slides", session.slides_url), ("Video", session.video_url), ("Audio", session.audio_url)):
        if url:
            ET.SubElement(links, "link", href=xml_text(url)).text = label
