"""Shared fixtures: an API client per role, JSON:API payload helpers, job runner."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from tests.factories import AdminFactory, EventFactory, SuperAdminFactory, UserFactory, grant

JSONAPI = "application/vnd.api+json"
SHARED_DATA = Path(os.environ.get("EVENTYAY_SHARED_DATA", settings.BASE_DIR.parent / "shared" / "data"))

ROLES = ("anonymous", "user", "owner", "organizer", "coorganizer", "admin", "super_admin")


class Api:
    """A test client that speaks JSON:API and authenticates with `Authorization: JWT <token>`."""

    def __init__(self, user=None):
        self.user = user
        self.client = APIClient()
        if user is not None:
            self.client.credentials(HTTP_AUTHORIZATION=f"JWT {AccessToken.for_user(user)}")

    def get(self, url, **params):
        return self.client.get(url, params, HTTP_ACCEPT=JSONAPI)

    def _send(self, method, url, body, content_type=JSONAPI):
        data = json.dumps(body) if not isinstance(body, str | bytes) else body
        return getattr(self.client, method)(url, data, content_type=content_type, HTTP_ACCEPT=JSONAPI)

    def post(self, url, body, content_type=JSONAPI):
        return self._send("post", url, body, content_type)

    def patch(self, url, body, content_type=JSONAPI):
        return self._send("patch", url, body, content_type)

    def delete(self, url, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.client.delete(f"{url}?{query}" if query else url, HTTP_ACCEPT=JSONAPI)

    def post_json(self, url, body):
        return self.client.post(url, json.dumps(body), content_type="application/json")

    def post_multipart(self, url, data):
        return self.client.post(url, data, format="multipart")


def resource(type_, attributes=None, relationships=None, id=None):
    """Build a JSON:API request document; relationships as {"event": ("event", 1)} or lists of tuples."""
    data = {"type": type_, "attributes": attributes or {}}
    if id is not None:
        data["id"] = str(id)
    if relationships:
        rels = {}
        for name, value in relationships.items():
            if value is None:
                rels[name] = {"data": None}
            elif isinstance(value, list):
                rels[name] = {"data": [{"type": t, "id": str(i)} for t, i in value]}
            else:
                rels[name] = {"data": {"type": value[0], "id": str(value[1])}}
        data["relationships"] = rels
    return {"data": data}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Role fixtures create many users; a cheap hasher keeps the suite fast (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_shared_cache(request):
    """Throttle counters and cached answers start empty in every test.

    The database cache rolls back with a test's transaction; Redis (and the table after a transactional
    test) keeps them, so this test's keys are removed (by prefix: the RQ queues share the Redis database).
    """
    from django.core.cache import caches

    from eventyay.api.response_cache import local_entries

    local_entries.clear()
    cache = caches["default"]
    if cache.__class__.__name__ == "RedisCache":
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)
        return
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,)))
    if transactional or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture
def api():
    return Api


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def draft_event(db):
    return EventFactory(state="draft")


@pytest.fixture
def role_users(db, event):
    """One user per role on `event` (None for anonymous)."""
    users = {"anonymous": None, "user": UserFactory(), "admin": AdminFactory(), "super_admin": SuperAdminFactory()}
    for role in ("owner", "organizer", "coorganizer", "track_organizer"):
        users[role] = UserFactory()
        grant(users[role], event, role)
    return users


@pytest.fixture
def as_role(role_users):
    """`as_role("coorganizer")` → an Api client logged in with that role on `event`."""
    return lambda role: Api(role_users[role])


@pytest.fixture
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared sample data not found at {SHARED_DATA}; set EVENTYAY_SHARED_DATA to run these tests")
    return SHARED_DATA


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """Run background jobs the way the configured mode does.

    Embedded (no REDIS_URL): jobs already ran inside the request; nothing to do.
    Redis: wrap the request that starts jobs in `with jobs.enqueue():` (the enqueue
    happens on commit), then `jobs.run()` drains the queue with a real RQ worker.
    """
    from contextlib import contextmanager

    class Jobs:
        embedded = settings.JOBS_EMBEDDED

        @contextmanager
        def enqueue(self):
            with django_capture_on_commit_callbacks(execute=True):
                yield

        def run(self):
            if self.embedded:
                return
            import django_rq
            from rq import SimpleWorker

            queue = django_rq.get_queue("default")
            SimpleWorker([queue], connection=queue.connection).work(burst=True)

    if not settings.JOBS_EMBEDDED:
        import django_rq

        django_rq.get_queue("default").empty()
    return Jobs()
