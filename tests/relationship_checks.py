"""What every relationship test asks of a relationship, through HTTP: its linkage when included, its
`relationships/<name>` route, its related route, and the queries an include on a list costs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

ROLES = ("anonymous", "user", "owner", "organizer", "coorganizer", "track_organizer", "admin", "super_admin")


def ids(data):
    """Linkage or primary data → a set of ids (a to-one gives a set of at most one)."""
    if data is None:
        return set()
    if isinstance(data, dict):
        return {data["id"]}
    return {item["id"] for item in data}


def included_linkage(client, url, rel):
    """(linkage ids, included ids of the relationship) of `url?include=rel`."""
    response = client.get(url, include=rel)
    assert response.status_code == 200, response.content
    body = response.json()
    relationship = body["data"]["relationships"][rel]
    assert relationship["links"]["related"].endswith(f"/{rel}")
    linked = ids(relationship["data"])
    types = {item["type"] for item in relationship["data"]} if isinstance(relationship["data"], list) else set()
    if isinstance(relationship["data"], dict):
        types = {relationship["data"]["type"]}
    included = {item["id"] for item in body.get("included", []) if item["type"] in types}
    assert included == linked, (rel, linked, included)
    return linked


def route_linkage(client, url, rel):
    response = client.get(f"{url}/relationships/{rel}")
    assert response.status_code == 200, response.content
    return ids(response.json()["data"])


def related(client, url, rel):
    """(status, ids) of the related route `url/rel`."""
    response = client.get(f"{url}/{rel}")
    if response.status_code != 200:
        return response.status_code, set()
    return 200, ids(response.json()["data"])


def shows(client, url, rel, expected, route=True):
    """The linkage when included, and the `relationships/` route (`route`: users have none yet), show exactly
    `expected` (ids)."""
    expected = {str(pk) for pk in expected}
    assert included_linkage(client, url, rel) == expected
    if route:
        assert route_linkage(client, url, rel) == expected


def list_queries(client, url, include):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, include=include, **{"page[size]": "100"})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["data"])


def add_event_with_rows(organizer):
    """A published event `organizer` organizes, with one row of every app (`tests.factories.relationships`)."""
    from tests.factories import EventFactory, UserFactory, grant
    from tests.factories.events import SessionFactory, TicketFactory
    from tests.factories.relationships import app_rows

    event = EventFactory()
    grant(organizer, event, "organizer")
    app_rows(event, TicketFactory(event=event), SessionFactory(event=event), UserFactory())
    return event


def assert_event_list_queries_fixed(client, organizer, include):
    """`/v1/events?include=...` costs the same queries for one event and for four."""
    add_event_with_rows(organizer)
    few, _ = list_queries(client, "/v1/events", include)
    for _ in range(3):
        add_event_with_rows(organizer)
    many, rows = list_queries(client, "/v1/events", include)
    assert many == few and rows >= 4
