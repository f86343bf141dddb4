"""iCalendar (RFC 5545): one VEVENT per scheduled session, in the event's time zone (with its VTIMEZONE)."""

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings

from transfers.exporters.programme import plain_text

CONTENT_TYPE = "text/calendar; charset=utf-8"
EXTENSION = "ics"


def uid_domain():
    return urlsplit(getattr(settings, "FRONTEND_URL", "") or "").hostname or "eventyay"


def session_uid(event, session):
    """Stable across exports: the same session keeps its UID, so calendar apps update instead of duplicating."""
    return f"{event.identifier}-session-{session.pk}@{uid_domain()}"


def session_url(event, session):
    return f"{settings.FRONTEND_URL.rstrip('/')}/e/{event.identifier}/session/{session.pk}"


def render(programme):
    event = programme.event
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//eventyay//schedule export//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.name)
    calendar.add("x-wr-timezone", programme.tz.key)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for session in programme.scheduled:
        vevent = icalendar.Event()
        vevent.add("uid", session_uid(event, session))
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", programme.local(session.starts_at))
        vevent.add("dtend", programme.local(session.ends_at))
        vevent.add("summary", session.title)
        vevent.add("description", plain_text(session.short_abstract or session.long_abstract))
        if session.microlocation:
            vevent.add("location", session.microlocation.name)
        if session.track:
            vevent.add("categories", [session.track.name])
        vevent.add("status", "CONFIRMED" if session.state in ("accepted", "confirmed") else "TENTATIVE")
        vevent.add("url", session_url(event, session))
        vevent.add("last-modified", session.last_modified_at.astimezone(dt.UTC).replace(microsecond=0))
        for speaker in session.speaker_list:
            vevent.add("x-speaker", speaker.name)
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()
