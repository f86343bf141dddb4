"""`manage.py delete_temp_uploads --days 7`: remove old temporary uploads that nothing points to."""

from django.core.management.base import BaseCommand, CommandError

from media.domain.cleanup import delete_temporary_uploads


class Command(BaseCommand):
    help = "Delete temporary uploads older than N days that no event, speaker, session, ... refers to."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Age in days (default 7).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be removed.")

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        removed = delete_temporary_uploads(days, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {removed} temporary upload(s) older than {days} day(s).")
