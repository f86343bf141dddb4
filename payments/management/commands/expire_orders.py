"""`manage.py expire_orders`: unpaid orders past their `expires_at` give their tickets and code uses back.

Run it from cron every minute (or let the RQ scheduler run `payments.jobs.expire_orders`); reads and
sales also expire an event's lapsed orders lazily, so stock is exact even without it.
"""

from django.core.management.base import BaseCommand

from payments.domain.lifecycle import expire_due


class Command(BaseCommand):
    help = "Expire unpaid orders past their time, giving their tickets and code uses back."

    def handle(self, *args, **options):
        count = expire_due()
        self.stdout.write(f"{count} orders expired.")
