"""Prometheus metrics of the web and job processes, and the `/metrics` view that exports them.

Under gunicorn (and RQ workers started with the same `PROMETHEUS_MULTIPROC_DIR`) every process writes its
samples to files in that directory and a scrape of any web process adds them up (prometheus-client's
multiprocess mode; `gunicorn.conf.py` sets the directory up). Queue depths and task states are read at
scrape time from Redis and the database, so they are right whichever process answers.
"""

import ipaddress
import logging
import os

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

REQUESTS = Counter("eventyay_http_requests", "HTTP requests answered", ["route", "method", "status"])
LATENCY = Histogram(
    "eventyay_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUERIES = Histogram(
    "eventyay_db_queries_per_request",
    "SQL queries one HTTP request ran",
    ["route"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100, 250),
)
CACHE = Counter("eventyay_response_cache", "Anonymous programme reads by cache result", ["result"])
JOBS = Counter("eventyay_jobs", "Jobs finished, by kind and outcome", ["kind", "state"])
JOB_DURATION = Histogram(
    "eventyay_job_duration_seconds",
    "Run time of finished jobs",
    ["kind"],
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600),
)


def record_job(kind, state, seconds):
    JOBS.labels(kind=kind, state=state).inc()
    if seconds is not None:
        JOB_DURATION.labels(kind=kind).observe(seconds)


class BacklogCollector:
    """Queue depths (RQ) and tasks by state (database), read when scraped."""

    def collect(self):
        queue = GaugeMetricFamily("eventyay_queue_jobs", "Jobs in the RQ queue by registry", labels=["registry"])
        if settings.REDIS_URL:
            try:
                import django_rq

                default = django_rq.get_queue("default")
                queue.add_metric(["queued"], default.count)
                queue.add_metric(["started"], default.started_job_registry.count)
                queue.add_metric(["failed"], default.failed_job_registry.count)
            except Exception:  # a scrape must answer even when Redis does not
                logger.warning("Could not read the RQ queue for /metrics", exc_info=True)
        yield queue
        tasks = GaugeMetricFamily("eventyay_tasks", "Tasks that are waiting or running", labels=["state"])
        try:
            from django.db.models import Count

            from eventyay.tasks.models import Task

            counts = dict.fromkeys((Task.State.WAITING, Task.State.STARTED), 0)
            rows = Task.objects.filter(state__in=list(counts)).values("state").order_by().annotate(n=Count("pk"))
            for row in rows:
                counts[row["state"]] = row["n"]
            for state, count in counts.items():
                tasks.add_metric([str(state).lower()], count)
        except Exception:
            logger.warning("Could not count tasks for /metrics", exc_info=True)
        yield tasks


def _registry():
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:  # one process: its own metrics
        for collector in (REQUESTS, LATENCY, QUERIES, CACHE, JOBS, JOB_DURATION):
            registry.register(collector)
    registry.register(BacklogCollector())
    return registry


def _allowed(request):
    token = settings.METRICS_TOKEN
    if token:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header == f"Bearer {token}":
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_NETWORKS)


def metrics_view(request):
    """`GET /metrics`: Prometheus text format, for a bearer token (`METRICS_TOKEN`) or an allowed address."""
    if not _allowed(request):
        detail = "Metrics need the METRICS_TOKEN bearer token or an address in METRICS_ALLOWED_NETWORKS."
        return JsonResponse({"errors": [{"status": "403", "title": "Forbidden", "detail": detail}]}, status=403)
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
