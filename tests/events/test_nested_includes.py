"""Includes at any depth: a fixed number of queries, and never a row the caller could not list itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Api
from tests.factories import (
    MicrolocationFactory,
    SessionFactory,
    SpeakerFactory,
    TicketFactory,
    TrackFactory,
    UserFactory,
    grant,
)
from tests.factories.sessions import full_session

pytestmark = pytest.mark.django_db

DEEP_URLS = [
    "/v1/events/{event}?include=tracks.sessions.speakers.sessions",
    "/v1/events/{event}/tracks?include=sessions.speakers.sessions",
    "/v1/events/{event}/sessions?include=track.sessions.speakers.sessions",
    "/v1/events/{event}/sessions?include=speakers.sessions",
    "/v1/events/{event}/speakers?include=sessions.track.sessions",
    "/v1/events/{event}/microlocations?include=sessions.speakers.sessions",
    "/v1/tracks/{track}/relationships/sessions",
    "/v1/speakers/{speaker}/relationships/sessions",
]


@pytest.fixture
def programme(event):
    """A public and a pending session sharing a track, a room and a speaker."""
    track, room = TrackFactory(event=event), MicrolocationFactory(event=event)
    speaker = SpeakerFactory(event=event)
    public = SessionFactory(event=event, track=track, microlocation=room, state="accepted", title="Public talk")
    pending = SessionFactory(event=event, track=track, microlocation=room, state="pending", title="Pending talk")
    public.speakers.add(speaker)
    pending.speakers.add(speaker)
    return {"event": event, "track": track, "speaker": speaker, "public": public, "pending": pending}


def linked_session_ids(body):
    """Every session id the document names: as a resource, in included, or in any relationship's data."""
    data = body["data"]
    resources = [*(data if isinstance(data, list) else [data]), *body.get("included", [])]
    found = set()
    for item in resources:
        if item.get("type") == "session":
            found.add(item["id"])
        for rel in (item.get("relationships") or {}).values():
            linkage = rel.get("data")
            for ref in linkage if isinstance(linkage, list) else [linkage] if linkage else []:
                if ref["type"] == "session":
                    found.add(ref["id"])
    return found


def url_for(template, programme):
    return template.format(**{k: v.pk for k, v in programme.items()})


@pytest.mark.parametrize("template", DEEP_URLS)
@pytest.mark.parametrize("caller", ["anonymous", "user"])
def test_pending_sessions_never_show_through_deep_includes(programme, template, caller):
    response = Api(UserFactory() if caller == "user" else None).get(url_for(template, programme))
    assert response.status_code == 200, response.content
    found = linked_session_ids(response.json())
    assert str(programme["public"].pk) in found
    assert str(programme["pending"].pk) not in found
    assert "Pending talk" not in response.content.decode()


@pytest.mark.parametrize("template", DEEP_URLS)
def test_organizers_see_pending_sessions_through_deep_includes(programme, template):
    organizer = UserFactory()
    grant(organizer, programme["event"], "organizer")
    found = linked_session_ids(Api(organizer).get(url_for(template, programme)).json())
    assert {str(programme["public"].pk), str(programme["pending"].pk)} <= found


def test_hidden_tickets_never_show_through_includes(event):
    shown, hidden = TicketFactory(event=event), TicketFactory(event=event, is_hidden=True)
    body = Api(UserFactory()).get(f"/v1/events/{event.pk}", include="tickets").json()
    linked = {ref["id"] for ref in body["data"]["relationships"]["tickets"]["data"]}
    assert linked == {str(shown.pk)}
    assert {item["id"] for item in body["included"]} == {str(shown.pk)}
    assert str(hidden.pk) not in linked


NESTED_INCLUDES = [
    ("sessions", "track.sessions.speakers"),
    ("sessions", "speakers.sessions"),
    ("sessions", "session-type.sessions.track"),
    ("speakers", "sessions.speakers"),
    ("speakers", "sessions.track.sessions"),
    ("tracks", "sessions.speakers.sessions"),
    ("microlocations", "sessions.speakers"),
]


def rows_and_queries(client, url, include):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, include=include, **{"page[size]": "100"})
    assert response.status_code == 200, response.content
    # Lookups of the shared cache (a table when Redis is not configured) are the cache's, not the list's.
    queries = [q for q in ctx.captured_queries if "eventyay_cache" not in q["sql"]]
    return len(response.json()["data"]), len(queries)


def add_programme_row(event):
    """A session with its own track, room, type and two speakers, one of whom also speaks at a second session."""
    session = full_session(event, speakers=2)
    SessionFactory(event=event, track=session.track).speakers.add(session.speakers.first())


@pytest.mark.parametrize(("collection", "include"), NESTED_INCLUDES)
@pytest.mark.parametrize("role", ["anonymous", "organizer"])
def test_nested_includes_cost_the_same_queries_for_1_and_30_rows(event, collection, include, role):
    caller = None
    if role == "organizer":
        caller = UserFactory()
        grant(caller, event, "organizer")
    client, url = Api(caller), f"/v1/events/{event.pk}/{collection}"
    add_programme_row(event)
    few_rows, few_queries = rows_and_queries(client, url, include)
    for _ in range(29):
        add_programme_row(event)
    many_rows, many_queries = rows_and_queries(client, url, include)
    assert many_rows >= 30 * few_rows
    assert many_queries == few_queries <= 10
