"""Roles and request bodies shared by the custom form route tests."""

from tests.conftest import resource

WRITERS = ("owner", "organizer", "coorganizer", "admin", "super_admin")


REFUSED = (("anonymous", 401), ("user", 403), ("track_organizer", 403))


def form_body(event=None, **attributes):
    attributes = {"field-identifier": "tshirtSize", "form": "session", **attributes}
    return resource("custom-form", attributes, {"event": ("event", event.pk)} if event is not None else None)


def errors_of(response):
    return {(e.get("source") or {}).get("pointer"): e["detail"] for e in response.json()["errors"]}
