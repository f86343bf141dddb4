"""xCal (RFC 6321): the iCalendar data of `ical` as XML in the `urn:ietf:params:xml:ns:icalendar-2.0` namespace."""

import datetime as dt
from xml.etree import ElementTree as ET

import icalendar

from transfers.exporters.ical import session_uid, session_url
from transfers.exporters.programme import plain_text

CONTENT_TYPE = "application/calendar+xml; charset=utf-8"
EXTENSION = "xcs"
NS = "urn:ietf:params:xml:ns:icalendar-2.0"


def _local(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _utc(moment):
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _prop(properties, name, kind, value, tzid=None):
    element = ET.SubElement(properties, name)
    if tzid:
        parameters = ET.SubElement(element, "parameters")
        ET.SubElement(ET.SubElement(parameters, "tzid"), "text").text = tzid
    ET.SubElement(element, kind).text = value
    return element


def _from_jcal(parent, component):
    """A jCal (RFC 7265) component as xCal: both map RFC 5545 one to one."""
    name, properties, children = component
    element = ET.SubElement(parent, name)
    props = ET.SubElement(element, "properties")
    for prop_name, params, kind, *values in properties:
        prop = ET.SubElement(props, prop_name)
        if params:
            parameters = ET.SubElement(prop, "parameters")
            for key, value in params.items():
                ET.SubElement(ET.SubElement(parameters, key), "text").text = str(value)
        for value in values:
            ET.SubElement(prop, kind).text = str(value)
    if children:
        nested = ET.SubElement(element, "components")
        for child in children:
            _from_jcal(nested, child)


def render(programme):
    event, tzid = programme.event, programme.tz.key
    root = ET.Element("icalendar", xmlns=NS)
    vcalendar = ET.SubElement(root, "vcalendar")
    properties = ET.SubElement(vcalendar, "properties")
    _prop(properties, "prodid", "text", "-//eventyay//schedule export//EN")
    _prop(properties, "version", "text", "2.0")
    _prop(properties, "calscale", "text", "GREGORIAN")
    _prop(properties, "method", "text", "PUBLISH")
    _prop(properties, "x-wr-calname", "unknown", event.name)
    _prop(properties, "x-wr-timezone", "unknown", tzid)
    components = ET.SubElement(vcalendar, "components")
    if programme.scheduled:
        _from_jcal(components, icalendar.Timezone.from_tzid(tzid).to_jcal())
    stamp = _utc(dt.datetime.now(dt.UTC))
    for session in programme.scheduled:
        props = ET.SubElement(ET.SubElement(components, "vevent"), "properties")
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
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
