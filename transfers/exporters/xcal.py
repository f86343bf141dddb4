"""xCal (RFC 6321): the iCalendar data of `ical` as XML in the `urn:ietf:params:xml:ns:icalendar-2.0` namespace."""

import datetime as dt

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


def _prop(properties, name, kind, value, tzid=None):
    element = _sub(properties, name)
    if tzid:
        parameters = _sub(element, "parameters")
        _sub(_sub(parameters, "tzid"), "text").text = tzid
    _sub(element, kind).text = xml_text(value)
    return element


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


def render(programme):
    event, tzid = programme.event, programme.tz.key
    root = etree.Element(f"{{{NS}}}icalendar", nsmap={None: NS})
    vcalendar = _sub(root, "vcalendar")
    properties = _sub(vcalendar, "properties")
    _prop(properties, "prodid", "text", "-//eventyay//schedule export//EN")
    _prop(properties, "version", "text", "2.0")
    _prop(properties, "calscale", "text", "GREGORIAN")
    _prop(properties, "method", "text", "PUBLISH")
    _prop(properties, "x-wr-calname", "unknown", event.name)
    _prop(properties, "x-wr-timezone", "unknown", tzid)
    components = _sub(vcalendar, "components")
    if programme.scheduled:
        _from_jcal(components, icalendar.Timezone.from_tzid(tzid).to_jcal())
    stamp = _utc(dt.datetime.now(dt.UTC))
    for session in programme.scheduled:
        props = _sub(_sub(components, "vevent"), "properties")
        _prop(props, "uid", "text", session_uid(event, session))
        _prop(props, "dtstamp", "date-time", stamp)
        _prop(props, "dtstart", "date-time", _local(programme.local(session.starts_at)), tzid)
        _prop(props, "dtend", "date-time", _local(programme.local(session.ends_at)), tzid)
        _prop(props, "summary", "text", session.title)
        _prop(props, "description", "text", plain_text(session.short_abstract or session.long_abstract))
        if session.microlocation:
            _prop(props, "location", "text", session.microlocation.name)
        if session.track:
            _prop(props, "categories", "text", session.track.name)
        _prop(props, "status", "text", "CONFIRMED" if session.state in ("accepted", "confirmed") else "TENTATIVE")
        _prop(props, "url", "uri", session_url(event, session))
        for speaker in session.speaker_list:
            _prop(props, "x-speaker", "unknown", speaker.name)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)
