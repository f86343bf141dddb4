"""`manage.py export_event EVENT --out FILE [--format json|ical|...] [--media ...] [--status ...]`: the jobs' code."""

import shutil

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from events.models import Event
from eventyay.api.viewsets import resolve_event
from transfers.exporter import MEDIA_KINDS, export_event, root_url
from transfers.exporters import FORMATS, export
from transfers.progress import ProgressBar


class Command(BaseCommand):
    help = "Export an event as an Open Event zip (JSON files plus the media asked for), or its schedule in a format."

    def add_arguments(self, parser):
        parser.add_argument("event", help="Event id or identifier")
        parser.add_argument("--out", required=True, help="Path of the .zip to write")
        parser.add_argument(
            "--media", default="", help=f"Comma-separated media kinds to bundle: {','.join(MEDIA_KINDS)}"
        )
        parser.add_argument("--format", default="json", choices=["json", *FORMATS], help="What to write (json = zip)")
        parser.add_argument("--status", default="all", help="csv-sessions/csv-speakers: only this session state")

    def handle(self, *args, **options):
        kinds = [k.strip() for k in options["media"].split(",") if k.strip()]
        wrong = [k for k in kinds if k not in MEDIA_KINDS]
        if wrong:
            raise CommandError(f"Unknown media kind {wrong[0]!r}; use {', '.join(MEDIA_KINDS)}.")
        try:
            event = resolve_event(Event, options["event"])
        except Http404:
            raise CommandError(f"No event {options['event']}.") from None
        if options["format"] != "json":
            return self._schedule(event, FORMATS[options["format"]], options)
        with ProgressBar(self.stderr) as bar:
            path = export_event(event, kinds, progress=bar.update, root_url=root_url())
        try:
            shutil.move(path, options["out"])
        except OSError as exc:
            raise CommandError(f"Cannot write {options['out']}: {exc.strerror}.") from None
        self.stdout.write(f"Exported event {event.pk} to {options['out']}.")

    def _schedule(self, event, fmt, options):
        status = options["status"]
        if status != "all" and status not in fmt.statuses:
            raise CommandError(
                f"Unknown status {status!r} for {fmt.name}; use all, {', '.join(fmt.statuses) or '(none)'}."
            )
        with ProgressBar(self.stderr) as bar:
            bar.update(f"Exporting {fmt.name}")
            content = export(event, fmt.name, status=status)
            bar.update("Writing the file")
            try:
                with open(options["out"], "wb") as handle:
                    handle.write(content)
            except OSError as exc:
                raise CommandError(f"Cannot write {options['out']}: {exc.strerror}.") from None
        self.stdout.write(f"Exported the {fmt.name} of event {event.pk} to {options['out']} ({len(content)} bytes).")
