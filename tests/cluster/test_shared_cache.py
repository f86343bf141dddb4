"""Two gunicorn processes sharing one Redis: an answer cached by one is served by the other, and a write
seen by either process makes both render afresh."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("CLUSTER_TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/7"

pytestmark = [pytest.mark.redis, pytest.mark.slow]

SEED = """
from events.models import Event, Session, Track
from django.utils import timezone
start = timezone.now() + timezone.timedelta(days=30)
event = Event.objects.create(name="Shared cache", state="published", starts_at=start,
                             ends_at=start + timezone.timedelta(days=1), timezone="UTC",
                             is_sessions_speakers_enabled=True)
track = Track.objects.create(event=event, name="Main", color="#112233")
for i in range(3):
    Session.objects.create(event=event, title=f"Talk {i}", state="accepted", track=track,
                           starts_at=start, ends_at=start + timezone.timedelta(minutes=30))
print(event.pk)
"""


def _redis_up():
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def _port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept": "application/vnd.api+json"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our loopback server
        return response.headers.get("X-Response-Cache"), response.headers.get("ETag"), response.read()


def _wait(port, process, path):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            return _get(port, path)
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer")


@pytest.fixture
def cluster_env(tmp_path):
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.cluster.redis_cache_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "CACHE_REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "DEBUG": "true",
        "LOG_LEVEL": "WARNING",
    }
    (tmp_path / "metrics").mkdir()
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    seeded = subprocess.run([*manage, "shell", "-c", SEED], cwd=ROOT, env=env, check=True, capture_output=True)
    return env, manage, int(seeded.stdout.split()[-1])


def test_two_processes_share_cached_answers_and_their_invalidation(cluster_env):
    env, manage, event_id = cluster_env
    ports = [_port(), _port()]
    command = [sys.executable, "-m", "gunicorn", "-w", "1", "--log-level", "warning", "eventyay.wsgi:application"]
    servers = [
        subprocess.Popen([*command, "-b", f"127.0.0.1:{port}"], cwd=ROOT, env=env, start_new_session=True)
        for port in ports
    ]
    path = f"/v1/events/{event_id}/sessions?include=track"
    try:
        first = _wait(ports[0], servers[0], path)
        assert first[0] == "miss"
        other = _wait(ports[1], servers[1], path)
        assert other[0] == "hit" and other[1:] == first[1:]  # filled by the other process

        rename = (
            f"from events.models import Session; s = Session.objects.filter(event_id={event_id}).first(); "
            "s.title = 'Renamed in a third process'; s.save()"
        )
        subprocess.run([*manage, "shell", "-c", rename], cwd=ROOT, env=env, check=True)
        after = _get(ports[1], path)
        assert after[0] == "miss" and b"Renamed in a third process" in after[2]
        again = _get(ports[0], path)
        assert again[0] == "hit" and again[2] == after[2]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
