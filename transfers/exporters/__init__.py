"""Schedule exports: one module per format, all over `programme.load_programme` (a fixed number of queries).

`export(event, name, status=...)` is what the job, the direct route and `manage.py export_event --format`
call. Calendar formats always hold the public programme (accepted and confirmed sessions, no private
data), as the original's; CSV and PDF are the organizers' lists and hold every session (or one state),
or the event's orders and attendees (`sales`).
"""

from dataclasses import dataclass

from transfers.exporters import csv_sessions, csv_speakers, ical, pdf, pentabarf, sales, xcal
from transfers.exporters.programme import SESSION_STATUSES, SPEAKER_STATUSES, load_programme


@dataclass(frozen=True)
class Format:
    name: str
    render: object
    content_type: str
    extension: str
    private: bool  # organizers' data: e-mails, every state, custom form answers
    statuses: tuple = ()  # the `status` filter values it accepts besides "all"
    load: object = None  # what it renders, loaded from the event (default: the programme)

    def filename(self, event):
        return f"{event.identifier}-{self.name}.{self.extension}"


FORMATS = {
    f.name: f
    for f in (
        Format("ical", ical.render, ical.CONTENT_TYPE, ical.EXTENSION, private=False),
        Format("xcal", xcal.render, xcal.CONTENT_TYPE, xcal.EXTENSION, private=False),
        Format("pentabarf", pentabarf.render, pentabarf.CONTENT_TYPE, pentabarf.EXTENSION, private=False),
        Format(
            "csv-sessions",
            csv_sessions.render,
            csv_sessions.CONTENT_TYPE,
            "csv",
            private=True,
            statuses=SESSION_STATUSES,
        ),
        Format(
            "csv-speakers",
            csv_speakers.render,
            csv_speakers.CONTENT_TYPE,
            "csv",
            private=True,
            statuses=SPEAKER_STATUSES,
        ),
        Format("pdf-sessions", pdf.render_sessions, pdf.CONTENT_TYPE, "pdf", private=True),
        Format("pdf-speakers", pdf.render_speakers, pdf.CONTENT_TYPE, "pdf", private=True),
        # Sales (issue 17): every order and attendee of the event, for its organizers.
        Format("csv-orders", sales.orders_csv, csv_sessions.CONTENT_TYPE, "csv", private=True, load=sales.load_sales),
        Format(
            "csv-attendees", sales.attendees_csv, csv_sessions.CONTENT_TYPE, "csv", private=True, load=sales.load_sales
        ),
        Format("pdf-orders", sales.orders_pdf, pdf.CONTENT_TYPE, "pdf", private=True, load=sales.load_sales),
        Format("pdf-attendees", sales.attendees_pdf, pdf.CONTENT_TYPE, "pdf", private=True, load=sales.load_sales),
    )
}
PUBLIC_FORMATS = tuple(name for name, f in FORMATS.items() if not f.private)


def export(event, name, status="all"):
    """The bytes of `event`'s programme in format `name` (a key of FORMATS; `status` already checked)."""
    fmt = FORMATS[name]
    if fmt.load is not None:
        return fmt.render(fmt.load(event))
    if name == "csv-speakers":
        programme = load_programme(event, private=True, speaker_status=status)
    else:
        programme = load_programme(event, private=fmt.private, status=status)
    return fmt.render(programme)
