"""`POST /v1/events/import/json`, `GET /v1/tasks/<id>` and `/v1/import-jobs`, through HTTP and the job queue."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.models import Event, Session, Speaker
from eventyay.tasks.models import Task
from tests.conftest import Api
from tests.factories import AdminFactory, SuperAdminFactory, UserFactory
from tests.factories.transfers import ImportJobFactory, published_sample, zip_bytes
from transfers.models import ImportJob

pytestmark = pytest.mark.django_db


def upload(data, name="event.zip"):
    return SimpleUploadedFile(name, data, content_type="application/zip")


def start_import(api, jobs, data, name="event.zip"):
    with jobs.enqueue():
        response = api.post_multipart("/v1/events/import/json", {"file": upload(data, name)})
    jobs.run()
    return response


def task_of(response):
    return response.json()["task_url"]


def test_user_imports_an_event_and_becomes_its_owner(jobs, mailoutbox):
    user = UserFactory()
    api = Api(user)
    response = start_import(api, jobs, zip_bytes(published_sample()))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    raw = api.get(task_of(response))
    status = raw.json()
    assert status.get("state") == "SUCCESS", (raw.status_code, status)
    result = status["result"]
    event = Event.all_objects.get(pk=result["id"])
    assert result["event_name"] == "Tiny Conf"
    assert result["url"].endswith(f"/events/{event.identifier}")
    assert event.state == "draft"
    assert event.owner == user
    assert event.sessions.count() == 2 and event.speakers.count() == 2
    assert set(event.sessions.get(title="Hello").speakers.values_list("name", flat=True)) == {"Ada"}
    from media.storage import get_storage

    assert event.logo_url == get_storage().url(f"events/{event.identifier}/images/logo.png")
    job = ImportJob.objects.get()
    assert job.event == event and job.user == user and job.result_status == "SUCCESS"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [user.email]
    assert "imported" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", 401), ("user", 200), ("organizer", 200), ("admin", 200), ("super_admin", 200)]
)
def test_import_permissions_per_role(as_role, jobs, role, code):
    response = start_import(as_role(role), jobs, zip_bytes(published_sample()))
    assert response.status_code == code
    if code == 401:
        assert Event.all_objects.filter(name="Tiny Conf").count() == 0


def test_import_without_file_is_404():
    response = Api(UserFactory()).post_multipart("/v1/events/import/json", {})
    assert response.status_code == 404
    assert response.json()["errors"][0]["detail"] == "File not found"


def test_import_of_other_extension_is_404():
    response = Api(UserFactory()).post_multipart("/v1/events/import/json", {"file": upload(b"x", "event.tar")})
    assert response.status_code == 404
    assert response.json()["errors"][0]["detail"] == "Invalid file type"
    assert Task.objects.count() == 0


def test_import_of_unknown_source_type_is_404():
    response = Api(UserFactory()).post_multipart("/v1/events/import/xml", {"file": upload(b"x")})
    assert response.status_code == 404


def test_upload_over_the_limit_is_413(settings):
    settings.TRANSFERS_MAX_UPLOAD_BYTES = 1000
    data = zip_bytes({**published_sample(), "images/big.png": bytes(range(256)) * 20})
    response = Api(UserFactory()).post_multipart("/v1/events/import/json", {"file": upload(data)})
    assert response.status_code == 413
    assert response.json()["errors"][0]["status"] == "413"
    assert Task.objects.count() == 0 and ImportJob.objects.count() == 0


@pytest.mark.parametrize(
    ("files", "symlinks", "message"),
    [
        ({"event": b"not json"}, (), "File 'event' is not valid JSON"),
        ({**published_sample(), "../escape": b"x"}, (), "points outside the archive"),
        ({**published_sample(), "images/x.png": "/etc/passwd"}, {"images/x.png"}, "symbolic link"),
        ({"sessions": []}, (), "no 'event' file"),
    ],
)
def test_hostile_archive_fails_the_task_writes_nothing_and_the_queue_keeps_working(
    jobs, mailoutbox, files, symlinks, message
):
    user = UserFactory()
    api = Api(user)
    response = start_import(api, jobs, zip_bytes(files, symlinks=symlinks))
    assert response.status_code == 200
    status = api.get(task_of(response)).json()
    assert status["state"] == "FAILURE"
    assert message in status["result"]
    assert Event.all_objects.count() == 0 and Session.all_objects.count() == 0 and Speaker.all_objects.count() == 0
    assert message in mailoutbox[-1].body
    job = ImportJob.objects.get()
    assert job.result_status == "FAILURE" and message in job.result
    # The worker survived: the next job runs.
    second = start_import(api, jobs, zip_bytes(published_sample()))
    assert api.get(task_of(second)).json()["state"] == "SUCCESS"


def test_not_a_zip_fails_with_a_clear_message(jobs):
    api = Api(UserFactory())
    response = start_import(api, jobs, b"PK\x03\x04 garbage")
    assert api.get(task_of(response)).json() == {"state": "FAILURE", "result": "The file is not a zip archive."}


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", 401), ("other", 404), ("starter", 200), ("admin", 200), ("super_admin", 200)]
)
def test_task_status_only_for_its_starter_and_admins(jobs, role, code):
    starter = UserFactory()
    response = start_import(Api(starter), jobs, zip_bytes(published_sample()))
    users = {
        "anonymous": None,
        "other": UserFactory(),
        "starter": starter,
        "admin": AdminFactory(),
        "super_admin": SuperAdminFactory(),
    }
    assert Api(users[role]).get(task_of(response)).status_code == code


def test_unknown_task_is_404():
    assert Api(UserFactory()).get("/v1/tasks/not-a-uuid").status_code == 404
    assert Api(UserFactory()).get("/v1/tasks/6f1c1b9e-8f7a-4c55-9a84-6c1f2b7f0e11").status_code == 404


def test_task_shows_progress_while_running():
    user = UserFactory()
    task = Task.objects.create(
        kind="import",
        func="transfers.jobs.import_event",
        user=user,
        state=Task.State.STARTED,
        stage="Importing sessions",
        done=50,
        total=200,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    body = Api(user).get(f"/v1/tasks/{task.pk}").json()
    assert body == {
        "state": "STARTED",
        "progress": {"stage": "Importing sessions", "done": 50, "total": 200, "percent": 25},
    }


def test_worker_killed_mid_import_shows_failed_not_running():
    """A worker killed inside the import transaction leaves no rows; its silent task is failed on the next poll."""
    user = UserFactory()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    job = ImportJobFactory(user=user, event=None, task__state=Task.State.STARTED, task__started_at=long_ago)
    Task.objects.filter(pk=job.task_id).update(heartbeat_at=long_ago, stage="Importing sessions")
    api = Api(user)
    body = api.get(f"/v1/tasks/{job.task_id}").json()
    assert body["state"] == "FAILURE"
    assert "worker stopped" in body["result"]
    listed = api.get("/v1/import-jobs").json()["data"][0]["attributes"]
    assert listed["result-status"] == "FAILURE"


def test_a_recent_heartbeat_keeps_a_task_running():
    user = UserFactory()
    job = ImportJobFactory(user=user, event=None, task__state=Task.State.STARTED, task__started_at=timezone.now())
    Task.objects.filter(pk=job.task_id).update(heartbeat_at=timezone.now())
    assert Api(user).get(f"/v1/tasks/{job.task_id}").json()["state"] == "STARTED"


def test_failing_import_rolls_back_every_row(jobs, monkeypatch, media_root):
    """A failure after rows were written leaves no row and no stored media; the user sees no stack trace."""
    from transfers import importer

    original = importer.fast_insert

    def explode(model, rows, **kwargs):
        pks = original(model, rows, **kwargs)
        if model is importer.Session.speakers.through:
            raise RuntimeError("disk full")
        return pks

    monkeypatch.setattr(importer, "fast_insert", explode)
    api = Api(UserFactory())
    response = start_import(api, jobs, zip_bytes(published_sample()))
    body = api.get(task_of(response)).json()
    assert body["state"] == "FAILURE"
    assert "internal error" in body["result"] and "disk full" not in body["result"]
    assert Event.all_objects.count() == 0 and Session.all_objects.count() == 0 and Speaker.all_objects.count() == 0
    assert not [p for p in (media_root / "events").rglob("*") if p.is_file()]


# --------------------------------------------------------------------- import-jobs resource
@pytest.mark.parametrize(("role", "code"), [("anonymous", 401), ("user", 200), ("admin", 200), ("super_admin", 200)])
def test_import_jobs_list_per_role(role, code):
    users = {"anonymous": None, "user": UserFactory(), "admin": AdminFactory(), "super_admin": SuperAdminFactory()}
    mine = ImportJobFactory(user=users[role]) if users[role] else None
    ImportJobFactory()  # someone else's
    response = Api(users[role]).get("/v1/import-jobs")
    assert response.status_code == code
    if code == 200:
        ids = {row["id"] for row in response.json()["data"]}
        assert str(mine.pk) in ids
        assert len(ids) == (2 if role in ("admin", "super_admin") else 1)


def test_import_job_attributes():
    job = ImportJobFactory()
    data = Api(job.user).get(f"/v1/import-jobs/{job.pk}").json()["data"]
    assert data["type"] == "import-job"
    attrs = data["attributes"]
    assert attrs["task"] == str(job.task_id)
    assert attrs["result"] == str(job.event_id) and attrs["result-status"] == "SUCCESS"
    assert attrs["task-url"] == f"/v1/tasks/{job.task_id}"
    assert data["relationships"]["event"]["data"] == {"type": "event", "id": str(job.event_id)}


@pytest.mark.parametrize(("role", "code"), [("other", 404), ("owner", 200), ("admin", 200)])
def test_import_job_detail_and_delete_per_role(role, code):
    job = ImportJobFactory()
    users = {"other": UserFactory(), "owner": job.user, "admin": AdminFactory()}
    api = Api(users[role])
    assert api.get(f"/v1/import-jobs/{job.pk}").status_code == code
    assert api.delete(f"/v1/import-jobs/{job.pk}").status_code == code
    assert ImportJob.objects.filter(pk=job.pk).exists() == (code != 200)


def test_import_jobs_cannot_be_created_or_patched():
    job = ImportJobFactory()
    api = Api(job.user)
    assert api.post("/v1/import-jobs", {"data": {"type": "import-job", "attributes": {}}}).status_code == 405
    body = {"data": {"type": "import-job", "id": str(job.pk), "attributes": {"result": "x"}}}
    assert api.patch(f"/v1/import-jobs/{job.pk}", body).status_code == 405


def test_import_jobs_list_costs_the_same_queries_for_one_and_many(django_assert_num_queries):
    user = UserFactory()
    ImportJobFactory(user=user)
    api = Api(user)
    api.get("/v1/import-jobs")  # warm caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        api.get("/v1/import-jobs?include=event,user")
    ImportJobFactory.create_batch(4, user=user)
    with django_assert_num_queries(len(one)):
        response = api.get("/v1/import-jobs?include=event,user")
    assert len(response.json()["data"]) == 5, response.content[:1500]


def test_imported_rich_text_is_sanitized(jobs):
    """An archive is untrusted input: its descriptions and abstracts are cleaned like the API's."""
    sample = published_sample()
    sample["event"]["description"] = '<p onclick="x()">Welcome<script>alert(1)</script></p>'
    sample["sessions"][0]["long-abstract"] = '<a href="javascript:alert(1)">talk</a>'
    user = UserFactory()
    response = start_import(Api(user), jobs, zip_bytes(sample))
    assert Api(user).get(task_of(response)).json()["state"] == "SUCCESS"
    event = Event.all_objects.get()
    assert event.description == "<p>Welcome</p>"
    assert event.sessions.get(title="Hello").long_abstract == '<a rel="nofollow noopener noreferrer">talk</a>'


def test_import_refreshes_the_planner_statistics_of_the_tables_it_filled(jobs):
    """Fresh rows are read with plans made for them, not for empty tables."""
    from django.db import connection

    user = UserFactory()
    response = start_import(Api(user), jobs, zip_bytes(published_sample()))
    assert Api(user).get(task_of(response)).json()["state"] == "SUCCESS"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()")
        analyzed = {row[0] for row in cursor.fetchall()}
    assert {"events_session", "events_speaker", "events_session_speakers"} <= analyzed
