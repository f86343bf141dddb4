"""Zips in the Open Event format (good and hostile) and job rows, for the transfers tests."""

import io
import json
import stat
import zipfile

import factory

from eventyay.tasks.models import Task
from tests.factories.events import EventFactory
from tests.factories.media import png
from tests.factories.users import UserFactory
from transfers.models import ExportJob, ImportJob

PNG = png()


def zip_bytes(entries, symlinks=(), compression=zipfile.ZIP_DEFLATED):
    """{name: bytes | str | JSON-able} → zip bytes; names in `symlinks` are written as symlink entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            if not isinstance(content, bytes | str):
                content = json.dumps(content)
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            if name in symlinks:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def published_sample(**overrides):
    """A small event in the published (dashed) format: links on the speaker side, nested references."""
    files = {
        "event": {
            "id": 7,
            "name": "Tiny Conf",
            "starts-at": "2030-03-18T09:30:00+08:00",
            "ends-at": "2030-03-19T17:30:00+08:00",
            "timezone": "Asia/Singapore",
            "logo-url": "/images/logo.png",
            "privacy": "public",
            "state": "Published",
            "social-links": [{"id": 1, "name": "Twitter", "link": "https://twitter.com/tiny"}],
            "speakers-call": {
                "announcement": "Send talks",
                "starts-at": "2030-01-01T00:00:00+00:00",
                "ends-at": "2030-02-01T00:00:00+00:00",
                "privacy": "public",
            },
            "mystery-key": 1,
        },
        "microlocations": [{"id": 3, "name": "Hall A", "floor": "1"}],
        "tracks": [{"id": 4, "name": "Web", "color": "#abc", "font-color": "#000000", "sessions": [{"id": 10}]}],
        "session_types": [{"id": 5, "name": "Talk", "length": 0.3}],
        "speakers": [
            {
                "id": 20,
                "name": "Ada",
                "email": "ada@example.org",
                "photo-url": "/images/speakers/ada.png",
                "is-featured": "true",
                "sessions": [{"id": 10, "title": "Hello"}],
            },
            {"id": 21, "name": "Bob", "photo-url": "/images/speakers/missing.png", "sessions": []},
        ],
        "sponsors": [{"id": 30, "name": "ACME", "level": "2", "logo-url": "https://cdn.example.org/acme.png"}],
        "sessions": [
            {
                "id": 10,
                "title": "Hello",
                "state": "accepted",
                "starts-at": "2030-03-18T10:00:00+08:00",
                "ends-at": "2030-03-18T10:30:00+08:00",
                "session-type": {"id": 5, "name": "Talk"},
                "microlocation": {"id": 3, "name": "Hall A"},
                "speakers": [],
            },
            {
                "id": 11,
                "title": "World",
                "state": "confirmed",
                "starts-at": "2030-03-18T11:00:00",
                "ends-at": "2030-03-18T11:30:00",
                "track": 4,
                "speakers": [{"id": 21, "name": "Bob"}],
            },
        ],
        "forms": [
            {
                "id": 7,
                "session-form": json.dumps({"title": {"require": 1, "include": 1}}),
                "speaker-form": json.dumps({"short-biography": {"require": 0, "include": 1}}),
            }
        ],
        "meta": {"root-url": ""},
        "images/logo.png": PNG,
        "images/speakers/ada.png": png((30, 30)),
    }
    files.update(overrides)
    return files


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    kind = "import"
    func = "transfers.jobs.import_event"
    user = factory.SubFactory(UserFactory)
    state = Task.State.SUCCESS


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    user = factory.SubFactory(UserFactory)
    task = factory.SubFactory(TaskFactory, user=factory.SelfAttribute("..user"))
    filename = factory.Sequence(lambda n: f"event{n}.zip")
    event = factory.SubFactory(EventFactory)


class ExportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportJob

    user = factory.SubFactory(UserFactory)
    task = factory.SubFactory(
        TaskFactory, user=factory.SelfAttribute("..user"), kind="export", func="transfers.jobs.export_event"
    )
    event = factory.SubFactory(EventFactory)
