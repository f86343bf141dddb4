"""`manage.py import_event` / `export_event`: the jobs' code; on failure a one-line CommandError (exit status 1)."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from tests.factories import EventFactory, SessionFactory, UserFactory
from tests.factories.transfers import published_sample, zip_bytes

pytestmark = pytest.mark.django_db


def test_import_event_command(tmp_path):
    owner = UserFactory()
    path = tmp_path / "tiny.zip"
    path.write_bytes(zip_bytes(published_sample()))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_event", str(path), "--owner", owner.email, stdout=out, stderr=err)
    event = Event.all_objects.get(name="Tiny Conf")
    assert event.owner == owner
    assert f"Imported event {event.pk}" in out.getvalue()
    assert "warning:" in err.getvalue()


@pytest.mark.parametrize(
    ("content", "owner", "message"),
    [(b"not a zip", True, "not a zip archive"), (None, True, "Cannot read"), (b"x", False, "No user with e-mail")],
)
def test_import_event_command_fails_with_one_line(tmp_path, content, owner, message):
    path = tmp_path / "in.zip"
    if content is not None:
        path.write_bytes(content)
    email = UserFactory().email if owner else "nobody@example.org"
    with pytest.raises(CommandError, match=message) as error:
        call_command("import_event", str(path), "--owner", email, stdout=io.StringIO(), stderr=io.StringIO())
    assert "\n" not in str(error.value)
    assert Event.all_objects.count() == 0


def test_export_event_command(tmp_path):
    event = EventFactory()
    SessionFactory(event=event)
    path = tmp_path / "out.zip"
    out = io.StringIO()
    call_command(
        "export_event", event.identifier, "--out", str(path), "--media", "image,audio", stdout=out, stderr=io.StringIO()
    )
    with zipfile.ZipFile(path) as archive:
        assert "sessions" in archive.namelist()
    assert str(path) in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"), [(["999999"], "No event"), (["1", "--media", "pictures"], "Unknown media kind")]
)
def test_export_event_command_failures(tmp_path, args, message):
    EventFactory()
    with pytest.raises(CommandError, match=message):
        call_command(
            "export_event", *args, "--out", str(tmp_path / "x.zip"), stdout=io.StringIO(), stderr=io.StringIO()
        )
