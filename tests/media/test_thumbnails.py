"""Thumbnails of event, speaker and sponsor images: made by a job when the image URL changes to an upload."""

import base64
import io
import json
from urllib.parse import urlsplit

import pytest
from PIL import Image

from eventyay.tasks.models import Task
from media.domain.thumbnails import queue_thumbnails
from media.models import Upload
from media.storage import save_file
from tests.conftest import Api, resource
from tests.factories import AdminFactory, EventFactory, SpeakerFactory, SponsorFactory, grant
from tests.factories.media import as_upload, pdf, png


def upload_image(api, size):
    body = {"data": "data:image/png;base64," + base64.b64encode(png(size)).decode()}
    response = api.client.post("/v1/upload/image", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["url"]


def served_size(url):
    response = Api().client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as img:
        assert img.format == "JPEG"
        return img.size


def test_speaker_photo_gets_thumbnail_small_and_icon(uploader, jobs):
    url = upload_image(uploader, (800, 600))

    with jobs.enqueue():
        speaker = SpeakerFactory(photo_url=url)
    jobs.run()

    speaker.refresh_from_db()
    assert served_size(speaker.thumbnail_image_url) == (500, 375)
    assert served_size(speaker.small_image_url) == (50, 38)
    assert served_size(speaker.icon_image_url) == (35, 26)
    assert speaker.photo_url == url
    assert f"events/{speaker.event_id}/speakers/{speaker.pk}/thumbnail/" in speaker.thumbnail_image_url
    task = Task.objects.get(kind="thumbnails")
    assert task.state == "SUCCESS"
    assert task.result["icon_image_url"] == speaker.icon_image_url
    assert Upload.objects.filter(kind="thumbnail", temporary=False).count() == 3


def test_event_image_changed_through_the_api_gets_large_thumbnail_and_icon(db, settings, uploader, jobs):
    settings.MEDIA_BASE_URL = "https://media.example.org"  # the event's URL fields want a real domain
    owner = uploader.user
    event = EventFactory()
    grant(owner, event, "owner")
    url = upload_image(uploader, (2000, 1000))

    with jobs.enqueue():
        response = uploader.patch(f"/v1/events/{event.pk}", resource("event", {"original-image-url": url}, id=event.pk))
    assert response.status_code == 200, response.content
    jobs.run()

    event.refresh_from_db()
    assert served_size(event.large_image_url) == (1300, 650)
    assert served_size(event.thumbnail_image_url) == (500, 250)
    assert served_size(event.icon_image_url) == (75, 38)
    assert f"/events/{event.identifier}/large/" in event.large_image_url


def test_sponsor_logo_thumbnails_are_in_the_job_result(uploader, jobs):
    url = upload_image(uploader, (600, 300))

    with jobs.enqueue():
        SponsorFactory(logo_url=url)
    jobs.run()

    result = Task.objects.get(kind="thumbnails").result
    assert served_size(result["thumbnail_image_url"]) == (500, 250)
    assert served_size(result["small_image_url"]) == (50, 25)
    assert served_size(result["icon_image_url"]) == (75, 38)


def test_small_images_are_not_enlarged(uploader, jobs):
    url = upload_image(uploader, (40, 20))

    with jobs.enqueue():
        speaker = SpeakerFactory(photo_url=url)
    jobs.run()

    speaker.refresh_from_db()
    assert served_size(speaker.thumbnail_image_url) == (40, 20)
    assert served_size(speaker.icon_image_url) == (35, 18)


def test_external_and_empty_urls_start_no_job(db, jobs):
    with jobs.enqueue():
        SpeakerFactory(photo_url="https://example.org/photo.png")
        SpeakerFactory(photo_url=None)
        EventFactory(original_image_url="https://example.org/banner.png")
    jobs.run()

    assert not Task.objects.exists()


def test_saving_without_changing_the_image_starts_no_new_job(uploader, jobs):
    url = upload_image(uploader, (100, 100))
    with jobs.enqueue():
        speaker = SpeakerFactory(photo_url=url)
    jobs.run()

    with jobs.enqueue():
        speaker = type(speaker).objects.get(pk=speaker.pk)
        speaker.name = "Renamed"
        speaker.save()
    jobs.run()

    assert Task.objects.filter(kind="thumbnails").count() == 1


def test_a_new_image_replaces_the_old_thumbnails(uploader, jobs, stored_files):
    first, second = upload_image(uploader, (100, 100)), upload_image(uploader, (120, 120))
    with jobs.enqueue():
        speaker = SpeakerFactory(photo_url=first)
    jobs.run()
    speaker.refresh_from_db()
    old_thumbnail = speaker.thumbnail_image_url

    with jobs.enqueue():
        speaker.photo_url = second
        speaker.save()
    jobs.run()

    speaker.refresh_from_db()
    assert speaker.thumbnail_image_url != old_thumbnail
    assert served_size(speaker.thumbnail_image_url) == (120, 120)
    assert Api().client.get(urlsplit(old_thumbnail).path).status_code == 404
    assert Upload.objects.filter(kind="thumbnail").count() == 3
    assert len(stored_files()) == 2 + 3


def test_job_for_a_changed_image_does_nothing(uploader, jobs):
    url = upload_image(uploader, (100, 100))
    speaker = SpeakerFactory(photo_url="https://example.org/other.png")

    with jobs.enqueue():
        task = queue_thumbnails("speaker", speaker.pk, url)
    jobs.run()

    task.refresh_from_db()
    assert task.state == "SUCCESS"
    assert "skipped" in task.result
    speaker.refresh_from_db()
    assert speaker.thumbnail_image_url is None


def test_job_fails_with_a_message_when_the_file_is_gone(uploader, jobs, media_root):
    url = upload_image(uploader, (100, 100))
    speaker = SpeakerFactory(photo_url="https://example.org/x.png")
    type(speaker).objects.filter(pk=speaker.pk).update(photo_url=url)
    for path in media_root.rglob("*.png"):
        path.unlink()

    with jobs.enqueue():
        task = queue_thumbnails("speaker", speaker.pk, url)
    jobs.run()

    task.refresh_from_db()
    assert task.state == "FAILURE"
    assert task.error.startswith("Thumbnails could not be made")


def test_unknown_kind_is_refused(db):
    with pytest.raises(ValueError):
        queue_thumbnails("session", 1, "/v1/media/x.png")


def test_task_shows_the_result_to_an_admin(uploader, jobs):
    url = upload_image(uploader, (100, 100))
    with jobs.enqueue():
        SpeakerFactory(photo_url=url)
    jobs.run()
    task = Task.objects.get(kind="thumbnails")

    body = Api(AdminFactory()).client.get(f"/v1/tasks/{task.pk}").json()

    assert body["state"] == "SUCCESS"
    assert set(body["result"]) == {"thumbnail_image_url", "small_image_url", "icon_image_url"}


def test_auto_thumbnails_can_be_switched_off(settings, uploader, jobs):
    settings.MEDIA_AUTO_THUMBNAILS = False
    url = upload_image(uploader, (100, 100))

    with jobs.enqueue():
        SpeakerFactory(photo_url=url)
    jobs.run()

    assert not Task.objects.exists()


def test_non_image_uploads_and_directly_stored_files_start_no_job(uploader, jobs):
    pdf_url = uploader.post_multipart("/v1/upload/files", {"file": as_upload("a.pdf", pdf())}).json()["url"]
    _, stored_url = save_file("events/1/speakers/1/photo/x.png", png())

    with jobs.enqueue():
        SpeakerFactory(photo_url=pdf_url)
        SpeakerFactory(photo_url=stored_url)
    jobs.run()

    assert not Task.objects.exists()
