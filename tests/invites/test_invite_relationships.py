"""`role-invites` of events and roles, `speaker-invites` of events and sessions, per role, through HTTP.

Invites carry the invitee's e-mail address: wherever included they reach the event's co-organizers and staff only.
"""

import pytest

from events.models import Role
from tests.conftest import Api
from tests.factories import EventFactory, UserFactory
from tests.factories.events import SessionFactory, TicketFactory
from tests.factories.invites import RoleInviteFactory
from tests.factories.relationships import app_rows
from tests.relationship_checks import (
    ROLES,
    add_event_with_rows,
    assert_event_list_queries_fixed,
    included_linkage,
    list_queries,
    related,
    shows,
)

pytestmark = pytest.mark.django_db
MANAGERS = {"owner", "organizer", "coorganizer", "admin", "super_admin"}


@pytest.fixture
def invites(event):
    session = SessionFactory(event=event)
    return session, app_rows(event, TicketFactory(event=event), session, UserFactory())


def denied(role):
    return 401 if role == "anonymous" else 403


@pytest.mark.parametrize("role", ROLES)
def test_event_invites_reach_its_co_organizers_only(as_role, role, event, invites):
    session, rows = invites
    client, url = as_role(role), f"/v1/events/{event.pk}"
    for rel in ("role-invites", "speaker-invites"):
        shows(client, url, rel, {rows[rel].pk} if role in MANAGERS else set())
        expected = (200, {str(rows[rel].pk)}) if role in MANAGERS else (denied(role), set())
        assert related(client, url, rel) == expected
    shows(
        client,
        f"/v1/sessions/{session.pk}",
        "speaker-invites",
        {rows["speaker-invites"].pk} if role in MANAGERS else set(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_roles_invites_are_those_of_the_callers_events(as_role, role, event, invites):
    invite = invites[1]["role-invites"]
    other = RoleInviteFactory(event=EventFactory(), role_name=invite.role_name)  # another event's: staff only
    role_id = Role.named(invite.role_name).pk
    client, url = as_role(role), f"/v1/roles/{role_id}"
    visible = {invite.pk} if role in MANAGERS else set()
    if role in {"admin", "super_admin"}:
        visible.add(other.pk)
    linked = included_linkage(client, url, "role-invites")
    assert linked == {str(pk) for pk in visible}
    status, listed = related(client, url, "role-invites")
    assert status == (200 if role != "anonymous" else 401)
    assert listed == linked


def test_the_invitee_does_not_see_the_events_invites(event, invites):
    invite = invites[1]["role-invites"]
    invitee = UserFactory(email=invite.email)
    shows(Api(invitee), f"/v1/events/{event.pk}", "role-invites", set())


@pytest.mark.parametrize("caller", ["anonymous", "organizer", "admin"])
def test_including_invites_costs_a_fixed_number_of_queries(caller, role_users):
    client = Api(None if caller == "anonymous" else role_users[caller])
    include = "role-invites.role,speaker-invites.session,sessions.speaker-invites"

    assert_event_list_queries_fixed(client, role_users["organizer"], include)
    few, _ = list_queries(client, "/v1/roles", "role-invites")
    add_event_with_rows(role_users["organizer"])
    assert list_queries(client, "/v1/roles", "role-invites")[0] == few
