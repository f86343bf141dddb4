"""Issue 15 finding 10: a killed worker is seen within a minute through its heartbeat, and an import's
uploaded zip under `imports/` is removed when the job ends, whatever the outcome."""

import datetime as dt
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eventyay.tasks import services
from eventyay.tasks.models import Task
from media.storage import save_file
from tests.conftest import Api
from tests.factories import UserFactory
from tests.factories.transfers import ImportJobFactory, published_sample, zip_bytes

pytestmark = pytest.mark.django_db


def imports_left(media_root):
    folder = media_root / "imports"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.fixture
def queued(settings):
    """Jobs as a worker runs them (the heartbeat thread only runs outside the request)."""
    settings.JOBS_EMBEDDED = False
    settings.TASK_HEARTBEAT_SECONDS = 0.05
    settings.TASK_DEAD_AFTER_SECONDS = 60


def running_import(media_root, seconds_ago, reported_ago):
    key, _ = save_file("imports/abc123/upload.zip", zip_bytes(published_sample()), force_local=True)
    user = UserFactory()
    started = timezone.now() - dt.timedelta(seconds=seconds_ago)
    job = ImportJobFactory(user=user, event=None, upload_key=key, task__state=Task.State.STARTED)
    Task.objects.filter(pk=job.task_id).update(
        started_at=started,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=reported_ago),
        kind="import",
        kwargs={"upload_key": key, "filename": "event.zip"},
    )
    return user, job


def test_a_killed_worker_is_failed_within_a_minute_and_its_upload_removed(queued, media_root):
    # It reported progress 50 s ago (so the old 10-minute silence rule still calls it running), but no
    # heartbeat for 90 s: the worker is gone.
    user, job = running_import(media_root, seconds_ago=90, reported_ago=50)
    assert imports_left(media_root) == ["upload.zip"]
    body = Api(user).get(f"/v1/tasks/{job.task_id}").json()
    assert body["state"] == "FAILURE"
    assert "heartbeat" in body["result"]
    assert imports_left(media_root) == []


def test_a_beating_worker_keeps_its_task_running(queued, media_root):
    user, job = running_import(media_root, seconds_ago=300, reported_ago=300)
    services.Heartbeat(job.task_id).beat()
    assert Api(user).get(f"/v1/tasks/{job.task_id}").json()["state"] == "STARTED"
    assert imports_left(media_root) == ["upload.zip"]


def test_a_task_just_started_is_given_a_minute(queued, media_root):
    user, job = running_import(media_root, seconds_ago=5, reported_ago=5)
    assert Api(user).get(f"/v1/tasks/{job.task_id}").json()["state"] == "STARTED"


def sleepy_job(task):
    """A job that watches its own heartbeat advance (`tests.transfers.test_dead_workers.sleepy_job`)."""
    first = services.last_heartbeat(task.pk)
    time.sleep(0.3)
    return {"first": first, "later": services.last_heartbeat(task.pk)}


@pytest.mark.django_db(transaction=True)  # the heartbeat thread writes the shared cache on its own connection
def test_the_worker_beats_while_the_job_runs(queued):
    task = Task.objects.create(kind="test", func="tests.transfers.test_dead_workers.sleepy_job")
    assert services.run(task.pk) == Task.State.SUCCESS
    task.refresh_from_db()
    assert task.result["first"] is not None and task.result["later"] > task.result["first"]
    assert services.last_heartbeat(task.pk) is None  # gone once the job ended


@pytest.mark.parametrize("data", [b"not a zip", None], ids=["broken upload", "good upload"])
def test_the_upload_is_removed_when_the_import_ends(jobs, media_root, data):
    data = data or zip_bytes(published_sample())
    api = Api(UserFactory())
    with jobs.enqueue():
        response = api.post_multipart(
            "/v1/events/import/json", {"file": SimpleUploadedFile("event.zip", data, content_type="application/zip")}
        )
    jobs.run()
    assert response.status_code == 200, response.content
    assert api.get(response.json()["task_url"]).json()["state"] in ("SUCCESS", "FAILURE")
    assert imports_left(media_root) == []
