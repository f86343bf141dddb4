"""Health checks for load balancers: database, queue + workers, migrations.

Small, fast, no secrets. Results are cached briefly (27 s when passing, 9 s when
failing, as the original) so a balancer polling every second costs nothing.
"""

import io
import logging
import socket
import time
from contextlib import redirect_stderr, redirect_stdout

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

CACHE_KEY = "eventyay:health"
logger = logging.getLogger(__name__)


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "database ok"
    except Exception:
        return False, "Error connecting to database"


def check_queue():
    if not settings.REDIS_URL:
        return True, "jobs run in-process (no REDIS_URL configured)"
    try:
        import django_rq
        from rq import Worker

        redis = django_rq.get_connection("default")
        redis.ping()
        workers = Worker.all(connection=redis)
    except Exception:
        return False, "cannot connect to redis server"
    if not workers:
        return False, "No running RQ workers were found."
    return True, f"queue ok, {len(workers)} worker(s)"


def check_migrations():
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # a missing file breaks the graph (NodeNotFoundError names it)
        return False, f"migration files are inconsistent: {exc}"
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        return False, f"{len(plan)} migration(s) not applied: {names}"
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            call_command("makemigrations", "--check", "--dry-run", verbosity=1, stdout=out, stderr=err)
    except SystemExit:
        apps = sorted(
            {line.split("'")[1] for line in out.getvalue().splitlines() if line.startswith("Migrations for '")}
        )
        return False, f"models changed without a migration file in: {', '.join(apps) or 'some app'}"
    return True, "database up to date with migrations"


CHECKS = {
    "health_check_db": check_database,
    "health_check_queue": check_queue,
    "health_check_migrations": check_migrations,
}


def run_checks(use_cache=True):
    """Run every check; returns (passed, report dict)."""
    if use_cache:
        try:
            cached = cache.get(CACHE_KEY)
        except Exception:  # the shared cache (Redis, or the database's table) is down: check without it
            cached, use_cache = None, False
        if cached is not None:
            return cached["status"] == "success", cached
    now = time.time()
    results = []
    for name, check in CHECKS.items():
        passed, output = check()
        results.append({"checker": name, "output": output, "passed": passed, "timestamp": now})
    passed = all(r["passed"] for r in results)
    ttl = settings.HEALTH_CHECK_CACHE_PASS_SECONDS if passed else settings.HEALTH_CHECK_CACHE_FAIL_SECONDS
    for r in results:
        r["expires"] = now + ttl
    report = {
        "hostname": socket.gethostname(),
        "status": "success" if passed else "failure",
        "timestamp": now,
        "results": results,
    }
    if use_cache:
        try:
            cache.set(CACHE_KEY, report, ttl)
        except Exception:  # a cache that is down must not fail the check that reports it
            logger.warning("health result not cached: the shared cache is unavailable")
    return passed, report
