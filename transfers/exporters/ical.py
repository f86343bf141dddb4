"""iCalendar (RFC 5545): one VEVENT per scheduled session, in the event's time zone (with its VTIMEZONE).

Content lines are written here (escaped and folded as §3.1 and §3.3.11 say): building icalendar objects
took a minute for 20,000 sessions. The `icalendar` library makes the VTIMEZONE, and the tests parse the
result back with it.
"""

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings

from transfers.exporters.programme import plain_text, xml_text

CONTENT_TYPE = "text/calendar; charset=utf-8"
EXTENSION = "ics"
PRODID = "-//eventyay//schedule export//EN"


def uid_domain():
    return urlsplit(getattr(settings, "FRONTEND_URL", "") or "").hostname or "eventyay"


def session_uid(event, session):
    """Stable across exports: the same session keeps its UID, so calendar apps update instead of duplicating."""
    return f"{event.identifier}-session-{session.pk}@{uid_domain()}"


def session_url(event, session):
    return f"{settings.FRONTEND_URL.rstrip('/')}/e/{event.identifier}/session/{session.pk}"


def escape(text):
    """TEXT value escaping (RFC 5545 §3.3.11); control characters other than tab dropped (§3.1)."""
    return (
        xml_text(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """A content line as bytes, folded at 75 octets without splitting a UTF-8 character (§3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    return b"\r\n ".join(parts) + b"\r\n"


def _local(moment):
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc(moment):
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def render(programme):
    event, tzid = programme.event, programme.tz.key
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(event.name)}",
        f"X-WR-TIMEZONE:{tzid}",
    ]
    out = [fold(line) for line in lines]
    scheduled = programme.scheduled
    if scheduled and tzid != "UTC":
        out.append(icalendar.Timezone.from_tzid(tzid).to_ical())
    # DTSTAMP is the session's last change, not the time of the request (RFC 5545 3.8.7.2 without METHOD), so
    # the same programme gives the same bytes and its ETag holds from one second to the next.
    now = dt.datetime.now(dt.UTC)
    zone = f";TZID={tzid}" if tzid != "UTC" else ""
    for session in scheduled:
        starts, ends = programme.local(session.starts_at), programme.local(session.ends_at)
        lines = [
            "BEGIN:VEVENT",
            f"UID:{session_uid(event, session)}",
            f"DTSTAMP:{_utc(session.last_modified_at or now)}",
            f"DTSTART{zone}:{_local(starts)}{'Z' if not zone else ''}",
            f"DTEND{zone}:{_local(ends)}{'Z' if not zone else ''}",
            f"SUMMARY:{escape(session.title)}",
            f"DESCRIPTION:{escape(plain_text(session.short_abstract or session.long_abstract))}",
        ]
        if session.microlocation:
            lines.append(f"LOCATION:{escape(session.microlocation.name)}")
        if session.track:
            lines.append(f"CATEGORIES:{escape(session.track.name)}")
        lines.append("STATUS:" + ("CONFIRMED" if session.state in ("accepted", "confirmed") else "TENTATIVE"))
        lines.append(f"URL:{session_url(event, session)}")
        lines.append(f"LAST-MODIFIED:{_utc(session.last_modified_at)}")
        lines.extend(f"X-SPEAKER:{escape(speaker.name)}" for speaker in session.speaker_list)
        lines.append("END:VEVENT")
        out.extend(fold(line) for line in lines)
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)
