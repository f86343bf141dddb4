"""`manage.py delete_temp_uploads`: old temporary uploads that nothing points to are removed."""

import base64
import json
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from media.models import Upload
from tests.conftest import Api
from tests.factories import EventFactory, SessionFactory, SpeakerFactory
from tests.factories.media import as_upload, pdf, png


def upload(api, content=None, name="a.png"):
    response = api.post_multipart("/v1/upload/files", {"file": as_upload(name, content or png())})
    assert response.status_code == 200
    return response.json()["url"]


def age(url, days):
    Upload.objects.filter(url=url).update(created_at=timezone.now() - timedelta(days=days))


def exists(url):
    return Api().client.get(urlsplit(url).path).status_code == 200


def run(*args):
    out = StringIO()
    call_command("delete_temp_uploads", *args, stdout=out)
    return out.getvalue()


def test_old_unused_uploads_are_removed_and_others_kept(uploader):
    old_unused, recent, used_by_speaker, used_in_text, used_by_session = (upload(uploader) for _ in range(5))
    for url in (old_unused, used_by_speaker, used_in_text, used_by_session):
        age(url, 10)
    SpeakerFactory(photo_url=used_by_speaker)
    EventFactory(description=f'<p><img src="{used_in_text}"></p>')
    SessionFactory(slides_url=used_by_session.replace("http://testserver", "https://other-host"))

    output = run("--days", "7")

    assert "Removed 1 temporary upload(s) older than 7 day(s)." in output
    assert not exists(old_unused)
    assert not Upload.objects.filter(url=old_unused).exists()
    for url in (recent, used_by_speaker, used_in_text, used_by_session):
        assert exists(url) and Upload.objects.filter(url=url).exists()


def test_soft_deleted_rows_still_count_as_references(uploader):
    url = upload(uploader)
    age(url, 30)
    speaker = SpeakerFactory(photo_url=url)
    speaker.soft_delete()

    run("--days", "7")

    assert exists(url)


def test_dry_run_removes_nothing(uploader):
    url = upload(uploader, pdf(), "a.pdf")
    age(url, 8)

    assert "Would remove 1" in run("--days", "7", "--dry-run")
    assert exists(url)


def test_thumbnails_are_not_temporary(uploader, jobs):
    body = {"data": "data:image/png;base64," + base64.b64encode(png()).decode()}
    url = uploader.client.post("/v1/upload/image", json.dumps(body), content_type="application/json").json()["url"]
    with jobs.enqueue():
        SpeakerFactory(photo_url=url)
    jobs.run()
    Upload.objects.update(created_at=timezone.now() - timedelta(days=100))

    run("--days", "1")

    assert Upload.objects.filter(kind="thumbnail").count() == 3
    assert Upload.objects.filter(kind="image").count() == 1  # the speaker's photo is in use


def test_negative_days_are_refused(db):
    with pytest.raises(CommandError):
        run("--days", "-1")
