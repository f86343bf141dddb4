"""GET /v1/media/<key>: local files with safe headers, nothing outside MEDIA_ROOT."""

import pytest

from media.storage import save_file
from tests.conftest import Api


@pytest.fixture
def client(db):
    return Api().client


def test_image_is_inline_and_not_sniffed(client, media_root):
    key, url = save_file("events/1/logo/a.png", b"\x89PNG\r\n\x1a\nrest")

    response = client.get(url)

    assert url == "/v1/media/events/1/logo/a.png"
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["archives/1/event1.zip", "slides/a.pdf", "notes/readme"])
def test_everything_else_is_an_attachment(client, name):
    _, url = save_file(name, b"content")

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] in ("application/octet-stream", "application/pdf")


def test_head_has_the_headers(client):
    _, url = save_file("slides/a.pdf", b"%PDF-1.4")
    response = client.head(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "/v1/media/missing.png",
        "/v1/media/../eventyay/settings.py",
        "/v1/media/..%2F..%2Fmanage.py",
        "/v1/media/%2Fetc%2Fpasswd",
        "/v1/media/events/",
    ],
)
def test_missing_or_outside_files_are_404(client, path, media_root):
    (media_root / "events").mkdir(parents=True, exist_ok=True)
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["errors"][0]["status"] == "404"


def test_a_web_server_can_serve_media_url_instead(db, settings):
    settings.MEDIA_SERVED_BY_APP = False
    _, url = save_file("a/b.png", b"x")
    assert url == "/media/a/b.png"
