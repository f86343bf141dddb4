"""`manage.py import_event FILE --owner EMAIL [--dry-run]`: the import job's code, with a progress bar.

FILE is an Open Event zip, or a frab/Pentabarf schedule (`.xml`).
"""

from django.core.management.base import BaseCommand, CommandError

from eventyay.users.models import User
from transfers.archive import ArchiveError
from transfers.normalise import NormaliseError
from transfers.progress import ProgressBar
from transfers.report import as_text
from transfers.services import import_file


class Command(BaseCommand):
    help = (
        "Import an Open Event zip (any year's format, or an export of this server) or a frab/Pentabarf "
        "schedule XML as a new draft event. --dry-run reports what would be imported and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .zip or .xml")
        parser.add_argument("--owner", required=True, help="E-mail of the user who will own the event")
        parser.add_argument("--dry-run", action="store_true", help="Run the whole import, then roll it back")

    def handle(self, *args, **options):
        try:
            owner = User.objects.get(email__iexact=options["owner"])
        except User.DoesNotExist:
            raise CommandError(f"No user with e-mail {options['owner']}.") from None
        source_type = "frab" if options["file"].lower().endswith(".xml") else "json"
        try:
            handle = open(options["file"], "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from None
        with handle, ProgressBar(self.stderr) as bar:
            try:
                outcome = import_file(handle, owner, source_type, progress=bar.update, dry_run=options["dry_run"])
            except (ArchiveError, NormaliseError) as exc:
                raise CommandError(str(exc)) from None
        for warning in outcome.warnings:
            self.stderr.write(f"warning: {as_text(warning)}")
        counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in outcome.counts.items() if n)
        if outcome.dry_run:
            self.stdout.write(f"Dry run, nothing written: would import {counts}; {len(outcome.warnings)} warnings.")
            return
        event = outcome.event
        self.stdout.write(f"Imported event {event.pk} ({event.identifier}) {event.name!r}: {counts}.")
