"""`manage.py export_event EVENT --format ... --out FILE`: the same exporters as the routes."""

import io

import icalendar
import pytest
from django.core.management import CommandError, call_command

from tests.factories.schedule import programme
from transfers.exporters import FORMATS, export

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_event_writes_each_format(tmp_path, fmt):
    prog = programme()
    out = tmp_path / f"schedule.{FORMATS[fmt].extension}"
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "export_event", prog.event.identifier, "--format", fmt, "--out", str(out), stdout=stdout, stderr=stderr
    )
    content = out.read_bytes()
    assert f"Exported the {fmt} of event {prog.event.pk}" in stdout.getvalue()
    if fmt in ("ical", "xcal"):  # DTSTAMP is the export time: compare everything else
        assert content.split(b"DTSTAMP")[0][:200] == export(prog.event, fmt).split(b"DTSTAMP")[0][:200]
    elif not fmt.startswith("pdf"):
        assert content == export(prog.event, fmt)
    if fmt == "ical":
        assert len(icalendar.Calendar.from_ical(content).walk("VEVENT")) == 2


def test_export_event_status_filter_and_errors(tmp_path):
    prog = programme()
    out = tmp_path / "pending.csv"
    call_command(
        "export_event", str(prog.event.pk), "--format", "csv-sessions", "--status", "pending", "--out", str(out),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    assert b"Secret Pending Talk" in out.read_bytes() and b"Engines of Thought" not in out.read_bytes()
    with pytest.raises(CommandError, match="Unknown status 'maybe'"):
        call_command(
            "export_event", str(prog.event.pk), "--format", "csv-sessions", "--status", "maybe", "--out", str(out)
        )
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_event", str(prog.event.pk), "--format", "ical", "--out", str(tmp_path / "no" / "x.ics"))
