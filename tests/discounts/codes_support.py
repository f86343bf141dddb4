"""Roles and request bodies shared by the discount code route tests."""

from tests.conftest import resource

MANAGERS = ("owner", "organizer", "coorganizer", "admin", "super_admin")


STAFF = ("admin", "super_admin")


NOT_STAFF = ("user", "owner", "organizer", "coorganizer", "track_organizer")


def ticket_code_body(event, tickets=(), **attrs):
    attributes = {"code": "EARLY", "value": "10.00", "type": "amount", "used-for": "ticket", **attrs}
    rels = {"event": ("event", event.pk), "tickets": [("ticket", t.pk) for t in tickets]}
    return resource("discount-code", attributes, rels)


def event_code_body(events=(), **attrs):
    attributes = {"code": "PLATFORM10", "value": "10", "type": "percent", "used-for": "event", **attrs}
    return resource("discount-code", attributes, {"events": [("event", e.pk) for e in events]})


def ids(response):
    return sorted(int(item["id"]) for item in response.json()["data"])
