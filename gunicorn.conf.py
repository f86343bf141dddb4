"""gunicorn settings, all from the environment: `gunicorn -c gunicorn.conf.py eventyay.wsgi` (docs/deployment.md).

GUNICORN_BIND            address:port (default 0.0.0.0:8000; PORT alone also works)
GUNICORN_WORKERS         processes (default WEB_CONCURRENCY, else 2 x cores + 1)
GUNICORN_THREADS         threads per process (default 1; above 1 the gthread worker is used)
GUNICORN_WORKER_CLASS    sync | gthread (default: from GUNICORN_THREADS)
GUNICORN_TIMEOUT         seconds before a silent worker is killed and replaced (default 30)
GUNICORN_GRACEFUL_TIMEOUT  seconds a stopping worker may finish its requests (default 30)
GUNICORN_KEEPALIVE       seconds an idle keep-alive connection stays open (default 5; gthread only)
GUNICORN_MAX_REQUESTS    recycle a worker after this many requests, 0 = never (default 0); jitter 10%
GUNICORN_PRELOAD         load Django once in the master before forking (default true)
GUNICORN_ACCESS_LOG      file, "-" for stdout, "" for none (default "-")
GUNICORN_LOG_LEVEL       default info
PROMETHEUS_MULTIPROC_DIR directory the processes share their metrics through (default var/prometheus)
"""

import gc
import multiprocessing
import os
import shutil
from pathlib import Path


def _int(name, default):
    return int(os.environ.get(name) or default)


def _bool(name, default):
    return (os.environ.get(name) or str(default)).lower() in ("1", "true", "yes", "on")


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = _int("GUNICORN_WORKERS", os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or ("gthread" if threads > 1 else "sync")
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
preload_app = _bool("GUNICORN_PRELOAD", True)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# One JSON object per request; the request id is the one our middleware answers in X-Request-ID.
access_log_format = (
    '{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s","query":"%(q)s","status":%(s)s,'
    '"bytes":"%(B)s","duration_ms":%(M)s,"request_id":"%({x-request-id}o)s","user_agent":"%(a)s"}'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Metrics of every worker land in one directory; /metrics adds them up (eventyay/observability/metrics.py).
_metrics_dir = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or Path(__file__).parent / "var" / "prometheus")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir)
if not os.environ.get("_EVENTYAY_METRICS_DIR_READY"):
    # Fresh once per master (not on a HUP reload): files of a former run's processes would count twice. Made
    # before the app is preloaded, whose imports create metrics.
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    _metrics_dir.mkdir(parents=True, exist_ok=True)
    os.environ["_EVENTYAY_METRICS_DIR_READY"] = "1"


def when_ready(server):
    # Objects loaded before the fork stay shared (copy-on-write) and out of every collection in the workers.
    gc.freeze()


def post_fork(server, worker):
    # A preloaded app's database connection must not be shared by the workers.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
