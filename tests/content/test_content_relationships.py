"""An event's `exhibitors`, `tags` and `event-copyright` (alias `copyright`), and a session's `exhibitors`, per role.

Exhibitors: accepted ones for everyone, all of them for co-organizers; tags: the event's team only; the
copyright notice is public like its event.
"""

import pytest

from content.models import Exhibitor
from tests.conftest import Api
from tests.factories import UserFactory
from tests.factories.content import ExhibitorFactory
from tests.factories.events import SessionFactory, TicketFactory
from tests.factories.relationships import app_rows
from tests.relationship_checks import (
    ROLES,
    assert_event_list_queries_fixed,
    related,
    shows,
)

pytestmark = pytest.mark.django_db
MANAGERS = {"owner", "organizer", "coorganizer", "admin", "super_admin"}
TEAM = MANAGERS | {"track_organizer"}


@pytest.fixture
def content(event):
    session = SessionFactory(event=event)
    rows = app_rows(event, TicketFactory(event=event), session, UserFactory())
    pending = ExhibitorFactory(event=event, status=Exhibitor.Status.PENDING)
    pending.sessions.add(session)
    return session, rows, pending


@pytest.mark.parametrize("role", ROLES)
def test_exhibitors_show_as_their_list_does(as_role, role, event, content):
    session, rows, pending = content
    client = as_role(role)
    expected = {rows["exhibitors"].pk} | ({pending.pk} if role in MANAGERS else set())
    for url in (f"/v1/events/{event.pk}", f"/v1/sessions/{session.pk}"):
        shows(client, url, "exhibitors", expected)
        assert related(client, url, "exhibitors") == (200, {str(pk) for pk in expected})


@pytest.mark.parametrize("role", ROLES)
def test_tags_reach_the_events_team_only(as_role, role, event, content):
    tag = content[1]["tags"]
    client, url = as_role(role), f"/v1/events/{event.pk}"
    shows(client, url, "tags", {tag.pk} if role in TEAM else set())
    expected = (200, {str(tag.pk)}) if role in TEAM else (401 if role == "anonymous" else 403, set())
    assert related(client, url, "tags") == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rel", ["event-copyright", "copyright"])
def test_the_copyright_notice_is_public(as_role, role, rel, event, content):
    notice = content[1]["event-copyright"]
    client, url = as_role(role), f"/v1/events/{event.pk}"
    shows(client, url, rel, {notice.pk})
    assert related(client, url, rel) == (200, {str(notice.pk)})


def test_both_copyright_names_included_at_once_load_it_once(event, content):
    body = Api(None).get(f"/v1/events/{event.pk}", include="copyright,event-copyright").json()
    assert (
        body["data"]["relationships"]["copyright"]["data"] == body["data"]["relationships"]["event-copyright"]["data"]
    )
    assert [item["type"] for item in body["included"]] == ["event-copyright"]


def test_a_draft_events_content_stays_hidden(draft_event):
    app_rows(draft_event, TicketFactory(event=draft_event), SessionFactory(event=draft_event), UserFactory())
    for rel in ("exhibitors", "tags", "copyright"):
        assert related(Api(UserFactory()), f"/v1/events/{draft_event.pk}", rel)[0] == 404


@pytest.mark.parametrize("caller", ["anonymous", "organizer", "admin"])
def test_including_content_costs_a_fixed_number_of_queries(caller, role_users):
    client = Api(None if caller == "anonymous" else role_users[caller])
    include = "exhibitors.sessions,tags,copyright.event,event-copyright,sessions.exhibitors"

    assert_event_list_queries_fixed(client, role_users["organizer"], include)
