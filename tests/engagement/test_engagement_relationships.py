"""Feedback, favourites, notifications and mail settings as relationships of events, sessions and users, per role.

Each row belongs to one user: included anywhere it reaches him, staff, and (feedback, favourites) the event's
co-organizers; someone else's notifications and mail settings never show.
"""

import pytest

from tests.conftest import Api
from tests.factories import EventFactory, UserFactory
from tests.factories.events import SessionFactory, TicketFactory
from tests.factories.relationships import app_rows
from tests.relationship_checks import (
    ROLES,
    add_event_with_rows,
    assert_event_list_queries_fixed,
    list_queries,
    related,
    shows,
)

pytestmark = pytest.mark.django_db
READERS = {"owner", "organizer", "coorganizer", "admin", "super_admin"}
STAFF = {"admin", "super_admin"}


@pytest.fixture
def fan(event):
    session, fan = SessionFactory(event=event), UserFactory()
    return session, fan, app_rows(event, TicketFactory(event=event), session, fan)


def denied(role):
    return 401 if role == "anonymous" else 403


@pytest.mark.parametrize("role", ROLES)
def test_event_and_session_rows_reach_the_author_and_co_organizers(as_role, role, event, fan):
    session, _, rows = fan
    client = as_role(role)
    for url, rel, pks in (
        (f"/v1/events/{event.pk}", "feedbacks", {rows["feedbacks"].pk, rows["session-feedbacks"].pk}),  # both
        (f"/v1/sessions/{session.pk}", "feedbacks", {rows["session-feedbacks"].pk}),
        (f"/v1/sessions/{session.pk}", "favourites", {rows["favourites"].pk}),
    ):
        shows(client, url, rel, pks if role in READERS else set())
        expected = (200, {str(pk) for pk in pks}) if role in READERS else (denied(role), set())
        assert related(client, url, rel) == expected
    # Mail settings are the user's alone, even for the event's organizers (staff: all).
    shows(
        client,
        f"/v1/events/{event.pk}",
        "email-notifications",
        {rows["email-notifications"].pk} if role in STAFF else set(),
    )
    status, listed = related(client, f"/v1/events/{event.pk}", "email-notifications")
    mail = {str(rows["email-notifications"].pk)} if role in STAFF else set()
    assert (status, listed) == ((401, set()) if role == "anonymous" else (200, mail))
    # A session's `favourite` is the caller's own: nobody here has one.
    shows(client, f"/v1/sessions/{session.pk}", "favourite", set())
    assert related(client, f"/v1/sessions/{session.pk}", "favourite") == (200, set())


def test_the_author_sees_his_rows_on_the_event_and_session(event, fan):
    session, user, rows = fan
    client = Api(user)
    shows(client, f"/v1/events/{event.pk}", "feedbacks", {rows["feedbacks"].pk, rows["session-feedbacks"].pk})
    shows(client, f"/v1/sessions/{session.pk}", "favourites", {rows["favourites"].pk})
    shows(client, f"/v1/sessions/{session.pk}", "favourite", {rows["favourites"].pk})
    assert related(client, f"/v1/sessions/{session.pk}", "favourite") == (200, {str(rows["favourites"].pk)})
    shows(client, f"/v1/events/{event.pk}", "email-notifications", {rows["email-notifications"].pk})
    assert related(client, f"/v1/events/{event.pk}", "email-notifications") == (
        200,
        {str(rows["email-notifications"].pk)},
    )


USER_RELS = ("feedbacks", "favourites", "notifications", "email-notifications")


@pytest.mark.parametrize("rel", USER_RELS)
def test_a_users_rows_reach_himself_and_staff(rel, event, fan, role_users):
    _, user, rows = fan
    url = f"/v1/users/{user.pk}"
    mine = {rows[rel].pk} | ({rows["session-feedbacks"].pk} if rel == "feedbacks" else set())
    for caller in (user, role_users["admin"]):
        shows(Api(caller), url, rel, mine, route=False)
        assert related(Api(caller), url, rel) == (200, {str(pk) for pk in mine})
    assert related(Api(role_users["organizer"]), url, rel) == (403, set())
    assert related(Api(None), url, rel) == (401, set())
    # The organizer's own user shows none of the fan's rows.
    shows(Api(role_users["organizer"]), f"/v1/users/{role_users['organizer'].pk}", rel, set(), route=False)


@pytest.mark.parametrize("caller", ["anonymous", "organizer", "admin"])
def test_including_engagement_costs_a_fixed_number_of_queries(caller, role_users):
    client = Api(None if caller == "anonymous" else role_users[caller])
    include = "feedbacks.user,email-notifications,sessions.favourites,sessions.favourite,sessions.feedbacks"

    assert_event_list_queries_fixed(client, role_users["organizer"], include)
    event = add_event_with_rows(role_users["organizer"])
    session_include = "favourite.user,favourites,feedbacks"
    few, _ = list_queries(client, f"/v1/events/{event.pk}/sessions", session_include)
    for _ in range(3):
        app_rows(event, TicketFactory(event=event), SessionFactory(event=event), UserFactory())
    many, rows = list_queries(client, f"/v1/events/{event.pk}/sessions", session_include)
    assert many == few and rows >= 4


def test_including_a_users_rows_on_the_user_list_costs_a_fixed_number_of_queries(role_users):
    client, include = Api(role_users["admin"]), ",".join(USER_RELS)
    event = EventFactory()
    app_rows(event, TicketFactory(event=event), SessionFactory(event=event), UserFactory())
    few, _ = list_queries(client, "/v1/users", include)
    for _ in range(3):
        app_rows(event, TicketFactory(event=event), SessionFactory(event=event), UserFactory())
    many, rows = list_queries(client, "/v1/users", include)
    assert many == few and rows >= 8
