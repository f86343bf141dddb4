"""The schedule export routes: the original's task routes per role, the download, and the public files."""

import time

import pytest

from eventyay.tasks.models import Task
from tests.conftest import Api
from tests.factories import EventFactory, UserFactory, grant
from tests.factories.schedule import programme
from transfers.models import ExportJob

pytestmark = pytest.mark.django_db

GET_ROUTES = {"ical": "ical", "xcal": "xcal", "pentabarf": "pentabarf", "sessions/pdf": "pdf-sessions"}
GET_ROUTES["speakers/pdf"] = "pdf-speakers"
POST_ROUTES = {"sessions/csv": "csv-sessions", "speakers/csv": "csv-speakers"}
ROLES = [
    ("anonymous", 401),
    ("user", 403),
    ("track_organizer", 403),
    ("coorganizer", 200),
    ("organizer", 200),
    ("owner", 200),
    ("admin", 200),
    ("super_admin", 200),
]


def start(api, jobs, event_ref, route, body=None):
    with jobs.enqueue():
        if route in POST_ROUTES:
            response = api.post_json(f"/v1/events/{event_ref}/export/{route}", body if body is not None else {})
        else:
            response = api.get(f"/v1/events/{event_ref}/export/{route}")
    jobs.run()
    return response


def fetch_result(api, response):
    status = api.get(response.json()["task_url"]).json()
    assert status["state"] == "SUCCESS", status
    reply = api.client.get(status["result"]["download_url"])
    return reply, b"".join(reply.streaming_content) if reply.status_code == 200 else b""


@pytest.mark.parametrize("route", [*GET_ROUTES, *POST_ROUTES])
@pytest.mark.parametrize(("role", "code"), ROLES)
def test_task_routes_per_role(event, as_role, jobs, route, role, code):
    response = start(as_role(role), jobs, event.pk, route)
    assert response.status_code == code
    assert ExportJob.objects.count() == (1 if code == 200 else 0)
    if code == 200:
        assert response.json()["task_url"].startswith("/v1/tasks/")
        assert ExportJob.objects.get().format == {**GET_ROUTES, **POST_ROUTES}[route]
    if code == 403:
        assert response.json()["errors"][0]["detail"] == "Co-organizer access is required."


@pytest.mark.parametrize(("route", "needle"), [("sessions/csv", b"hidden@example.org"), ("ical", b"Engines")])
def test_task_result_is_a_download_url_served_to_coorganizers_only(as_role, role_users, jobs, route, needle):
    event = programme().event
    for role in ("owner", "coorganizer", "track_organizer"):
        grant(role_users[role], event, role)
    owner = as_role("owner")
    response = start(owner, jobs, event.identifier, route)
    reply, content = fetch_result(owner, response)
    assert reply.status_code == 200 and needle in content
    assert event.identifier in reply["Content-Disposition"]
    url = owner.get(response.json()["task_url"]).json()["result"]["download_url"].split("?", 1)[0]  # no token
    assert url.startswith(f"/v1/events/{event.pk}/exports/")
    assert as_role("track_organizer").client.get(url).status_code == 403
    assert Api(None).client.get(url).status_code == 401


def test_sessions_csv_status_filter_and_bad_status(event, as_role, jobs):
    prog = programme(event=event)
    owner = as_role("owner")
    reply, content = fetch_result(owner, start(owner, jobs, event.pk, "sessions/csv", {"status": "pending"}))
    assert prog.pending.title.encode() in content and prog.accepted.title.encode() not in content
    bad = start(owner, jobs, event.pk, "speakers/csv", {"status": "maybe"})
    assert bad.status_code == 422 and "status" in bad.json()["errors"][0]["source"]["pointer"]
    assert Task.objects.filter(func="transfers.jobs.export_schedule").count() == 1


def test_wrong_methods_and_unknown_formats(event, as_role):
    owner = as_role("owner")
    assert owner.post_json(f"/v1/events/{event.pk}/export/ical", {}).status_code == 405
    assert owner.get(f"/v1/events/{event.pk}/export/sessions/csv").status_code == 405
    assert owner.post_json(f"/v1/events/{event.pk}/export/docx", {}).status_code == 404
    assert Api(None).get(f"/v1/events/{event.pk}/schedule/csv-sessions").status_code == 404


def test_task_routes_hide_drafts_from_outsiders(jobs):
    draft = EventFactory(state="draft")
    assert start(Api(UserFactory()), jobs, draft.pk, "ical").status_code == 404


# ------------------------------------------------------------------ public files
@pytest.mark.parametrize("role", [r for r, _code in ROLES])
@pytest.mark.parametrize("fmt", ["ical", "xcal", "pentabarf"])
def test_public_schedule_files_show_the_same_public_programme_to_every_role(event, as_role, role, fmt):
    programme(event=event)
    response = as_role(role).client.get(f"/v1/events/{event.identifier}/schedule/{fmt}")
    assert response.status_code == 200
    assert b"Engines of Thought" in response.content
    for private in (b"Secret Pending", b"hidden@example.org", b"ada@example.org", b"XL"):
        assert private not in response.content
    assert response["Cache-Control"] == "public, max-age=300"


def test_public_schedule_etag_and_304(event):
    programme(event=event)
    client = Api(None).client
    first = client.get(f"/v1/events/{event.pk}/schedule/ical")
    etag = first["ETag"]
    again = client.get(f"/v1/events/{event.pk}/schedule/ical", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    event.sessions.filter(state="accepted").update(title="Changed")
    changed = client.get(f"/v1/events/{event.pk}/schedule/ical", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize(("role", "code"), [("anonymous", 404), ("user", 404), ("coorganizer", 200), ("admin", 200)])
def test_public_schedule_of_a_draft(role, code):
    draft = EventFactory(state="draft")
    users = {"anonymous": None, "user": UserFactory(), "coorganizer": UserFactory()}
    users["admin"] = UserFactory(is_admin=True)
    grant(users["coorganizer"], draft, "coorganizer")
    response = Api(users[role]).client.get(f"/v1/events/{draft.pk}/schedule/pentabarf")
    assert response.status_code == code
    if code == 200:
        assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("fmt", ["ical", "xcal", "pentabarf"])
def test_public_schedule_bytes_do_not_depend_on_the_clock(event, fmt):
    """The ETag is a hash of the body: a timestamp of the request in it would end every 304 within a second."""
    programme(event=event)
    client = Api(None).client
    first = client.get(f"/v1/events/{event.pk}/schedule/{fmt}")
    time.sleep(1.1)  # the stamps have second precision
    later = client.get(f"/v1/events/{event.pk}/schedule/{fmt}")
    assert first.content == later.content and first["ETag"] == later["ETag"]
