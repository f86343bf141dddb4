"""Request bodies, roles and error helpers shared by the session tests."""

from tests.conftest import resource
from tests.factories.sessions import future

WRITERS = ("owner", "organizer", "coorganizer", "admin", "super_admin")


def session_body(event, attrs=None, rels=None, id=None):
    attributes = {
        "title": "Building open hardware",
        "starts-at": future(30).isoformat(),
        "ends-at": future(30, 45).isoformat(),
    }
    attributes.update(attrs or {})
    relationships = {"event": ("event", event.pk)}
    relationships.update(rels or {})
    return resource("session", attributes, relationships, id=id)


def patch_body(session, attrs=None, rels=None):
    return resource("session", attrs or {}, rels, id=session.pk)


def errors_of(response):
    return response.json()["errors"]


def pointers(response):
    return {e.get("source", {}).get("pointer") for e in errors_of(response)}
