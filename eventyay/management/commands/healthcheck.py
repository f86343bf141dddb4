from django.core.management.base import BaseCommand

from eventyay.health.checks import run_checks


class Command(BaseCommand):
    help = "Run the health checks once (uncached); exit 1 when any fails."

    def handle(self, *args, **options):
        passed, report = run_checks(use_cache=False)
        for result in report["results"]:
            mark = "ok  " if result["passed"] else "FAIL"
            self.stdout.write(f"{mark} {result['checker']}: {result['output']}")
        if not passed:
            raise SystemExit(1)
