"""The programme every schedule exporter reads, loaded in a fixed number of queries whatever its size.

Seven queries: the sessions, the event's rooms, tracks and session types, the session–speaker links, the
speakers, and the custom session/speaker fields (private exports only), read as plain records (not model
instances: three times cheaper for 20,000 sessions). Exporters never touch the database.
"""

import datetime as dt
import html
import re
import zoneinfo
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.html import strip_tags

from events.models import Microlocation, Session, SessionType, Speaker, Track
from forms.domain import snake_case
from forms.models import CustomForm

#: `status` values of the CSV exports (Open Event's), besides "all".
SESSION_STATUSES = tuple(Session.State.values)
SPEAKER_STATUSES = (*SESSION_STATUSES, "without_session")


@dataclass
class Programme:
    event: object
    sessions: list
    speakers: list
    private: bool
    session_fields: list = field(default_factory=list)
    speaker_fields: list = field(default_factory=list)

    def __post_init__(self):
        self.tz = event_zone(self.event)

    def local(self, moment):
        return moment.astimezone(self.tz) if moment else None

    @property
    def scheduled(self):
        """Sessions with a start and an end, in time order: what calendars and timetables hold."""
        return [s for s in self.sessions if s.starts_at and s.ends_at]


def event_zone(event):
    try:
        return zoneinfo.ZoneInfo(event.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def plain_text(value):
    """Rich text (stored sanitized HTML) as the plain text calendars and spreadsheets show."""
    if not value:
        return ""
    text = value.replace("<br>", "\n").replace("<br/>", "\n").replace("</p>", "</p>\n")
    return html.unescape(strip_tags(text)).strip()


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """`value` without the control characters XML 1.0 cannot hold (a pasted title may carry them)."""
    return _NOT_XML.sub("", value) if value else ""


class Record(SimpleNamespace):
    """One row of the programme: the columns exporters read, as attributes (model instances cost 3x more)."""

    @property
    def pk(self):
        return self.id


SESSION_COLUMNS = [
    "id",
    "title",
    "subtitle",
    "short_abstract",
    "long_abstract",
    "comments",
    "language",
    "level",
    "state",
    "starts_at",
    "ends_at",
    "created_at",
    "last_modified_at",
    "is_mail_sent",
    "slides_url",
    "audio_url",
    "video_url",
    "average_rating",
    "rating_count",
    "complex_field_values",
    "microlocation_id",
    "track_id",
    "session_type_id",
]
SPEAKER_COLUMNS = [
    "id",
    "name",
    "email",
    "mobile",
    "short_biography",
    "organisation",
    "position",
    "speaking_experience",
    "sponsorship_required",
    "city",
    "country",
    "website",
    "twitter",
    "facebook",
    "github",
    "linkedin",
    "complex_field_values",
]


def _records(queryset, columns):
    return [Record(**row) for row in queryset.values(*columns)]


def _by_id(model, event, columns):
    return {r.id: r for r in _records(model.objects.filter(event=event), columns)}


def load_programme(event, private=False, status="all", speaker_status="all"):
    """The event's sessions and speakers as an export may show them (seven queries whatever the size).

    Public (`private=False`): accepted and confirmed sessions, the speakers of those, no e-mail address,
    no custom form answers. Private: every live session (or those in `status`), every live speaker (or
    those with a session in `speaker_status`, or `without_session`), with e-mails and custom answers.
    A speaker's `session_list` holds their sessions among those loaded.
    """
    sessions = Session.objects.filter(event=event)
    if not private:
        sessions = sessions.filter(state__in=Session.PUBLIC_STATES)
    elif status != "all":
        sessions = sessions.filter(state=status)
    sessions = _records(
        sessions.order_by("starts_at", "microlocation__position", "microlocation_id", "pk"), SESSION_COLUMNS
    )
    rooms = _by_id(Microlocation, event, ("id", "name", "position"))
    tracks = _by_id(Track, event, ("id", "name"))
    kinds = _by_id(SessionType, event, ("id", "name", "length"))
    links = (
        Session.speakers.through.objects.filter(session__event=event)
        .order_by("id")
        .values_list("session_id", "speaker_id")
    )
    speakers_of, sessions_of = {}, {}
    for session_id, speaker_id in links:
        speakers_of.setdefault(session_id, []).append(speaker_id)
        sessions_of.setdefault(speaker_id, []).append(session_id)
    speakers = {s.id: s for s in _records(Speaker.objects.filter(event=event).order_by("name", "pk"), SPEAKER_COLUMNS)}
    by_id = {s.id: s for s in sessions}
    for session in sessions:
        session.microlocation = rooms.get(session.microlocation_id)
        session.track = tracks.get(session.track_id)
        session.session_type = kinds.get(session.session_type_id)
        session.speaker_list = [speakers[i] for i in speakers_of.get(session.id, ()) if i in speakers]
    for speaker in speakers.values():
        speaker.session_list = [by_id[i] for i in sessions_of.get(speaker.id, ()) if i in by_id]
    chosen = _chosen_speakers(speakers.values(), private, speaker_status, sessions_of)
    programme = Programme(event=event, sessions=sessions, speakers=chosen, private=private)
    if private:
        fields = [f for f in CustomForm.objects.filter(event=event, form__in=["session", "speaker"]) if f.is_complex]
        programme.session_fields = [f for f in fields if f.form == "session"]
        programme.speaker_fields = [f for f in fields if f.form == "speaker"]
    else:
        for speaker in chosen:
            speaker.email = speaker.mobile = speaker.complex_field_values = None
        for session in sessions:
            session.complex_field_values = session.comments = None
    return programme


def _chosen_speakers(speakers, private, speaker_status, sessions_of):
    if not private:
        return [s for s in speakers if s.session_list]
    if speaker_status == "all":
        return list(speakers)
    if speaker_status == "without_session":
        return [s for s in speakers if not sessions_of.get(s.pk)]
    return [s for s in speakers if any(x.state == speaker_status for x in s.session_list)]


def answer(record, custom_field):
    """The answer `record` gave to a custom form field, as text."""
    values = record.complex_field_values or {}
    value = values.get(snake_case(custom_field.field_identifier), values.get(custom_field.field_identifier))
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def duration(session):
    """`HH:MM` between start and end (frab's duration format)."""
    minutes = int((session.ends_at - session.starts_at) / dt.timedelta(minutes=1))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
