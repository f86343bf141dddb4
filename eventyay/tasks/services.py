"""Running jobs: on RQ when REDIS_URL is set, in-process otherwise (embedded mode).

A job function takes the Task and its primitive kwargs, reports progress through
`report()`, and returns a JSON-able result. It raises `JobError` with a message a
person can act on; any other exception is logged and recorded as a generic failure.
"""

import importlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from eventyay.extension_points import declare
from eventyay.observability import context
from eventyay.observability.metrics import record_job
from eventyay.tasks.models import Task

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A failure whose message is meant for the user who started the job."""


#: kind → fn(task): what to clean up when a job's worker died mid-run (its `finally` never ran), e.g. the
#: transfers app removes an import's uploaded zip.
abandoned_cleanups = declare(
    "eventyay.tasks.services.abandoned_cleanups",
    {},
    filled_by="transfers",
    purpose="files of a job whose worker died (an import's upload under imports/) are removed",
)

DEAD_WORKER = "The worker stopped while running this job (no heartbeat); nothing was saved. Please start it again."
HEARTBEAT_KEY = "task-heartbeat:{}"


class Heartbeat:
    """While a queued job runs, a thread of its worker puts a timestamp in the shared cache (Redis) every
    `TASK_HEARTBEAT_SECONDS`; a poll that finds none for `TASK_DEAD_AFTER_SECONDS` marks the task failed
    (`fail_if_orphaned`). The cache, not the task row: an import's transaction may hold that row or, on
    SQLite, the whole database. Embedded jobs run inside the request and die with it: no thread."""

    def __init__(self, task_id):
        self.key = HEARTBEAT_KEY.format(task_id)
        self.stopped = threading.Event()
        self.thread = None

    def beat(self):
        cache.set(self.key, time.time(), timeout=max(60, 10 * settings.TASK_DEAD_AFTER_SECONDS))

    def _loop(self):
        while not self.stopped.wait(settings.TASK_HEARTBEAT_SECONDS):
            try:
                self.beat()
            except Exception:  # a missed beat is retried; the job itself goes on
                logger.warning("Could not record the heartbeat of %s", self.key, exc_info=True)

    def __enter__(self):
        if not settings.JOBS_EMBEDDED:
            self.beat()
            self.thread = threading.Thread(target=self._loop, name=f"heartbeat-{self.key}", daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=5)
        cache.delete(self.key)


def last_heartbeat(task_id):
    return cache.get(HEARTBEAT_KEY.format(task_id))


def start(kind, func, user=None, **kwargs):
    """Record a task and run it: after commit on RQ, right away when embedded."""
    task = Task.objects.create(kind=kind, func=func, user=user, kwargs=kwargs)
    if settings.JOBS_EMBEDDED:
        run(task.pk)
        task.refresh_from_db()
    else:
        transaction.on_commit(lambda: _enqueue(task.pk))
    return task


def _enqueue(task_id):
    import django_rq

    # The request id travels with the job, so the worker's log lines of this job carry it too.
    django_rq.get_queue("default").enqueue(
        "eventyay.tasks.services.run",
        str(task_id),
        context.request_id(),
        job_id=str(task_id),
        job_timeout=3600,
        result_ttl=86400,
    )


def report(task, stage, done=None, total=None):
    """Save progress so that `GET /v1/tasks/<id>` shows it while the job runs."""
    task.stage = stage
    if done is not None:
        task.done = done
    if total is not None:
        task.total = total
    task.heartbeat_at = timezone.now()
    if not (connection.in_atomic_block and _publish_outside_transaction(task)):
        Task.objects.filter(pk=task.pk).update(
            stage=task.stage, done=task.done, total=task.total, heartbeat_at=task.heartbeat_at
        )


_side = threading.local()


def _close_side_connection():
    side = getattr(_side, "connection", None)
    if side is not None:
        side.close()
        _side.connection = None


def _publish_outside_transaction(task):
    """Inside a job's transaction (an import), write progress through a second connection.

    Otherwise pollers would see nothing (and `fail_orphans` no heartbeat) until the commit. Returns False
    when that is not possible (SQLite's single writer, a task row not committed yet, a lock), and the caller
    writes through the job's own connection instead: the progress then shows after the commit.
    """
    if connection.vendor == "sqlite" or getattr(task, "_progress_in_transaction", False):
        return False
    try:
        side = getattr(_side, "connection", None)
        if side is None:
            side = _side.connection = connections.create_connection(DEFAULT_DB_ALIAS)
            with side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
        with side.cursor() as cursor:
            cursor.execute(
                "UPDATE tasks_task SET stage = %s, done = %s, total = %s, heartbeat_at = %s WHERE id = %s",
                [task.stage[:200], task.done, task.total, task.heartbeat_at, task.pk],
            )
            published = cursor.rowcount == 1
    except Exception:  # progress is best effort; the job's own writes decide its outcome
        logger.warning("Could not publish progress of task %s", task.pk, exc_info=True)
        _side.connection = None
        published = False
    if not published:
        task._progress_in_transaction = True
    return published


def run(task_id, request_id=None):
    """Entry point of every job (RQ calls this with the task id and the id of the request that started it)."""
    if request_id is None:  # embedded: the request's own id is current already
        return _run(task_id)
    token = context.bind(request_id or f"task-{task_id}")
    try:
        return _run(task_id)
    finally:
        context.reset(token)


def _run(task_id):
    try:
        task = Task.objects.get(pk=task_id)
    except Task.DoesNotExist:
        logger.warning("Task %s vanished before it ran.", task_id)
        return None
    module_name, func_name = task.func.rsplit(".", 1)
    func = getattr(importlib.import_module(module_name), func_name)
    Task.objects.filter(pk=task.pk).update(state=Task.State.STARTED, started_at=timezone.now(), stage="Started")
    task.state = Task.State.STARTED
    started = time.monotonic()
    try:
        with Heartbeat(task.pk):
            result = func(task, **task.kwargs)
    except JobError as exc:
        _finish(task, Task.State.FAILURE, error=str(exc))
    except Exception:
        logger.exception("Task %s (%s) failed", task.pk, task.func)
        _finish(task, Task.State.FAILURE, error="The job failed because of an internal error; it has been logged.")
    else:
        _finish(task, Task.State.SUCCESS, result=result)
    finally:
        _close_side_connection()
        record_job(task.kind, str(task.state).lower(), time.monotonic() - started)
    return task.state


def _finish(task, state, result=None, error=""):
    task.state, task.result, task.error, task.finished_at = state, result, error, timezone.now()
    Task.objects.filter(pk=task.pk).update(state=state, result=result, error=error, finished_at=task.finished_at)


def fail_if_orphaned(task, max_silence_seconds=600):
    """The polled task only: a STARTED task whose worker died is marked failed, and what it left is removed.

    Any job: no progress report for `max_silence_seconds` (`fail_orphans`). A queued job also: its worker
    beats every few seconds (`Heartbeat`), so no beat for `TASK_DEAD_AFTER_SECONDS` (a minute) after the
    start means the worker is gone. Embedded jobs have no heartbeat thread (they die with their request)."""
    if task.state != Task.State.STARTED:
        return task
    if fail_orphans(max_silence_seconds, Task.objects.filter(pk=task.pk)):  # cleans up too
        task.refresh_from_db()
        return task
    if settings.JOBS_EMBEDDED:
        return task
    limit = time.time() - settings.TASK_DEAD_AFTER_SECONDS
    started = (task.started_at or task.created_at).timestamp()  # a minute's grace from the start
    if started >= limit or (last_heartbeat(task.pk) or 0) >= limit:
        return task
    failed = Task.objects.filter(pk=task.pk, state=Task.State.STARTED).update(
        state=Task.State.FAILURE, error=DEAD_WORKER, finished_at=timezone.now()
    )
    if failed:
        task.refresh_from_db()
        clean_up_abandoned(task)
    return task


def clean_up_abandoned(task):
    cleanup = abandoned_cleanups.get(task.kind)
    if cleanup is not None:
        try:
            cleanup(task)
        except Exception:  # the task is failed either way; a leftover file is logged, not raised to the poller
            logger.warning("Could not clean up after task %s", task.pk, exc_info=True)


def fail_orphans(max_silence_seconds=600, queryset=None):
    """Mark tasks whose worker died (no heartbeat for a while) as failed, not running forever."""
    limit = timezone.now() - timezone.timedelta(seconds=max_silence_seconds)
    stale = (
        (queryset if queryset is not None else Task.objects)
        .filter(state=Task.State.STARTED)
        .filter(Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit))
    )
    found = list(stale.only("pk", "kind", "kwargs"))
    if not found:
        return 0
    failed = Task.objects.filter(pk__in=[t.pk for t in found], state=Task.State.STARTED).update(
        state=Task.State.FAILURE, error=DEAD_WORKER, finished_at=timezone.now()
    )
    for task in found:
        clean_up_abandoned(task)
    return failed
