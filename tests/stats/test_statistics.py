"""The event's general statistics (co-organizers) and the admin's server-wide counts, at fixed queries."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Session
from tests.conftest import Api
from tests.events.support import CO_ORGANIZERS, ROLES, STAFF, write_status
from tests.factories.events import (
    EventFactory,
    EventTopicFactory,
    EventTypeFactory,
    SessionFactory,
    SpeakerFactory,
    SponsorFactory,
    grant,
)
from tests.factories.users import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db
State = Session.State


def fill(event):
    for state in (State.DRAFT, State.PENDING, State.PENDING, State.ACCEPTED, State.CONFIRMED, State.REJECTED):
        session = SessionFactory(event=event, state=state)
    session.speakers.add(SpeakerFactory(event=event))
    SpeakerFactory(event=event)
    SponsorFactory(event=event)
    SessionFactory(event=event, state=State.ACCEPTED).soft_delete()


@pytest.mark.parametrize("role", ROLES)
def test_general_statistics_are_for_co_organizers(as_role, event, role):
    fill(event)
    fill(EventFactory())
    response = as_role(role).get(f"/v1/events/{event.identifier}/general-statistics")
    assert response.status_code == write_status(role, CO_ORGANIZERS), response.content
    if response.status_code != 200:
        return
    data = response.json()["data"]
    assert (data["type"], data["id"]) == ("event-statistics-general", str(event.pk))
    assert data["attributes"] == {
        "identifier": event.identifier,
        "sessions-draft": 1,
        "sessions-pending": 2,
        "sessions-accepted": 1,
        "sessions-confirmed": 1,
        "sessions-rejected": 1,
        "sessions-canceled": 0,
        "sessions-withdrawn": 0,
        "sessions-submitted": 5,
        "sessions": 6,
        "speakers": 2,
        "speaker-without-session": 1,
        "sponsors": 1,
    }
    assert data["relationships"]["event"]["data"] == {"type": "event", "id": str(event.pk)}


def test_general_statistics_of_drafts_are_404_for_outsiders(draft_event):
    assert Api(UserFactory()).get(f"/v1/events/{draft_event.pk}/general-statistics").status_code == 404


def test_general_statistics_cost_fixed_queries(role_users, event, django_assert_max_num_queries):
    client = Api(role_users["coorganizer"])
    fill(event)
    with django_assert_max_num_queries(8) as few:
        client.get(f"/v1/events/{event.pk}/general-statistics")
    for _ in range(3):
        fill(event)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/v1/events/{event.pk}/general-statistics").json()["data"]["attributes"]["sessions"] == 24


ADMIN = ("events", "users", "sessions", "mails", "groups")


@pytest.mark.parametrize("name", ADMIN)
@pytest.mark.parametrize("role", ROLES)
def test_admin_statistics_are_for_admins(as_role, name, role):
    response = as_role(role).get(f"/v1/admin/statistics/{name}")
    assert response.status_code == write_status(role, STAFF), response.content
    if response.status_code == 200:
        assert response.json()["data"]["id"] == "1"
        assert response.json()["data"]["type"] == f"admin-statistics-{name[:-1]}"


def admin_counts(name, **params):

    response = Api(AdminFactory()).get(f"/v1/admin/statistics/{name}", **params)
    assert response.status_code == 200, response.content
    return response.json()["data"]["attributes"]


def test_admin_event_and_session_counts():
    past = timezone.now() - dt.timedelta(days=10)
    EventFactory(state="draft")
    EventFactory()
    EventFactory(starts_at=past, ends_at=past + dt.timedelta(days=1))
    EventFactory().soft_delete()
    # The client's extra parameters are ignored.
    counts = admin_counts("events", **{"filterOptions[name]": "id", "filterOptions[op]": "eq"})
    assert counts == {"draft": 1, "published": 1, "past": 1}
    event = EventFactory()
    fill(event)
    sessions = admin_counts("sessions")
    assert sessions["pending"] == 2 and sessions["submitted"] == 5 and sessions["draft"] == 1


def test_admin_user_counts(event):
    UserFactory(is_verified=True)
    UserFactory(is_verified=False)
    owner = UserFactory()
    grant(owner, event, "owner")
    grant(owner, EventFactory(), "owner")
    grant(UserFactory(), event, "coorganizer")
    counts = admin_counts("users")  # the caller is one more admin
    assert counts["owner"] == 1 and counts["coorganizer"] == 1 and counts["organizer"] == 0
    assert counts["admin"] == 1 and counts["super-admin"] == 0
    assert counts["verified"] + counts["unverified"] == 5


def test_features_not_run_count_nothing():
    assert admin_counts("mails") == {"one-day": 0, "three-days": 0, "seven-days": 0, "thirty-days": 0}
    assert admin_counts("groups") == {"groups": 0, "group-events": 0, "followers": 0}


@pytest.mark.parametrize("name", ADMIN)
def test_admin_statistics_cost_fixed_queries(name, django_assert_max_num_queries):

    client = Api(AdminFactory())
    fill(EventFactory())
    with django_assert_max_num_queries(6) as few:
        client.get(f"/v1/admin/statistics/{name}")
    for _ in range(3):
        fill(EventFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/v1/admin/statistics/{name}")


@pytest.mark.parametrize("catalogue", ["event-types", "event-topics"])
@pytest.mark.parametrize("role", ROLES)
def test_events_per_type_and_topic_for_admins(as_role, role, catalogue):
    kind, factory = (
        ("event_type", EventTypeFactory) if catalogue == "event-types" else ("event_topic", EventTopicFactory)
    )
    used, unused = factory(), factory()
    EventFactory(**{kind: used})
    EventFactory(**{kind: used}).soft_delete()
    response = as_role(role).get(f"/v1/admin/statistics/{catalogue}")
    assert response.status_code == write_status(role, STAFF), response.content
    if response.status_code == 200:
        counts = {row["id"]: row["count"] for row in response.json()}
        assert (counts[used.pk], counts[unused.pk]) == (1, 0)
