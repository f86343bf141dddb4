"""Replays every request the web client made on its recorded walks (`../shared/client/requests.json`), as the
role it was made in, against the same world built here; each must answer 2xx, and every resource in `data` and
`included` must carry every attribute and relationship (with `links.related`) that `models.json` declares for its
type, except those listed in docs/compatibility.md ("Attributes the client declares that eventyay does not send").
"""

import json

import pytest
from django.db import transaction
from django.test import override_settings

from tests.client.conftest import SECRETS_KEY
from tests.client.replay import build_world, documented_exceptions, load_cases, load_models
from tests.conftest import JSONAPI, SHARED_DATA, Api

MODELS = load_models()
CASES = load_cases()
if not CASES:
    pytestmark = pytest.mark.skip(reason="../shared/client/requests.json not found")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared sample data not found at {SHARED_DATA}")
    shared_data = SHARED_DATA
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(STRIPE_SECRETS_KEY=SECRETS_KEY, PASSWORD_HASHERS=fast, DEBUG=True),
        transaction.atomic(),
    ):
        yield build_world(shared_data)
        transaction.set_rollback(True)


def body_for(case, world, url):
    """The recording has no bodies: send what the client's form sends, minimally."""
    path = url.split("?")[0]
    if path == "/auth/session":
        return {
            "username": world.admin.email if case.role == "admin" else world.organizer.email,
            "password": "eventyay-admin",
            "remember-me": True,
        }
    if path.endswith("/export/json"):
        return {"image": False, "video": False, "document": False, "audio": False}
    if case.method == "PATCH":
        collection, pk = path.split("/")[2], path.split("/")[3]
        type_ = {"events": "event", "tickets": "ticket", "social-links": "social-link"}[collection]
        return {"data": {"type": type_, "id": str(world.demo.pk if collection == "events" else pk), "attributes": {}}}
    if path == "/v1/tags":
        return {
            "data": {
                "type": "tag",
                "attributes": {"name": "VIP", "color": "#ff0000"},
                "relationships": {"event": {"data": {"type": "event", "id": str(world.demo.pk)}}},
            }
        }
    return None


def send(case, world):
    user = {"admin": world.admin, "organizer": world.organizer}.get(case.role)
    api = Api(user)
    url = world.url_for(case.url)
    if case.method == "GET":
        return api.client.get(url, HTTP_ACCEPT=JSONAPI)
    if url.startswith("/v1/events/import/json"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = (SHARED_DATA / "open-event-samples" / "FOSSASIASummit2014.zip").read_bytes()
        upload = SimpleUploadedFile("event.zip", data, content_type="application/zip")
        return api.client.post(url, {"file": upload}, format="multipart", HTTP_ACCEPT=JSONAPI)
    body = body_for(case, world, url)
    plain = url.startswith("/auth/") or url.split("?")[0].endswith("/export/json")
    content_type = "application/json" if plain else JSONAPI
    return getattr(api.client, case.method.lower())(
        url, json.dumps(body), content_type=content_type, HTTP_ACCEPT=JSONAPI
    )


def client_type(type_):
    """Our type names are Open Event's; the client's models name some in the singular."""
    if type_ in MODELS:
        return type_
    return type_[:-1] if type_.endswith("s") and type_[:-1] in MODELS else None


def missing_members(document, exceptions):
    problems = []
    if not isinstance(document, dict):
        return problems  # a plain-JSON answer (sessions/dates, has-streams)
    data = document.get("data")
    resources = (data if isinstance(data, list) else [data] if isinstance(data, dict) else []) + document.get(
        "included", []
    )
    for resource in resources:
        type_ = client_type(resource.get("type", ""))
        if type_ is None:
            continue
        spec, allowed = MODELS[type_], exceptions.get(type_, set())
        attributes, relationships = resource.get("attributes", {}), resource.get("relationships", {})
        for name in spec["attributes"]:
            if name not in attributes and name not in allowed:
                problems.append(f"{type_} {resource.get('id')}: attribute {name}")
        for name in spec["relationships"]:
            if name in allowed:
                continue
            if "related" not in (relationships.get(name) or {}).get("links", {}):
                problems.append(f"{type_} {resource.get('id')}: relationship {name}")
    return problems


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_recorded_request(case, world, db):
    from django.core.cache import cache

    cache.clear()  # login throttling counts per client address
    with transaction.atomic():
        response = send(case, world)
        transaction.set_rollback(True)
    assert 200 <= response.status_code < 300, f"{case.id}: {response.status_code} {response.content[:300]!r}"
    sparse = "fields[" in case.url  # the client asked for some fields only
    if not sparse and response.get("Content-Type", "").startswith("application/vnd.api+json") and response.content:
        problems = missing_members(response.json(), documented_exceptions())
        assert not problems, f"{case.id}: " + "; ".join(sorted(set(problems))[:40])
