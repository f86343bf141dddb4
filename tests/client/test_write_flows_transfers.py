"""Export and import as the web client runs them: `loader.post` of the export options (plain JSON, the JSON:API
Accept), polling the task URL it gets back (`withoutPrefix`), downloading the zip, then uploading it as a
multipart `file` and polling `tasks/<the fourth segment of task_url>` until it gives the new event's id."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Event
from tests.conftest import JSONAPI
from tests.factories import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
EXPORT_OPTIONS = {"image": False, "video": False, "document": False, "audio": False}


def test_export_then_import_round_trip(as_role, event, jobs):
    speaker = SpeakerFactory(event=event)
    SessionFactory(event=event, title="Round trip").speakers.add(speaker)
    client = as_role("organizer").client
    with jobs.enqueue():
        started = client.post(f"/v1/events/{event.pk}/export/json", EXPORT_OPTIONS, format="json", HTTP_ACCEPT=JSONAPI)
    jobs.run()
    assert started.status_code == 200, started.content
    task_url = started.json()["task_url"]
    assert task_url.startswith("/v1/tasks/")
    status = client.get(task_url, HTTP_ACCEPT=JSONAPI).json()
    assert status["state"] == "SUCCESS", status
    download = client.get(status["result"]["download_url"])
    assert download.status_code == 200
    archive = b"".join(download.streaming_content)
    assert archive.startswith(b"PK")

    upload = SimpleUploadedFile("EventExport.zip", archive, content_type="application/zip")
    with jobs.enqueue():
        response = client.post("/v1/events/import/json", {"file": upload}, format="multipart", HTTP_ACCEPT=JSONAPI)
    jobs.run()
    assert response.status_code == 200, response.content
    task_id = response.json()["task_url"].split("/")[3]
    status = client.get(f"/v1/tasks/{task_id}", HTTP_ACCEPT=JSONAPI).json()
    assert status["state"] == "SUCCESS", status
    imported = client.get(f"/v1/events/{status['result']['id']}", HTTP_ACCEPT=JSONAPI)
    assert imported.status_code == 200, imported.content
    copy = Event.objects.get(pk=imported.json()["data"]["id"])
    assert copy.pk != event.pk
    assert list(copy.sessions.values_list("title", flat=True)) == ["Round trip"]
