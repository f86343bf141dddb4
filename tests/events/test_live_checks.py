"""Checks that used to ask for attributes nothing defined, now live (reference §3.1, §3.2)."""

import pytest

from events.models import Event
from tests.conftest import Api, resource
from tests.events.test_events import NEW_EVENT
from tests.factories.events import EventFactory, grant
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_unverified_user_creates_events_by_default():
    response = Api(UserFactory(is_verified=False)).post("/v1/events", resource("event", NEW_EVENT))
    assert response.status_code == 201


def test_unverified_user_is_refused_when_the_setting_says_so(settings):
    settings.UNVERIFIED_USERS_MAY_CREATE_EVENTS = False
    response = Api(UserFactory(is_verified=False)).post("/v1/events", resource("event", NEW_EVENT))
    assert response.status_code == 403
    assert response.json()["errors"][0]["detail"] == "Please verify your Email"
    assert not Event.all_objects.exists()
    assert Api(UserFactory(is_verified=True)).post("/v1/events", resource("event", NEW_EVENT)).status_code == 201


def test_user_on_a_live_event_cannot_be_deleted_until_it_is_gone():
    user = UserFactory()
    event = EventFactory()
    grant(user, event, "owner")
    response = Api(user).delete(f"/v1/users/{user.pk}")
    assert response.status_code == 403
    assert "still has events" in response.json()["errors"][0]["detail"]
    user.refresh_from_db()
    assert user.deleted_at is None
    event.soft_delete()
    assert Api(user).delete(f"/v1/users/{user.pk}").status_code == 200
    user.refresh_from_db()
    assert user.deleted_at is not None
