"""Hostile archives: each is refused with a message a person understands, and nothing is written."""

import io
import zipfile

import pytest

from events.models import Event, Session
from tests.factories import UserFactory
from tests.factories.transfers import published_sample, zip_bytes
from transfers.archive import ArchiveError, SafeArchive
from transfers.importer import import_archive
from transfers.normalise import NormaliseError


def run_import(data, user=None):
    return import_archive(io.BytesIO(data), user or UserFactory())


def assert_refused(data, message, exc=ArchiveError):
    before = (Event.all_objects.count(), Session.all_objects.count())
    with pytest.raises(exc, match=message):
        run_import(data)
    assert (Event.all_objects.count(), Session.all_objects.count()) == before


@pytest.mark.django_db
def test_not_a_zip_is_refused():
    assert_refused(b"this is not a zip at all", "not a zip archive")


@pytest.mark.django_db
def test_zip_bomb_is_stopped_by_the_bytes_actually_decompressed(settings):
    settings.TRANSFERS_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = zip_bytes({"event": {"name": "E"}, "sessions": b"[" + b" " * (3 * 1024 * 1024) + b"]"})
    assert len(bomb) < 20 * 1024
    assert_refused(bomb, "decompresses to more than")


@pytest.mark.django_db
def test_zip_bomb_with_lying_headers_is_still_counted(settings):
    settings.TRANSFERS_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    data = bytearray(zip_bytes({"event": {"name": "E"}, "images/big.png": b"\x00" * (2 * 1024 * 1024)}))
    # Rewrite the declared size of the big entry (local and central headers) to 10 bytes.
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("images/big.png")
    size = (2 * 1024 * 1024).to_bytes(4, "little")
    data = bytes(data).replace(size, (10).to_bytes(4, "little"))
    assert info.file_size == 2 * 1024 * 1024
    # Whatever zipfile makes of the lie, the import either refuses it or reads at most the cap.
    try:
        with SafeArchive(io.BytesIO(data)) as safe:
            safe.read_bytes("images/big.png")
            assert safe.read_total <= 1024 * 1024
    except ArchiveError:
        pass


@pytest.mark.django_db
def test_too_many_entries_are_refused(settings):
    settings.TRANSFERS_MAX_ENTRIES = 5
    files = {"event": {"name": "E"}, **{f"images/{i}.png": b"x" for i in range(10)}}
    assert_refused(zip_bytes(files), "at most 5 are accepted")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../evil", "images/../../evil", "/etc/passwd", "C:/windows/evil", "..\\evil"])
def test_paths_leaving_the_archive_refuse_the_whole_archive(name):
    files = published_sample()
    files[name] = b"x"
    assert_refused(zip_bytes(files), "refused")


@pytest.mark.django_db
def test_symlink_entries_refuse_the_whole_archive():
    files = published_sample()
    files["images/link.png"] = "/etc/passwd"
    assert_refused(zip_bytes(files, symlinks={"images/link.png"}), "symbolic link")


@pytest.mark.django_db
def test_invalid_json_in_the_event_file_is_refused_with_the_file_name():
    assert_refused(zip_bytes({"event": b'{"name": "E"', "sessions": []}), "File 'event' is not valid JSON")


@pytest.mark.django_db
def test_an_unreadable_other_file_is_skipped_with_a_warning_and_the_rest_imported():
    files = published_sample()
    files["sponsors"] = b"[{'id': 1,]"
    outcome = run_import(zip_bytes(files))
    assert outcome.event.sponsors.count() == 0 and outcome.event.sessions.count() == 2
    (warning,) = [w for w in outcome.warnings if w["file"] == "sponsors"]
    assert warning["action"] == "skipped file" and "not valid json" in warning["message"].lower()


@pytest.mark.django_db
def test_non_utf8_event_is_refused():
    assert_refused(zip_bytes({"event": '{"name": "E"}'.encode("utf-16")}), "not UTF-8|not valid JSON")


@pytest.mark.django_db
def test_a_file_of_the_wrong_shape_is_skipped_with_a_warning():
    outcome = run_import(zip_bytes({"event": {"name": "E"}, "speakers": {"not": "a list"}}))
    assert outcome.event.speakers.count() == 0
    assert [w["action"] for w in outcome.warnings if w["file"] == "speakers"] == ["skipped file"]


@pytest.mark.django_db
def test_an_event_without_a_name_is_refused():
    assert_refused(zip_bytes({"event": {"description": "x"}}), "no name", NormaliseError)


@pytest.mark.django_db
def test_missing_event_file_is_refused():
    assert_refused(zip_bytes({"sessions": []}), "no 'event' file")


@pytest.mark.django_db
def test_unknown_files_and_missing_media_are_warnings():
    files = published_sample()
    files["notes/readme.txt"] = b"hello"
    outcome = run_import(zip_bytes(files))
    assert any("notes/readme.txt" in w["message"] for w in outcome.warnings)
    assert any("missing from the archive" in w["message"] for w in outcome.warnings)
    bob = outcome.event.speakers.get(name="Bob")
    assert bob.photo_url is None


@pytest.mark.django_db
def test_archive_inside_one_folder_is_accepted():
    files = {f"tiny/{k}": v for k, v in published_sample().items()}
    outcome = run_import(zip_bytes(files))
    assert outcome.event.sessions.count() == 2
    assert outcome.event.logo_url
