"""Walks the permission matrix (`matrix.py`): every route × method × role against one seeded world.

The world is built once per module inside an outer transaction; each case runs in a savepoint that is
rolled back, so a DELETE or a POST in one case never shows in the next.
"""

import base64
import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from tests.conftest import JSONAPI, Api, resource
from tests.contract.conftest import SECRETS_KEY
from tests.contract.matrix import ROWS
from tests.factories.contract import ROLES, build_world
from tests.factories.events import RoleFactory
from tests.factories.media import as_upload, png
from tests.factories.users import PASSWORD


def _iso(days):
    return (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0).isoformat()


def event_rel(w):
    return {"event": ("event", w.event.pk)}


def patch(w, type_, collection, attributes):
    return resource(type_, attributes, id=w.parts[collection].pk)


BODIES = {
    "events": lambda w: resource(
        "event", {"name": "New", "starts-at": _iso(40), "ends-at": _iso(41), "timezone": "UTC"}
    ),
    "patch-settings": lambda w: resource("setting", {"app-name": "Renamed"}, id=1),
    "patch-events": lambda w: resource("event", {"name": "Renamed"}, id=w.event.pk),
    "patch-event-speakers-call": lambda w: patch(w, "speakers-call", "speakers-calls", {"announcement": "New"}),
    "custom-forms": lambda w: resource(
        "custom-form", {"field-identifier": "extraQuestion", "form": "speaker", "type": "text"}, event_rel(w)
    ),
    "patch-custom-forms": lambda w: patch(w, "custom-form", "custom-forms", {"description": "Why"}),
    "generate-codes": lambda w: {"count": 2, "value": "5", "type": "amount", "tickets": [w.parts["tickets"].pk]},
    "export": lambda w: {"image": False},
    "export-csv": lambda w: {"status": "all"},
    "event-types": lambda w: resource("event-type", {"name": "Meetup"}),
    "event-topics": lambda w: resource("event-topic", {"name": "Arts"}),
    "event-sub-topics": lambda w: resource(
        "event-sub-topic", {"name": "Painting"}, {"event-topic": ("event-topic", w.parts["event-topics"].pk)}
    ),
    "patch-event-types": lambda w: patch(w, "event-type", "event-types", {"name": "Renamed"}),
    "patch-event-topics": lambda w: patch(w, "event-topic", "event-topics", {"name": "Renamed"}),
    "patch-event-sub-topics": lambda w: patch(w, "event-sub-topic", "event-sub-topics", {"name": "Renamed"}),
    "tickets": lambda w: resource(
        "ticket",
        {"name": "Free pass", "type": "free", "quantity": 10, "sales-starts-at": _iso(-1), "sales-ends-at": _iso(5)},
        event_rel(w),
    ),
    "patch-tickets": lambda w: patch(w, "ticket", "tickets", {"description": "Now with lunch"}),
    "microlocations": lambda w: resource("microlocation", {"name": "Hall B"}, event_rel(w)),
    "patch-microlocations": lambda w: patch(w, "microlocation", "microlocations", {"floor": 2}),
    "tracks": lambda w: resource("track", {"name": "Web", "color": "#112233"}, event_rel(w)),
    "patch-tracks": lambda w: patch(w, "track", "tracks", {"description": "All about the web"}),
    "session-types": lambda w: resource("session-type", {"name": "Workshop", "length": "01:30"}, event_rel(w)),
    "patch-session-types": lambda w: patch(w, "session-type", "session-types", {"position": 3}),
    "sponsors": lambda w: resource("sponsor", {"name": "ACME"}, event_rel(w)),
    "patch-sponsors": lambda w: patch(w, "sponsor", "sponsors", {"level": 2}),
    "social-links": lambda w: resource("social-link", {"name": "github", "link": "https://github.com/x"}, event_rel(w)),
    "patch-social-links": lambda w: patch(w, "social-link", "social-links", {"link": "https://twitter.com/y"}),
    "speakers-calls": lambda w: resource("speakers-call", {"starts-at": _iso(-1), "ends-at": _iso(10)}, event_rel(w)),
    "patch-speakers-calls": lambda w: patch(w, "speakers-call", "speakers-calls", {"announcement": "Hurry"}),
    "sessions": lambda w: resource("session", {"title": "My talk"}, event_rel(w)),
    "patch-sessions": lambda w: patch(w, "session", "sessions", {"subtitle": "Revised"}),
    "notify": lambda w: {"subject": "About {session_name}"},
    "rel-event-type": lambda w: {"data": {"type": "event-type", "id": str(w.parts["event-types"].pk)}},
    "rel-session-track": lambda w: {"data": {"type": "track", "id": str(w.parts["tracks"].pk)}},
    "rel-session-speakers": lambda w: {"data": [{"type": "speaker", "id": str(w.parts["speakers"].pk)}]},
    "speakers": lambda w: resource("speaker", {"name": "Ada", "email": "ada@example.org"}, event_rel(w)),
    "patch-speakers": lambda w: patch(w, "speaker", "speakers", {"city": "Singapore"}),
    "roles": lambda w: resource("role", {"name": "volunteer", "title-name": "Volunteer"}),
    "patch-roles": lambda w: patch(w, "role", "roles", {"title-name": "Helper"}),
    "discount-codes": lambda w: resource(
        "discount-code",
        {"code": "NEWCODE", "value": 5, "type": "amount", "used-for": "ticket"},
        {**event_rel(w), "tickets": [("ticket", w.parts["tickets"].pk)]},
    ),
    "patch-discount-codes": lambda w: patch(w, "discount-code", "discount-codes", {"value": 7}),
    "order": lambda w: {"tickets": [{"id": w.parts["tickets"].pk, "quantity": 1}]},
    "stripe": lambda w: resource("stripe-authorization", {"stripe-auth-code": "ac_test"}, event_rel(w)),
    "users": lambda w: resource("user", {"email": "new.person@example.org", "password": "long enough password"}),
    "patch-users": lambda w: resource("user", {"first-name": "Grace"}, id=w.users["user"].pk),
    "login": lambda w: {"email": w.users["user"].email, "password": PASSWORD},
    "password": lambda w: {"password": PASSWORD},
    "email": lambda w: {"email": "nobody@example.org"},
    "image": lambda w: {"data": "data:image/png;base64," + base64.b64encode(png()).decode()},
    "file": lambda w: {"file": as_upload("notes.png", png(), "image/png")},
    "role-invites": lambda w: resource(
        "role-invite",
        {"email": "helper@example.org", "role-name": "coorganizer"},
        {**event_rel(w), "role": ("role", w.parts["role-invites"].role_id)},
    ),
    "patch-role-invites": lambda w: patch(w, "role-invite", "role-invites", {"email": "x@example.org"}),
    "invite-token": lambda w: {"data": {"token": w.parts["role-invites"].token}},
    "event-copyrights": lambda w: resource("event-copyright", {"licence": "MIT"}, event_rel(w)),
    "patch-event-copyrights": lambda w: patch(w, "event-copyright", "event-copyrights", {"holder": "Someone"}),
    "faqs": lambda w: resource("faq", {"question": "Food?", "answer": "Yes"}, event_rel(w)),
    "patch-faqs": lambda w: patch(w, "faq", "faqs", {"answer": "No"}),
    "faq-types": lambda w: resource("faq-type", {"name": "Venue"}, event_rel(w)),
    "patch-faq-types": lambda w: patch(w, "faq-type", "faq-types", {"name": "Travel"}),
    "exhibitors": lambda w: resource("exhibitor", {"name": "Booth"}, event_rel(w)),
    "patch-exhibitors": lambda w: patch(w, "exhibitor", "exhibitors", {"position": 2}),
    "tags": lambda w: resource("tag", {"name": "Volunteer"}, event_rel(w)),
    "patch-tags": lambda w: patch(w, "tag", "tags", {"color": "#abcdef"}),
    "feedbacks": lambda w: resource("feedback", {"rating": 5}, {"event": ("event", w.other.pk)}),
    "patch-feedbacks": lambda w: patch(w, "feedback", "feedbacks", {"rating": 3}),
    "user-favourite-sessions": lambda w: resource(
        "user-favourite-session", relationships={"session": ("session", w.other_parts["sessions"].pk)}
    ),
    "notifications": lambda w: resource("notification", {"title": "Hi"}, {"user": ("user", w.users["user"].pk)}),
    "patch-notifications": lambda w: patch(w, "notification", "notifications", {"is-read": True}),
    "email-notifications": lambda w: resource(
        "email-notification", {"new-paper": True}, {"event": ("event", w.other.pk)}
    ),
    "patch-email-notifications": lambda w: patch(w, "email-notification", "email-notifications", {"new-paper": False}),
    "pages": lambda w: resource("page", {"name": "privacy", "url": "/privacy"}),
    "patch-pages": lambda w: patch(w, "page", "pages", {"title": "Privacy"}),
    "custom-placeholders": lambda w: resource(
        "custom-placeholder", {"name": "Tech", "original-image-url": "https://example.org/t.jpg"}
    ),
    "patch-custom-placeholders": lambda w: patch(w, "custom-placeholder", "custom-placeholders", {"origin": "x"}),
    "speaker-invites": lambda w: resource(
        "speaker-invite",
        {"email": "another.speaker@example.org"},
        {**event_rel(w), "session": ("session", w.parts["sessions"].pk)},
    ),
}


def fill(path, w):
    values = {
        "event": w.event.pk,
        "identifier": w.event.identifier,
        "user": w.users["user"].pk,
        "task": w.parts["export-jobs"].task_id,
        "code": w.parts["discount-codes"].code,
        **{name: getattr(obj, "pk", None) for name, obj in w.parts.items()},
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, f"unfilled placeholder in {path}"
    return path


def prepare(row, w):
    """Make room for a create that the world would otherwise refuse as a duplicate."""
    if row.method == "POST" and row.path == "/v1/speakers-calls":
        call = w.parts["speakers-calls"]
        type(call).objects.filter(pk=call.pk).delete()


def call(row, role, w):
    client = Api(w.users[role])
    url = fill(row.path, w)
    body = BODIES[row.body](w) if row.body else {}
    if row.method == "GET":
        return client.client.get(url) if row.kind == "plain" else client.get(url)
    if row.method == "DELETE" and body:  # relationship members to remove
        return client.client.delete(url, json.dumps(body), content_type=JSONAPI, HTTP_ACCEPT=JSONAPI)
    if row.method == "DELETE":
        return client.delete(url)
    if row.kind == "multipart":
        return client.client.post(url, body, format="multipart")
    if row.kind == "json":
        return client.client.post(url, json.dumps(body), content_type="application/json")
    return getattr(client, row.method.lower())(url, body)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(STRIPE_SECRETS_KEY=SECRETS_KEY, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        w = build_world()
        w.parts["roles"] = RoleFactory(name="volunteer-lead")
        yield w
        transaction.set_rollback(True)


CASES = [pytest.param(row, role, id=f"{row.method} {row.path} as {role}") for row in ROWS for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_permission_matrix(row, role, world, db):
    cache.clear()  # login throttling counts per client address
    prepare(row, world)
    response = call(row, role, world)
    expected = row.expected[role]
    assert response.status_code == expected, (
        f"{row.method} {row.path} as {role}: {response.status_code}, expected {expected}: {response.content[:300]!r}"
    )
