"""Export zips and uploaded import archives are never served by the public media route."""

import pytest

from media.storage import save_file
from tests.conftest import Api

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["exports/1/abc/event1.zip", "imports/abc/upload.zip"])
def test_private_files_are_not_served(key, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stored, _ = save_file(key, b"PK\x05\x06" + b"\x00" * 18, force_local=True)
    assert (tmp_path / stored).exists()
    assert Api().client.get(f"/v1/media/{stored}").status_code == 404


def test_public_upload_is_still_served(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stored, _ = save_file("events/temp/x/readme.txt", b"hello", force_local=True)
    response = Api().client.get(f"/v1/media/{stored}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"


SPELLINGS = [
    "./{key}",
    "%2e/{key}",
    "%252e/{key}",
    "/{key}",
    "{head}//{tail}",
    "{head}/./{tail}",
    "{head}/%2e/{tail}",
    "events/../{key}",
    "events/%2e%2e/{key}",
    "{head}%2f{tail}",
    "{upper}",
    "{head}\\{tail}",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("key", ["exports/1/abc/event1.zip", "imports/abc/upload.zip"])
def test_private_files_are_not_served_by_another_spelling(key, spelling, settings, tmp_path):
    """Issue 15 finding 9: the key is normalised before the private-prefix check."""
    settings.MEDIA_ROOT = tmp_path
    stored, _ = save_file(key, b"PK\x05\x06" + b"\x00" * 18, force_local=True)
    head, tail = stored.split("/", 1)
    path = spelling.format(key=stored, head=head, tail=tail, upper=head.upper() + "/" + tail)
    response = Api().client.get(f"/v1/media/{path}")
    assert response.status_code == 404, path


def test_public_upload_served_under_a_harmless_spelling(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stored, _ = save_file("events/temp/x/readme.txt", b"hello", force_local=True)
    response = Api().client.get(f"/v1/media/./{stored.replace('/', '//', 1)}")
    assert response.status_code == 200
