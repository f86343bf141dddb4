"""xCal (RFC 6321): the iCalendar data of `ical` as XML in the `urn:ietf:params:xml:ns:icalendar-2.0` namespace."""

import datetime as dt
from xml.sax.saxutils import escape

import icalendar
from lxml import etree

from transfers.exporters.ical import session_uid, session_url
from transfers.exporters.programme import plain_text, xml_text

CONTENT_TYPE = "application/calendar+xml; charset=utf-8"
EXTENSION = "xcs"
NS = "urn:ietf:params:xml:ns:icalendar-2.0"


def _local(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _utc(moment):
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent, name):
    return etree.SubElement(parent, f"{{{NS}}}{name}")


def _from_jcal(parent, component):
    """A jCal (RFC 7265) component as xCal: both map RFC 5545 one to one."""
    name, properties, children = component
    element = _sub(parent, name)
    props = _sub(element, "properties")
    for prop_name, params, kind, *values in properties:
        prop = _sub(props, prop_name)
        if params:
            parameters = _sub(prop, "parameters")
            for key, value in params.items():
                _sub(_sub(parameters, key), "text").text = str(value)
        for value in values:
            _sub(prop, kind).text = str(value)
    if children:
        nested = _sub(element, "components")
        for child in children:
            _from_jcal(nested, child)


def _p(name, kind, value, tzid=None):
    """One property as XML text (string building: an element tree took most of the time for 20k sessions)."""
    params = f"<parameters><tzid><text>{escape(tzid)}</text></tzid></parameters>" if tzid else ""
    return f"<{name}>{params}<{kind}>{escape(xml_text(value))}</{kind}></{name}>"


def render(programme):
    event, tzid = programme.event, programme.tz.key
    parts = [
        f"<?xml version='1.0' encoding='utf-8'?>\n<icalendar xmlns=\"{NS}\"><vcalendar><properties>",
        _p("prodid", "text", "-//eventyay//schedule export//EN"),
        _p("version", "text", "2.0"),
        _p("calscale", "text", "GREGORIAN"),
        _p("method", "text", "PUBLISH"),
        _p("x-wr-calname", "unknown", event.name),
        _p("x-wr-timezone", "unknown", tzid),
        "</properties><components>",
    ]
    scheduled = programme.scheduled
    if scheduled:
        holder = etree.Element(f"{{{NS}}}components", nsmap={None: NS})
        _from_jcal(holder, icalendar.Timezone.from_tzid(tzid).to_jcal())
        parts.append(etree.tostring(holder[0], encoding="unicode"))
    now = dt.datetime.now(dt.UTC)  # DTSTAMP is each session's last change (see ical.py), so the ETag holds
    for session in scheduled:
        props = [
            "<vevent><properties>",
            _p("uid", "text", session_uid(event, session)),
            _p("dtstamp", "date-time", _utc(session.last_modified_at or now)),
            _p("dtstart", "date-time", _local(programme.local(session.starts_at)), tzid),
            _p("dtend", "date-time", _local(programme.local(session.ends_at)), tzid),
            _p("summary", "text", session.title),
            _p("description", "text", plain_text(session.short_abstract or session.long_abstract)),
        ]
        if session.microlocation:
            props.append(_p("location", "text", session.microlocation.name))
        if session.track:
            props.append(_p("categories", "text", session.track.name))
        props.append(_p("status", "text", "CONFIRMED" if session.state in ("accepted", "confirmed") else "TENTATIVE"))
        props.append(_p("url", "uri", session_url(event, session)))
        props.extend(_p("x-speaker", "unknown", speaker.name) for speaker in session.speaker_list)
        props.append("</properties></vevent>")
        parts.append("".join(props))
    parts.append("</components></vcalendar></icalendar>")
    return "".join(parts).encode("utf-8")
