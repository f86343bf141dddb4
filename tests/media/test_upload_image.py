"""POST /v1/upload/image: a base64 data URL in a JSON body."""

import base64
import json
from urllib.parse import urlsplit

import pytest

from media.models import Upload
from tests.factories.media import HTML, SCRIPT, image_bytes, jpeg, pdf, png, truncated_png

URL = "/v1/upload/image"


def data_url(content, subtype="png"):
    return f"data:image/{subtype};base64,{base64.b64encode(content).decode()}"


def post(client, body, content_type="application/json", url=URL):
    return client.client.post(url, json.dumps(body), content_type=content_type)


@pytest.mark.parametrize("role", ["user", "owner", "organizer", "coorganizer", "admin", "super_admin"])
def test_upload_image_by_each_logged_in_role(as_role, api, role, stored_files):
    content = png()
    response = post(as_role(role), {"data": data_url(content)})

    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert url.startswith("http://testserver/v1/media/temp/images/") and url.endswith(".png")
    served = api().client.get(urlsplit(url).path)
    assert b"".join(served.streaming_content) == content
    assert served["Content-Type"] == "image/png"
    assert len(stored_files()) == 1
    assert Upload.objects.get().kind == "image"


def test_upload_image_refused_for_anonymous(api, db, stored_files):
    response = post(api(), {"data": data_url(png())})

    assert response.status_code == 401
    assert stored_files() == []


@pytest.mark.parametrize(
    "content, subtype, ext",
    [
        (jpeg(), "jpeg", "jpg"),
        (jpeg(), "jpg", "jpg"),
        (image_bytes("GIF"), "gif", "gif"),
        (image_bytes("WEBP"), "webp", "webp"),
    ],
)
def test_image_types_are_normalised(uploader, content, subtype, ext):
    response = post(uploader, {"data": data_url(content, subtype)})

    assert response.status_code == 200, response.content
    assert response.json()["url"].endswith(f".{ext}")


def test_json_api_content_type_is_accepted(uploader):
    response = post(uploader, {"data": data_url(png())}, content_type="application/vnd.api+json")
    assert response.status_code == 200, response.content


def test_force_local(uploader, settings, stored_files):
    settings.STORAGE_BACKEND = "gcs"
    settings.GS_BUCKET_NAME = "unreachable"
    settings.GS_ENDPOINT_URL = "http://127.0.0.1:9"

    response = post(uploader, {"data": data_url(png())}, url=f"{URL}?force_local=true")

    assert response.status_code == 200, response.content
    assert len(stored_files()) == 1


def assert_refused(response, status, stored_files):
    assert response.status_code == status, response.content
    assert response.json()["errors"][0]["status"] == str(status)
    assert stored_files() == []
    assert not Upload.objects.exists()


@pytest.mark.parametrize("body", [{}, {"data": ""}, {"data": None}, {"image": data_url(png())}, []])
def test_missing_data_is_refused(uploader, stored_files, body):
    assert_refused(post(uploader, body), 400, stored_files)


def test_malformed_json_is_refused(uploader, stored_files):
    response = uploader.client.post(URL, "{not json", content_type="application/json")
    assert_refused(response, 400, stored_files)


@pytest.mark.parametrize(
    "data",
    [
        "not a data url",
        "data:text/html;base64," + base64.b64encode(HTML).decode(),
        "data:image/png;base64,@@@not-base64@@@",
        "data:image/png," + "plain",
    ],
)
def test_malformed_data_url_is_refused(uploader, stored_files, data):
    assert_refused(post(uploader, {"data": data}), 422, stored_files)


def test_empty_image_is_refused(uploader, stored_files):
    assert_refused(post(uploader, {"data": "data:image/png;base64,"}), 422, stored_files)


@pytest.mark.parametrize("content", [SCRIPT, HTML, pdf(), b"<svg xmlns='http://www.w3.org/2000/svg'/>"])
def test_non_images_are_refused(uploader, stored_files, content):
    assert_refused(post(uploader, {"data": data_url(content)}), 415, stored_files)


def test_spoofed_subtype_is_refused(uploader, stored_files):
    assert_refused(post(uploader, {"data": data_url(jpeg(), "png")}), 422, stored_files)


def test_svg_subtype_is_refused(uploader, stored_files):
    assert_refused(post(uploader, {"data": data_url(png(), "svg+xml")}), 422, stored_files)


def test_truncated_image_is_refused(uploader, stored_files):
    assert_refused(post(uploader, {"data": data_url(truncated_png())}), 422, stored_files)


def test_oversized_image_is_refused(uploader, settings, stored_files):
    settings.UPLOAD_IMAGE_MAX_BYTES = 100
    assert_refused(post(uploader, {"data": data_url(png((300, 300)))}), 413, stored_files)


def test_oversized_body_is_refused_before_parsing(uploader, settings, stored_files):
    settings.UPLOAD_IMAGE_MAX_BYTES = 10
    body = {"data": data_url(png()), "padding": "x" * 200_000}
    assert_refused(post(uploader, body), 413, stored_files)
