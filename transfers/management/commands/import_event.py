"""`manage.py import_event FILE.zip --owner EMAIL`: the import job's code, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError

from eventyay.users.models import User
from transfers.archive import ArchiveError
from transfers.importer import import_archive
from transfers.normalise import NormaliseError
from transfers.progress import ProgressBar


class Command(BaseCommand):
    help = "Import an Open Event zip (any year's format, or an export of this server) as a new draft event."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .zip")
        parser.add_argument("--owner", required=True, help="E-mail of the user who will own the event")

    def handle(self, *args, **options):
        try:
            owner = User.objects.get(email__iexact=options["owner"])
        except User.DoesNotExist:
            raise CommandError(f"No user with e-mail {options['owner']}.") from None
        try:
            handle = open(options["file"], "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from None
        with handle, ProgressBar(self.stderr) as bar:
            try:
                outcome = import_archive(handle, owner, progress=bar.update)
            except (ArchiveError, NormaliseError) as exc:
                raise CommandError(str(exc)) from None
        for warning in outcome.warnings:
            self.stderr.write(f"warning: {warning}")
        event = outcome.event
        counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in outcome.counts.items() if n)
        self.stdout.write(f"Imported event {event.pk} ({event.identifier}) {event.name!r}: {counts}.")
