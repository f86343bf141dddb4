"""Media inside an archive are checked like uploads: content sniffed, per-kind size limits, streamed."""

import io

import pytest

from tests.factories import UserFactory
from tests.factories.media import MP4, pdf, png
from tests.factories.transfers import published_sample, zip_bytes
from transfers.importer import import_archive

pytestmark = pytest.mark.django_db


def run(files):
    return import_archive(io.BytesIO(zip_bytes(files)), UserFactory())


def dropped(outcome, field):
    return [w for w in outcome.warnings if w["field"] == field and w["action"] == "dropped value"]


def test_a_logo_over_the_image_limit_is_left_out_without_reading_it_whole(settings, media_root):
    settings.UPLOAD_IMAGE_MAX_BYTES = 64 * 1024
    files = published_sample()
    files["images/logo.png"] = png() + b"\x00" * (5 * 1024 * 1024)  # compresses to a few KB
    outcome = run(files)
    assert outcome.event.logo_url is None
    (warning,) = dropped(outcome, "logo-url")
    assert "larger than the 65536 bytes" in warning["message"] and warning["value"] == "/images/logo.png"
    assert outcome.event.speakers.get(name="Ada").photo_url  # the other media were stored
    assert all(p.stat().st_size < 64 * 1024 for p in media_root.rglob("*") if p.is_file())


def test_a_file_whose_content_is_not_an_image_is_left_out():
    files = published_sample()
    files["images/logo.png"] = b"<html><script>alert(1)</script></html>"
    outcome = run(files)
    assert outcome.event.logo_url is None
    assert dropped(outcome, "logo-url")


def test_media_of_the_wrong_kind_for_its_field_are_left_out():
    files = published_sample()
    files["images/logo.png"] = pdf()
    files["sessions"][0]["video-url"] = "/videos/talk.mp4"
    files["videos/talk.mp4"] = MP4
    outcome = run(files)
    assert outcome.event.logo_url is None
    (warning,) = dropped(outcome, "logo-url")
    assert "not image" in warning["message"] or "refused" in warning["message"]
    assert outcome.event.sessions.get(title="Hello").video_url.endswith("videos/talk.mp4")


def test_a_truncated_image_is_left_out():
    files = published_sample()
    files["images/speakers/ada.png"] = png()[:40]
    outcome = run(files)
    assert outcome.event.speakers.get(name="Ada").photo_url is None
    (warning,) = dropped(outcome, "photo-url")
    assert warning["file"] == "speakers" and warning["record"] == 20
