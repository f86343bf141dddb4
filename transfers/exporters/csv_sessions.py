"""Sessions as CSV: Open Event's columns, then one column per custom session form field (private export)."""

import csv
import io

from eventyay.spreadsheets import safe_cell
from transfers.exporters.programme import answer, plain_text

CONTENT_TYPE = "text/csv; charset=utf-8"
EXTENSION = "csv"
HEADERS = (
    "Session Title",
    "Session Starts At",
    "Session Ends At",
    "Session Speakers",
    "Speaker Emails",
    "Session Track",
    "Session Abstract Short",
    "Session Abstract Long",
    "Comment",
    "Created At",
    "Email Sent",
    "Level",
    "Status",
    "Session Type",
    "Talk Length",
    "Language",
    "Slides",
    "Audio",
    "Video",
    "Average Rating",
    "Number of Ratings",
)
TIME_FORMAT = "%B %d, %Y %H:%M %z"


def moment(programme, value):
    return programme.local(value).strftime(TIME_FORMAT) if value else ""


def write(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def render(programme):
    fields = programme.session_fields
    rows = [[*HEADERS, *(f.name or f.field_identifier for f in fields)]]
    for session in programme.sessions:
        speakers = session.speaker_list
        rows.append(
            [
                f"{session.title} ({session.state})",
                moment(programme, session.starts_at),
                moment(programme, session.ends_at),
                "; ".join(s.name for s in speakers if s.name),
                "; ".join(s.email for s in speakers if s.email),
                session.track.name if session.track else "",
                plain_text(session.short_abstract),
                plain_text(session.long_abstract),
                plain_text(session.comments),
                moment(programme, session.created_at),
                "Yes" if session.is_mail_sent else "No",
                session.level or "",
                session.state,
                session.session_type.name if session.session_type else "",
                session.session_type.length if session.session_type else "",
                session.language or "",
                session.slides_url or "",
                session.audio_url or "",
                session.video_url or "",
                session.average_rating,
                session.rating_count,
                *(answer(session, f) for f in fields),
            ]
        )
    return write(rows)
