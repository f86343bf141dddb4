"""S3 and GCS (its S3-compatible API) against a real S3 HTTP endpoint: moto's server on 127.0.0.1."""

import base64
import io
import json

import boto3
import pytest
import requests
from moto.server import ThreadedMotoServer
from PIL import Image

from media.models import StorageSettings, Upload
from media.storage import get_storage, save_file
from tests.factories import SpeakerFactory
from tests.factories.media import as_upload, jpeg, pdf, png

BUCKET = "eventyay-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    """STORAGE_BACKEND=s3 pointed at the moto server, with a fresh bucket."""
    settings.STORAGE_BACKEND = "s3"
    settings.AWS_ACCESS_KEY_ID = "testing"
    settings.AWS_SECRET_ACCESS_KEY = "testing"
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_upload_to_s3_and_fetch_the_url(uploader, s3, s3_endpoint, stored_files):
    content = png()
    response = uploader.post_multipart("/v1/upload/files", {"file": as_upload("photo.png", content)})

    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert url.startswith(f"{s3_endpoint}/{BUCKET}/events/temp/") and url.endswith(".png")
    fetched = requests.get(url, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == content
    assert fetched.headers["Content-Type"] == "image/png"
    assert "attachment" not in fetched.headers.get("Content-Disposition", "")
    assert stored_files() == []
    assert Upload.objects.get().backend == "s3"


def test_non_image_on_s3_is_an_attachment(uploader, s3):
    response = uploader.post_multipart("/v1/upload/files", {"file": as_upload("talk.pdf", pdf())})

    fetched = requests.get(response.json()["url"], timeout=10)
    assert fetched.content == pdf()
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert fetched.headers["Content-Disposition"].startswith("attachment")


def test_several_files_to_s3(uploader, s3):
    contents = [png(), jpeg()]
    response = uploader.post_multipart(
        "/v1/upload/files", {"files[]": [as_upload("a.png", contents[0]), as_upload("b.jpg", contents[1])]}
    )

    urls = response.json()["url"]
    assert [requests.get(u, timeout=10).content for u in urls] == contents


def test_base64_image_to_s3(uploader, s3):
    content = jpeg()
    body = {"data": "data:image/jpeg;base64," + base64.b64encode(content).decode()}
    response = uploader.client.post("/v1/upload/image", json.dumps(body), content_type="application/json")

    assert response.status_code == 200, response.content
    assert "/temp/images/" in response.json()["url"]
    assert requests.get(response.json()["url"], timeout=10).content == content


def test_force_local_skips_s3(uploader, s3, stored_files):
    response = uploader.post_multipart("/v1/upload/files?force_local=true", {"file": as_upload("a.png", png())})

    assert "/v1/media/" in response.json()["url"]
    assert len(stored_files()) == 1
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0


def test_refused_upload_stores_nothing_on_s3(uploader, s3):
    response = uploader.post_multipart("/v1/upload/files", {"file": as_upload("a.png", b"#!/bin/sh\n")})

    assert response.status_code == 415
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0


def test_save_file_entry_point_uses_s3(s3, db):
    key, url = save_file("exports/1/zip/event1.zip", b"PK\x05\x06" + b"\0" * 18)

    assert key == "exports/1/zip/event1.zip"
    assert requests.get(url, timeout=10).content == b"PK\x05\x06" + b"\0" * 18
    assert get_storage().exists(key)


def test_admin_settings_override_the_environment(settings, s3_endpoint, s3, db, uploader):
    """The environment says local; the admin's row says S3 with its own credentials."""
    settings.STORAGE_BACKEND = "local"
    settings.AWS_STORAGE_BUCKET_NAME = ""
    settings.AWS_S3_ENDPOINT_URL = None
    StorageSettings(
        backend="s3",
        s3_bucket=BUCKET,
        s3_endpoint_url=s3_endpoint,
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
    ).save()

    response = uploader.post_multipart("/v1/upload/files", {"file": as_upload("a.png", png())})

    assert response.json()["url"].startswith(f"{s3_endpoint}/{BUCKET}/")
    assert requests.get(response.json()["url"], timeout=10).content == png()


def test_gcs_through_its_s3_compatible_api(settings, s3_endpoint, s3, uploader):
    settings.STORAGE_BACKEND = "gcs"
    settings.GS_BUCKET_NAME = BUCKET
    settings.GS_ACCESS_KEY_ID = "testing"
    settings.GS_SECRET_ACCESS_KEY = "testing"
    settings.GS_ENDPOINT_URL = s3_endpoint

    response = uploader.post_multipart("/v1/upload/files", {"file": as_upload("a.pdf", pdf())})

    url = response.json()["url"]
    assert url.startswith(f"{s3_endpoint}/{BUCKET}/events/temp/")  # path style, as storage.googleapis.com/<bucket>/
    fetched = requests.get(url, timeout=10)
    assert fetched.content == pdf()
    assert fetched.headers["Content-Disposition"].startswith("attachment")
    assert Upload.objects.get().backend == "gcs"


def test_unknown_backend_is_a_configuration_error(settings, uploader):
    settings.STORAGE_BACKEND = "ftp"
    with pytest.raises(Exception, match="Unknown storage backend"):
        get_storage()


def test_without_an_acl_the_bucket_policy_decides(settings, uploader, s3):
    settings.AWS_DEFAULT_ACL = None
    response = uploader.post_multipart("/v1/upload/files", {"file": as_upload("a.png", png())})

    assert response.status_code == 200
    assert requests.get(response.json()["url"], timeout=10).status_code == 403  # moto's default: private


def test_thumbnails_of_an_s3_image_are_stored_on_s3(uploader, s3, jobs):
    body = {"data": "data:image/png;base64," + base64.b64encode(png((1000, 500))).decode()}
    url = uploader.client.post("/v1/upload/image", json.dumps(body), content_type="application/json").json()["url"]

    with jobs.enqueue():
        speaker = SpeakerFactory(photo_url=url)
    jobs.run()

    speaker.refresh_from_db()
    assert speaker.thumbnail_image_url.startswith(f"{s3.meta.endpoint_url}/{BUCKET}/events/{speaker.event_id}/")
    fetched = requests.get(speaker.thumbnail_image_url, timeout=10)
    assert fetched.headers["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(fetched.content)) as img:
        assert img.size == (500, 250)
