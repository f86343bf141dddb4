"""Import/export benchmark: FOSSASIA 2016 sample and a generated event of 20,000 sessions and 10,000 speakers.

    .venv/bin/python bench/import_export.py                      # SQLite (a temporary file database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/transfers_bench .venv/bin/python bench/import_export.py

PostgreSQL: the script creates (and drops) `test_<name>`, so point it at your own name, never `test`.
Prints seconds per step and the process's peak memory (ru_maxrss) after each step.
Targets: FOSSASIA 2016 import < 2 s, export < 0.5 s; 20k sessions import < 30 s, export < 15 s; peak < 500 MB.
Schedule formats (iCal, xCal, Pentabarf, CSV, PDF): each < 10 s for the 20k-session event.
"""

import io
import json
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventyay.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
WORK = Path(tempfile.mkdtemp(prefix="eventyay-bench-"))
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.conf import settings as _settings  # noqa: E402

_settings.DEBUG = False  # production setting: no SQL logging

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SAMPLE = Path(os.environ.get("EVENTYAY_SHARED_DATA", BASE.parent / "shared" / "data")) / "open-event-samples"


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generated_zip(sessions=20000, speakers=10000, length="00:30", nested_length=0.3):
    """An event in the published Open Event format (dashed keys, nested references, links on both sides).

    `length="00:60"` gives the session types the spelling an import once refused the whole archive for.
    """
    tracks = [{"id": i, "name": f"Track {i}", "color": "#3DC8C3"} for i in range(1, 41)]
    rooms = [{"id": i, "name": f"Room {i}", "floor": i % 5} for i in range(1, 61)]
    types = [{"id": i, "name": f"Type {i}", "length": length} for i in range(1, 11)]
    people = [
        {
            "id": i,
            "name": f"Speaker {i}",
            "email": f"speaker{i}@example.org",
            "organisation": "Org",
            "short-biography": "Bio " * 40,
            "country": "Singapore",
            "website": f"https://example.org/{i}",
            "is-featured": i % 10 == 0,
            "sessions": [],
        }
        for i in range(1, speakers + 1)
    ]
    talks = []
    for i in range(1, sessions + 1):
        linked = [1 + (i * 7) % speakers, 1 + (i * 13) % speakers]
        talks.append(
            {
                "id": i,
                "title": f"Session {i}",
                "subtitle": None,
                "short-abstract": "Abstract " * 30,
                "long-abstract": "Long abstract " * 60,
                "state": "accepted",
                "language": "English",
                "starts-at": f"2030-03-{18 + i % 4:02d}T{9 + i % 8:02d}:00:00+08:00",
                "ends-at": f"2030-03-{18 + i % 4:02d}T{9 + i % 8:02d}:30:00+08:00",
                "track": {"id": 1 + i % 40, "name": f"Track {1 + i % 40}"},
                "microlocation": {"id": 1 + i % 60},
                "session-type": {"id": 1 + i % 10, "name": f"Type {1 + i % 10}", "length": nested_length},
                "speakers": [{"id": linked[0], "name": f"Speaker {linked[0]}"}],
            }
        )
        people[linked[1] - 1]["sessions"].append({"id": i, "title": f"Session {i}"})
    event = {
        "id": 1,
        "name": "Big Summit",
        "starts-at": "2030-03-18T09:00:00+08:00",
        "ends-at": "2030-03-21T18:00:00+08:00",
        "timezone": "Asia/Singapore",
        "social-links": [{"id": 1, "name": "Twitter", "link": "https://twitter.com/x"}],
    }
    files = {
        "event": event,
        "tracks": tracks,
        "microlocations": rooms,
        "session_types": types,
        "speakers": people,
        "sessions": talks,
        "sponsors": [],
        "forms": [],
        "meta": {"root-url": ""},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, json.dumps(content))
    return buffer.getvalue()


def step(label, func):
    """Runs `func`; prints wall seconds, this process's CPU seconds (less disturbed by a busy machine) and peak."""
    start, cpu = time.perf_counter(), time.process_time()
    value = func()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<42} {wall:7.2f} s   cpu {cpu:6.2f} s   peak {peak_mb():6.0f} MB", flush=True)
    return value


# ------------------------------------------------------------------ schedule formats (issue 18)


def schedule_formats(label, event):
    """Each schedule export format of `event`, timed (target: under 10 s each for 20k sessions)."""
    from transfers.exporters import FORMATS, export

    for name in FORMATS:
        content = step(f"{label} {name}", lambda name=name: export(event, name))
        print(f"{'':<42} {len(content) / 1e6:.1f} MB")


def main():
    from eventyay.users.models import User
    from transfers.exporter import export_event
    from transfers.importer import import_archive

    setup_test_environment()
    test_name = None
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(WORK / "bench.sqlite3")
    print(f"database: {connection.vendor}; media: {settings.MEDIA_ROOT}")
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        owner = User.objects.create_user(email="bench@example.org", password="bench-password-1")
        sample = SAMPLE / "FOSSASIASummit2016.zip"
        if sample.exists():
            data = sample.read_bytes()
            event = step(
                "FOSSASIA 2016 import (491 sessions, media)", lambda: import_archive(io.BytesIO(data), owner).event
            )
            path = step("FOSSASIA 2016 export (no media)", lambda: export_event(event, []))
            os.unlink(path)
            path = step("FOSSASIA 2016 export (images)", lambda: export_event(event, ["image"]))
            os.unlink(path)
            schedule_formats("FOSSASIA 2016", event)
        else:
            print(f"(FOSSASIA 2016 sample not found at {sample}; skipped)")
        big = step("generate 20k sessions / 10k speakers zip", generated_zip)
        print(f"{'':<42} zip {len(big) / 1e6:.1f} MB")
        event = step("import 20k sessions / 10k speakers", lambda: import_archive(io.BytesIO(big), owner).event)
        print(f"{'':<42} {event.sessions.count()} sessions, {event.speakers.count()} speakers")
        if connection.vendor == "postgresql":
            print(f"{'':<42} (PostgreSQL floor, parsing + COPY of this event: about 2.2 s; target 4.4 s)")
        messy = generated_zip(length="00:60", nested_length="00:60")
        outcome = step('import 20k sessions, lengths "00:60"', lambda: import_archive(io.BytesIO(messy), owner))
        lengths = sorted(set(outcome.event.session_types.values_list("length", flat=True)))
        count = outcome.event.sessions.count()
        print(f"{'':<42} {count} sessions, lengths {lengths}, {len(outcome.warnings)} warnings")
        path = step("export 20k sessions / 10k speakers", lambda: export_event(event, []))
        print(f"{'':<42} zip {os.path.getsize(path) / 1e6:.1f} MB")
        os.unlink(path)
        schedule_formats("20k", event)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        print(f"peak memory of the whole run: {peak_mb():.0f} MB (test db {test_name} dropped)")


if __name__ == "__main__":
    main()
