"""`POST /v1/events/<id|identifier>/export/json`, the download route and `/v1/export-jobs`."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.utils import timezone

from eventyay.tasks.models import Task
from tests.conftest import Api
from tests.factories import EventFactory, SessionFactory, SpeakerFactory, UserFactory, grant
from tests.factories.transfers import ExportJobFactory
from transfers.models import ExportJob

pytestmark = pytest.mark.django_db


def start_export(api, jobs, event_ref, body=None):
    with jobs.enqueue():
        response = api.post_json(f"/v1/events/{event_ref}/export/json", body if body is not None else {})
    jobs.run()
    return response


def download(api, url):
    response = api.client.get(url)
    return response, (b"".join(response.streaming_content) if response.status_code == 200 else b"")


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("anonymous", 401),
        ("user", 403),
        ("track_organizer", 403),
        ("coorganizer", 200),
        ("organizer", 200),
        ("owner", 200),
        ("admin", 200),
        ("super_admin", 200),
    ],
)
def test_export_permissions_per_role(event, as_role, jobs, role, code):
    response = start_export(as_role(role), jobs, event.pk)
    assert response.status_code == code
    assert ExportJob.objects.count() == (1 if code == 200 else 0)
    if code == 403:
        assert response.json()["errors"][0]["detail"] == "Co-organizer access is required."


def test_export_of_a_draft_is_404_for_outsiders(jobs):
    draft = EventFactory(state="draft")
    assert start_export(Api(UserFactory()), jobs, draft.pk).status_code == 404
    assert start_export(Api(UserFactory()), jobs, "ffffffff").status_code == 404


def test_export_by_identifier_produces_a_zip_for_coorganizers(event, as_role, jobs, mailoutbox):
    session = SessionFactory(event=event)
    speaker = SpeakerFactory(event=event)
    session.speakers.add(speaker)
    api = as_role("coorganizer")
    response = start_export(api, jobs, event.identifier, {"image": True})
    status = api.get(response.json()["task_url"]).json()
    assert status["state"] == "SUCCESS"
    url = status["result"]["download_url"]
    assert url.startswith(f"/v1/events/{event.pk}/exports/")
    reply, content = download(api, url)
    assert reply.status_code == 200 and reply["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        assert {
            "event",
            "sessions",
            "speakers",
            "tracks",
            "microlocations",
            "session_types",
            "sponsors",
            "forms",
            "meta",
        } <= names
        sessions = json.loads(archive.read("sessions"))
        assert sessions[0]["speakers"] == [speaker.pk]
        assert json.loads(archive.read("event"))["identifier"] == event.identifier
    assert mailoutbox and "ready" in mailoutbox[-1].body


@pytest.mark.parametrize("body", [{"image": "sometimes"}, {"video": 3}, [1, 2]])
def test_export_with_bad_flags_is_422_and_starts_nothing(event, as_role, jobs, body):
    response = start_export(as_role("owner"), jobs, event.pk, body)
    assert response.status_code == 422
    assert Task.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("anonymous", 401),
        ("user", 403),
        ("track_organizer", 403),
        ("coorganizer", 200),
        ("organizer", 200),
        ("owner", 200),
        ("admin", 200),
        ("super_admin", 200),
    ],
)
def test_download_permissions_per_role(event, as_role, role_users, jobs, role, code):
    """Without the link's token, the route's own rule: co-organizers of the event and admins."""
    response = start_export(as_role("owner"), jobs, event.pk)
    url = Api(role_users["owner"]).get(response.json()["task_url"]).json()["result"]["download_url"]
    reply, content = download(as_role(role), url.split("?", 1)[0])
    assert reply.status_code == code
    if code == 200:
        assert content.startswith(b"PK")


def _signed_link(event, as_role, role_users, jobs):
    response = start_export(as_role("owner"), jobs, event.pk)
    return Api(role_users["owner"]).get(response.json()["task_url"]).json()["result"]["download_url"]


@pytest.mark.parametrize("role", ["anonymous", "user", "coorganizer"])
def test_the_signed_link_opens_the_file_without_a_token_as_the_web_client_downloads(
    event, as_role, role_users, jobs, role
):
    url = _signed_link(event, as_role, role_users, jobs)
    assert "?token=" in url
    reply, content = download(as_role(role), url)
    assert reply.status_code == 200 and content.startswith(b"PK")


def test_a_forged_moved_or_expired_link_opens_nothing(event, as_role, role_users, jobs, settings):
    url = _signed_link(event, as_role, role_users, jobs)
    path, token = url.split("?token=")
    anonymous = Api()
    assert download(anonymous, f"{path}?token={token[:-2]}xx")[0].status_code == 403
    assert download(anonymous, f"{path}?token=")[0].status_code == 403
    other = EventFactory()
    assert (
        download(anonymous, f"{path.replace(f'/events/{event.pk}/', f'/events/{other.pk}/')}?token={token}")[
            0
        ].status_code
        == 404
    )
    second = _signed_link(event, as_role, role_users, jobs)
    assert download(anonymous, f"{second.split('?')[0]}?token={token}")[0].status_code == 403  # another task's
    settings.EXPORT_LINK_SECONDS = 0
    Task.objects.update(finished_at=timezone.now() - dt.timedelta(seconds=1))
    reply = download(anonymous, url)[0]
    assert reply.status_code == 403 and "expired" in reply.json()["errors"][0]["detail"]


def test_download_cannot_reach_other_events_or_paths(event, as_role, jobs):
    other = EventFactory()
    owner_of_other = UserFactory()
    grant(owner_of_other, other, "owner")
    response = start_export(Api(owner_of_other), jobs, other.pk)
    task_id = response.json()["task_url"].rsplit("/", 1)[1]
    api = as_role("owner")
    # the other event's export through this event's URL
    assert download(api, f"/v1/events/{event.pk}/exports/{task_id}/download")[0].status_code == 404
    for bad in ("..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "not-a-uuid", "../../settings.py"):
        assert download(api, f"/v1/events/{event.pk}/exports/{bad}/download")[0].status_code == 404


def test_download_of_an_unfinished_export_is_404(event, role_users):
    job = ExportJobFactory(event=event, user=role_users["owner"], task__state=Task.State.STARTED)
    assert download(Api(role_users["owner"]), job.download_url)[0].status_code == 404


@pytest.mark.parametrize(("role", "code"), [("anonymous", 401), ("user", 200), ("admin", 200), ("super_admin", 200)])
def test_export_jobs_list_per_role(role, code):
    users = {
        "anonymous": None,
        "user": UserFactory(),
        "admin": UserFactory(is_admin=True),
        "super_admin": UserFactory(is_admin=True, is_super_admin=True),
    }
    mine = ExportJobFactory(user=users[role]) if users[role] else None
    ExportJobFactory()
    response = Api(users[role]).get("/v1/export-jobs")
    assert response.status_code == code
    if code == 200:
        ids = {row["id"] for row in response.json()["data"]}
        assert str(mine.pk) in ids
        assert len(ids) == (2 if role != "user" else 1)


def test_export_job_detail_hidden_from_others():
    job = ExportJobFactory()
    assert Api(UserFactory()).get(f"/v1/export-jobs/{job.pk}").status_code == 404
    data = Api(job.user).get(f"/v1/export-jobs/{job.pk}").json()["data"]
    assert data["type"] == "export-job"
    assert data["attributes"]["download-url"] == job.download_url


def test_export_jobs_list_costs_the_same_queries_for_one_and_many(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = UserFactory()
    ExportJobFactory(user=user)
    api = Api(user)
    api.get("/v1/export-jobs")
    with CaptureQueriesContext(connection) as one:
        api.get("/v1/export-jobs?include=event")
    ExportJobFactory.create_batch(4, user=user)
    with django_assert_num_queries(len(one)):
        response = api.get("/v1/export-jobs?include=event")
    assert len(response.json()["data"]) == 5
