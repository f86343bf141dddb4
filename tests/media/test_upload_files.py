"""POST /v1/upload/files (and /v1/upload/file): multipart uploads, per role, and every refusal."""

from urllib.parse import urlsplit

import pytest
from PIL import Image

from media.models import Upload
from tests.factories.media import HTML, SCRIPT, as_upload, docx, jpeg, pdf, plain_zip, png, truncated_png

URL = "/v1/upload/files"


def fetch(api, url):
    """GET a returned URL through the test client (local files are served by the app)."""
    response = api().client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("role", ["user", "owner", "organizer", "coorganizer", "admin", "super_admin"])
def test_upload_single_file_by_each_logged_in_role(as_role, role, api, stored_files):
    content = png()
    response = as_role(role).post_multipart(URL, {"file": as_upload("photo.png", content, "image/png")})

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    url = response.json()["url"]
    assert url.startswith("http://testserver/v1/media/events/temp/") and url.endswith(".png")
    assert "photo" not in url
    served = fetch(api, url)
    assert b"".join(served.streaming_content) == content
    assert served["Content-Type"] == "image/png"
    assert "attachment" not in served.get("Content-Disposition", "")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert len(stored_files()) == 1
    row = Upload.objects.get()
    assert (row.kind, row.backend, row.size, row.content_type) == ("file", "local", len(content), "image/png")
    assert row.user == as_role(role).user


def test_upload_refused_for_anonymous(api, db, stored_files):
    response = api().post_multipart(URL, {"file": as_upload("photo.png", png())})

    assert response.status_code == 401
    assert response.json()["errors"][0]["status"] == "401"
    assert stored_files() == [] and not Upload.objects.exists()


def test_upload_refused_for_an_invalid_token(api, db, stored_files):
    client = api()
    client.client.credentials(HTTP_AUTHORIZATION="JWT not-a-token")
    response = client.post_multipart(URL, {"file": as_upload("photo.png", png())})

    assert response.status_code == 401
    assert stored_files() == []


def test_upload_file_alias_path(uploader):
    response = uploader.post_multipart("/v1/upload/file", {"file": as_upload("slides.pdf", pdf())})

    assert response.status_code == 200
    assert response.json()["url"].endswith(".pdf")


@pytest.mark.parametrize("field", ["files[]", "files"])
def test_upload_several_files(uploader, api, field, stored_files):
    contents = [png(), jpeg(), pdf()]
    parts = [as_upload(n, c) for n, c in zip(["a.png", "b.jpeg", "c.pdf"], contents, strict=True)]

    response = uploader.post_multipart(URL, {field: parts})

    assert response.status_code == 200, response.content
    urls = response.json()["url"]
    assert [u.rsplit(".", 1)[1] for u in urls] == ["png", "jpg", "pdf"]
    assert [b"".join(fetch(api, u).streaming_content) for u in urls] == contents
    assert len(stored_files()) == 3 and Upload.objects.count() == 3


def test_extension_comes_from_the_content_not_the_name(uploader):
    response = uploader.post_multipart(URL, {"file": as_upload("no-extension", jpeg())})

    assert response.status_code == 200
    assert response.json()["url"].endswith(".jpg")


def test_non_image_is_served_as_attachment(uploader, api):
    response = uploader.post_multipart(URL, {"file": as_upload("talk.pdf", pdf())})

    served = fetch(api, response.json()["url"])
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment")


def test_office_document_is_recognised(uploader):
    response = uploader.post_multipart(URL, {"file": as_upload("paper.docx", docx())})

    assert response.status_code == 200
    assert response.json()["url"].endswith(".docx")


def test_force_local_stores_on_disk_whatever_the_backend(uploader, settings, stored_files):
    settings.STORAGE_BACKEND = "s3"
    settings.AWS_STORAGE_BUCKET_NAME = "unreachable"
    settings.AWS_S3_ENDPOINT_URL = "http://127.0.0.1:9"

    response = uploader.post_multipart(f"{URL}?force_local=true", {"file": as_upload("a.png", png())})

    assert response.status_code == 200, response.content
    assert "/v1/media/" in response.json()["url"]
    assert len(stored_files()) == 1
    assert Upload.objects.get().backend == "local"


def test_media_base_url_makes_the_urls(uploader, settings):
    settings.MEDIA_BASE_URL = "https://files.example.org"

    response = uploader.post_multipart(URL, {"file": as_upload("a.png", png())})

    assert response.json()["url"].startswith("https://files.example.org/v1/media/events/temp/")


# --- refusals: a 4xx JSON error document, and nothing stored ---------------------------------


def assert_refused(response, status, stored_files):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["errors"][0]["status"] == str(status)
    assert body["errors"][0]["detail"]
    assert stored_files() == []
    assert not Upload.objects.exists()


def test_no_file_is_refused(uploader, stored_files):
    assert_refused(uploader.post_multipart(URL, {"other": "x"}), 400, stored_files)


def test_no_body_is_refused(uploader, stored_files):
    response = uploader.client.post(URL)
    assert_refused(response, 400, stored_files)


def test_empty_file_is_refused(uploader, stored_files):
    assert_refused(uploader.post_multipart(URL, {"file": as_upload("a.png", b"")}), 422, stored_files)


@pytest.mark.parametrize(
    "name, content",
    [("archive.zip", plain_zip()), ("script.sh", SCRIPT), ("page.html", HTML), ("notes.txt", b"just text")],
)
def test_types_outside_the_allow_list_are_refused(uploader, stored_files, name, content):
    response = uploader.post_multipart(URL, {"file": as_upload(name, content)})
    assert_refused(response, 415, stored_files)


def test_script_renamed_png_is_refused(uploader, stored_files):
    response = uploader.post_multipart(URL, {"file": as_upload("innocent.png", SCRIPT, "image/png")})
    assert_refused(response, 415, stored_files)


def test_html_behind_png_magic_bytes_is_refused(uploader, stored_files):
    content = b"\x89PNG\r\n\x1a\n" + HTML
    response = uploader.post_multipart(URL, {"file": as_upload("innocent.png", content, "image/png")})
    assert_refused(response, 422, stored_files)


def test_truncated_image_is_refused(uploader, stored_files):
    response = uploader.post_multipart(URL, {"file": as_upload("a.png", truncated_png())})
    assert_refused(response, 422, stored_files)


@pytest.mark.parametrize("name", ["picture.pdf", "picture.html", "picture.svg", "picture.jpg"])
def test_spoofed_extension_is_refused(uploader, stored_files, name):
    response = uploader.post_multipart(URL, {"file": as_upload(name, png())})
    assert_refused(response, 422, stored_files)


def test_oversized_file_is_refused(uploader, settings, stored_files):
    settings.UPLOAD_FILES_MAX_BYTES = 200
    response = uploader.post_multipart(URL, {"file": as_upload("a.png", png((400, 400)))})
    assert_refused(response, 413, stored_files)


def test_oversized_request_is_refused_before_reading(uploader, settings, stored_files):
    settings.UPLOAD_FILES_MAX_BYTES = 10
    settings.UPLOAD_MAX_FILES = 1
    response = uploader.post_multipart(URL, {"file": as_upload("a.pdf", pdf() * 3000)})
    assert_refused(response, 413, stored_files)


def test_too_many_files_are_refused(uploader, settings, stored_files):
    settings.UPLOAD_MAX_FILES = 2
    parts = [as_upload(f"{i}.png", png()) for i in range(3)]
    assert_refused(uploader.post_multipart(URL, {"files[]": parts}), 413, stored_files)


def raw_multipart(client, name, content):
    """Django's test client strips paths from file names; a hostile client does not."""
    boundary = "----eventyay-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: image/png\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.client.post(URL, body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.png", "dir/a.png", "C:\\\\Users\\\\me\\\\a.png", "..", "a&#x2f;..&#x2f;b.png"]
)
def test_path_in_the_file_name_is_refused(uploader, stored_files, name):
    response = raw_multipart(uploader, name, png())
    assert_refused(response, 400, stored_files)


def test_plain_name_in_a_raw_request_is_accepted(uploader):
    assert raw_multipart(uploader, "photo.png", png()).status_code == 200


def test_one_bad_file_among_several_stores_nothing(uploader, stored_files):
    parts = [as_upload("a.png", png()), as_upload("b.pdf", pdf()), as_upload("c.png", SCRIPT)]
    assert_refused(uploader.post_multipart(URL, {"files[]": parts}), 415, stored_files)


def test_image_bomb_is_refused(uploader, settings, stored_files):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 100 * 100
    response = uploader.post_multipart(URL, {"file": as_upload("big.png", png((200, 200)))})
    assert_refused(response, 422, stored_files)


def test_get_is_not_allowed(uploader):
    assert uploader.client.get(URL).status_code == 405


def test_stored_image_is_the_uploaded_image(uploader, media_root):
    uploader.post_multipart(URL, {"file": as_upload("a.jpg", jpeg((120, 90)))})
    (path,) = [p for p in media_root.rglob("*") if p.is_file()]
    with Image.open(path) as img:
        assert (img.format, img.size) == ("JPEG", (120, 90))
