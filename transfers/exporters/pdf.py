"""PDF programmes (sessions by day, time and room; speakers with their sessions), drawn with reportlab.

Lines are drawn straight on the canvas (no flowable layout), so a 20,000-session programme takes
seconds. A Unicode TrueType font is embedded when the system has one (DejaVu Sans), so names in any
Latin, Greek or Cyrillic script print; otherwise reportlab's bundled Vera is used.
"""

import io
import os

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CONTENT_TYPE = "application/pdf"
EXTENSION = "pdf"
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    (
        os.path.join(os.path.dirname(pdfmetrics.__file__), "..", "fonts", "Vera.ttf"),
        os.path.join(os.path.dirname(pdfmetrics.__file__), "..", "fonts", "VeraBd.ttf"),
    ),
)
SIZE, LEADING, MAX_LINES = 8.5, 10.5, 3


def _fonts():
    for regular, bold in FONT_CANDIDATES:
        if os.path.exists(regular) and os.path.exists(bold):
            if "ExportSans" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("ExportSans", regular))
                pdfmetrics.registerFont(TTFont("ExportSans-Bold", bold))
            return "ExportSans", "ExportSans-Bold"
    return "Helvetica", "Helvetica-Bold"


class TablePrinter:
    """Headings and rows of wrapped cells, page after page, with the column titles repeated on each page."""

    def __init__(self, title, columns):
        self.buffer = io.BytesIO()
        self.width, self.height = landscape(A4)
        self.canvas = canvas.Canvas(self.buffer, pagesize=(self.width, self.height), pageCompression=1)
        self.canvas.setTitle(title)
        self.font, self.bold = _fonts()
        self.title, self.margin = title, 12 * mm
        usable = self.width - 2 * self.margin
        total = sum(share for _name, share in columns)
        self.columns = [(name, usable * share / total) for name, share in columns]
        self.page, self.text = 0, None
        self._new_page()

    def _draw(self, x, y, line, font, size):
        """Text goes into one text object per page (a drawString per line cost half the run)."""
        if (font, size) != self.current_font:
            self.text.setFont(font, size)
            self.current_font = (font, size)
        self.text.setTextOrigin(x, y)
        self.text.textOut(line)

    def _new_page(self):
        if self.text is not None:
            self.canvas.drawText(self.text)
            self.canvas.showPage()
        self.page += 1
        self.text, self.current_font = self.canvas.beginText(), None
        self.y = self.height - self.margin
        self._draw(self.margin, self.y, self.title, self.bold, 12)
        footer = f"Page {self.page}"
        self._draw(self.width - self.margin - stringWidth(footer, self.font, 7), self.margin / 2, footer, self.font, 7)
        self.y -= 18
        self._row([name for name, _width in self.columns], self.bold)
        self.y -= 2

    def _need(self, height):
        if self.y - height < self.margin:
            self._new_page()

    def heading(self, text):
        self._need(3 * LEADING)
        self.y -= 4
        self._draw(self.margin, self.y - 10, text, self.bold, 10.5)
        self.y -= 16

    def _wrap(self, text, font, width):
        if stringWidth(text, font, SIZE) <= width:
            return [text]
        return simpleSplit(text, font, SIZE, width)[:MAX_LINES] or [""]

    def _row(self, cells, font):
        wrapped = [
            self._wrap(str(cell or ""), font, width - 4)
            for cell, (_name, width) in zip(cells, self.columns, strict=True)
        ]
        lines = max(len(w) for w in wrapped)
        self._need(lines * LEADING + 2)
        x = self.margin
        for cell_lines, (_name, width) in zip(wrapped, self.columns, strict=True):
            for number, line in enumerate(cell_lines):
                if line:
                    self._draw(x, self.y - SIZE - number * LEADING, line, font, SIZE)
            x += width
        self.y -= lines * LEADING + 2

    def row(self, cells):
        self._row(cells, self.font)

    def finish(self):
        self.canvas.drawText(self.text)
        self.canvas.save()
        return self.buffer.getvalue()


def render_sessions(programme):
    """The timetable: a heading per day, then time, room, title, track, speakers (and state, privately)."""
    columns = [("Time", 1.3), ("Room", 1.6), ("Title", 4.5), ("Track", 1.6), ("Speakers", 3)]
    if programme.private:
        columns.append(("State", 0.9))
    printer = TablePrinter(f"{programme.event.name}: sessions", columns)
    day = None
    for session in programme.sessions:
        starts, ends = programme.local(session.starts_at), programme.local(session.ends_at)
        this_day = starts.strftime("%A, %d %B %Y") if starts else "Not scheduled"
        if this_day != day:
            printer.heading(this_day)
            day = this_day
        cells = [
            f"{starts:%H:%M}–{ends:%H:%M}" if starts and ends else (f"{starts:%H:%M}" if starts else ""),
            session.microlocation.name if session.microlocation else "",
            session.title,
            session.track.name if session.track else "",
            ", ".join(s.name for s in session.speaker_list),
        ]
        if programme.private:
            cells.append(session.state)
        printer.row(cells)
    return printer.finish()


def render_speakers(programme):
    """Speakers by name with organisation and their sessions (and e-mail, privately)."""
    columns = [("Speaker", 2.2), ("Organisation", 2.2), ("Sessions", 6)]
    if programme.private:
        columns.append(("E-mail", 2.5))
    printer = TablePrinter(f"{programme.event.name}: speakers", columns)
    for speaker in programme.speakers:
        sessions = []
        for session in speaker.session_list:
            starts = programme.local(session.starts_at)
            when = f"{starts:%a %d %b %H:%M}, " if starts else ""
            room = f"{session.microlocation.name}: " if session.microlocation else ""
            sessions.append(f"{when}{room}{session.title}")
        cells = [speaker.name, speaker.organisation or "", "; ".join(sessions)]
        if programme.private:
            cells.append(speaker.email or "")
        printer.row(cells)
    return printer.finish()
