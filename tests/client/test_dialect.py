"""The web client's dialect of the conventions: string booleans, empty `or`, `has` on the speakers call,
`sort=id`, its Accept header on plain-JSON routes, its CORS headers and absolute download links."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import JSONAPI
from tests.factories import EventFactory, SessionFactory, SpeakerFactory
from tests.factories.events import SpeakersCallFactory
from tests.factories.forms import CustomFormFactory

pytestmark = pytest.mark.django_db


def filtered(api, url, tree, **params):
    return api.get(url, filter=json.dumps(tree), **params)


def test_string_booleans_filter_like_booleans(api, event):
    featured = SpeakerFactory(event=event, is_featured=True)
    SpeakerFactory(event=event, is_featured=False)
    for speaker in (featured,):
        SessionFactory(event=event).speakers.add(speaker)
    response = filtered(api(), f"/v1/events/{event.pk}/speakers", [{"name": "is-featured", "op": "eq", "val": "true"}])
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["data"]] == [str(featured.pk)]


def test_empty_or_is_no_condition(as_role):
    everyone = as_role("admin").get("/v1/users")
    response = filtered(as_role("admin"), "/v1/users", [{"or": []}], get_trashed="true")
    assert response.status_code == 200, response.content
    assert response.json()["meta"]["count"] == everyone.json()["meta"]["count"] > 0


def test_has_on_the_speakers_call(api):
    with_call, deleted_call = EventFactory(), EventFactory()
    EventFactory()  # no call at all
    SpeakersCallFactory(event=with_call, privacy="public")
    call = SpeakersCallFactory(event=deleted_call, privacy="public")
    call.soft_delete()
    tree = [
        {"name": "speakers-call", "op": "has", "val": {"name": "privacy", "op": "eq", "val": "public"}},
        {"name": "speakers-call", "op": "has", "val": {"name": "announcement", "op": "ne", "val": None}},
    ]
    response = filtered(api(), "/v1/events", tree, include="speakers-call")
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["data"]] == [str(with_call.pk)]


def test_dates_without_offset_filter_datetimes_in_the_default_zone(api):
    """A date or naive datetime for a datetime column is read in the default zone (was Django's naive-datetime
    warning per value, an error where warnings are errors); a malformed one stays a 400."""
    call = SpeakersCallFactory(event=EventFactory(), privacy="public")
    day = call.starts_at.date().isoformat()
    for value in (day, f"{day}T00:00:00", [day, "2999-01-01"]):
        op = "between" if isinstance(value, list) else "ge"
        tree = [{"name": "speakers-call", "op": "has", "val": {"name": "starts-at", "op": op, "val": value}}]
        response = filtered(api(), "/v1/events", tree)
        assert response.status_code == 200, response.content
        assert [item["id"] for item in response.json()["data"]] == [str(call.event_id)]
    malformed = [{"name": "speakers-call", "op": "has", "val": {"name": "starts-at", "op": "ge", "val": "soon"}}]
    assert filtered(api(), "/v1/events", malformed).status_code == 400


def test_has_stays_refused_on_a_real_to_many(api, event):
    tree = [{"name": "sessions", "op": "has", "val": {"name": "state", "op": "eq", "val": "accepted"}}]
    response = filtered(api(), f"/v1/events/{event.pk}/speakers", tree)
    assert response.status_code == 400


def test_sort_by_id(as_role, event):
    forms = [CustomFormFactory(event=event, field_identifier=f"extra{n}", form="attendee") for n in range(3)]
    response = filtered(
        as_role("organizer"),
        f"/v1/events/{event.pk}/custom-forms",
        [{"name": "form", "op": "eq", "val": "attendee"}],
        sort="-id",
        **{"page[size]": 500},
    )
    assert response.status_code == 200, response.content
    ids = [int(item["id"]) for item in response.json()["data"]]
    assert ids == sorted(ids, reverse=True)
    assert {form.pk for form in forms} <= set(ids)


def test_plain_json_routes_accept_the_jsonapi_accept_header(as_role, event, jobs):
    api = as_role("organizer")
    with jobs.enqueue():
        response = api.client.post(
            f"/v1/events/{event.identifier}/export/json", "{}", content_type="application/json", HTTP_ACCEPT=JSONAPI
        )
    jobs.run()
    assert response.status_code == 200, response.content
    assert "task_url" in response.json()
    status = api.client.get(response.json()["task_url"], HTTP_ACCEPT=JSONAPI)
    assert status.status_code == 200
    not_a_zip = SimpleUploadedFile("event.zip", b"not a zip", content_type="application/zip")
    upload = api.client.post("/v1/events/import/json", {"file": not_a_zip}, format="multipart", HTTP_ACCEPT=JSONAPI)
    assert upload.status_code in (200, 400, 422), upload.content  # refused for its content, not for the Accept
    assert upload.json()


def test_an_unknown_accept_is_still_406(as_role, event):
    response = as_role("organizer").client.post(
        f"/v1/events/{event.identifier}/export/json", "{}", content_type="application/json", HTTP_ACCEPT="text/csv"
    )
    assert response.status_code == 406


def test_cors_preflight_allows_the_csrf_header(client):
    response = client.options(
        "/auth/token/refresh",
        HTTP_ORIGIN="https://client.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type,x-csrf-token",
    )
    assert response.status_code == 200
    assert "x-csrf-token" in response["Access-Control-Allow-Headers"].lower()


def test_export_download_links_are_absolute_with_the_public_base_url(as_role, event, jobs, settings):
    settings.PUBLIC_BASE_URL = "https://api.example.org"
    api = as_role("organizer")
    with jobs.enqueue():
        response = api.post_json(f"/v1/events/{event.pk}/export/json", {})
    jobs.run()
    status = api.get(response.json()["task_url"]).json()
    assert status["result"]["download_url"].startswith(f"https://api.example.org/v1/events/{event.pk}/exports/")
    listed = api.get("/v1/export-jobs").json()["data"][0]["attributes"]
    assert listed["download-url"].startswith("https://api.example.org/v1/events/")
