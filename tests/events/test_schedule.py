"""`/v1/events/<id>/sessions/dates` and `/v1/events/<id>/has-streams`: what the public schedule asks first."""

import datetime as dt

import pytest

from events.models import Session
from tests.conftest import Api
from tests.events.support import CO_ORGANIZERS, ROLES
from tests.factories.events import EventFactory, SessionFactory, grant


def at(day, hour):
    return dt.datetime(2016, 3, day, hour, tzinfo=dt.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_dates_are_the_days_of_public_sessions_in_the_event_time_zone(as_role, event, role):
    # Asia/Singapore is UTC+8: 20:00 UTC on the 18th is the 19th there.
    SessionFactory(event=event, starts_at=at(18, 20), ends_at=at(18, 21))
    SessionFactory(event=event, starts_at=at(18, 2), ends_at=at(18, 3), state=Session.State.CONFIRMED)
    SessionFactory(event=event, starts_at=at(18, 3), ends_at=at(18, 4))
    SessionFactory(event=event, starts_at=at(21, 3), ends_at=at(21, 4), state=Session.State.PENDING)
    SessionFactory(event=event, starts_at=None, ends_at=None)
    SessionFactory(event=event, starts_at=at(25, 3), ends_at=at(25, 4)).soft_delete()
    SessionFactory(event=EventFactory(), starts_at=at(27, 3), ends_at=at(27, 4))
    response = as_role(role).get(f"/v1/events/{event.identifier}/sessions/dates")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vnd.api+json")  # the client's Accept, plain body
    assert response.json() == ["2016-03-18", "2016-03-19"]


@pytest.mark.django_db
def test_dates_of_an_event_without_sessions_are_an_empty_list(event):
    response = Api().client.get(f"/v1/events/{event.pk}/sessions/dates")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ["sessions/dates", "has-streams"])
def test_draft_events_answer_404_except_to_their_team(role_users, role, route):
    draft = EventFactory(state="draft")
    for name in ("owner", "organizer", "coorganizer", "track_organizer"):
        grant(role_users[name], draft, name)
    SessionFactory(event=draft, starts_at=at(18, 2), ends_at=at(18, 3))
    response = Api(role_users[role]).get(f"/v1/events/{draft.pk}/{route}")
    assert response.status_code == (200 if role in CO_ORGANIZERS else 404), response.content


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["sessions/dates", "has-streams"])
def test_unknown_events_are_404_json(route):
    response = Api().get(f"/v1/events/doesnotexist/{route}")
    assert response.status_code == 404
    assert response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_has_streams_says_there_are_none(as_role, event, role):
    response = as_role(role).get(f"/v1/events/{event.identifier}/has-streams")
    assert response.status_code == 200, response.content
    assert response.json() == {"exists": False, "can_access": False}


@pytest.mark.django_db
def test_dates_cost_a_fixed_number_of_queries(event, django_assert_max_num_queries):
    for day in range(1, 20):
        SessionFactory(event=event, starts_at=at(day, 5), ends_at=at(day, 6))
    with django_assert_max_num_queries(2):
        response = Api().client.get(f"/v1/events/{event.pk}/sessions/dates")
    assert len(response.json()) == 19
