"""Plans worked out once per process are shared by responses without carrying one response's state into the next."""

import gc
import weakref

import pytest
from rest_framework.fields import Field

from eventyay.api import documents, representation
from tests.conftest import Api
from tests.factories import UserFactory, grant
from tests.factories.sessions import full_session

pytestmark = pytest.mark.django_db


def test_cached_plans_hold_no_field_of_a_response(event):
    full_session(event, speakers=2)
    url = f"/v1/events/{event.pk}/sessions?include=speakers,track,microlocation,session-type"
    assert Api().get(url).status_code == 200
    assert representation._COMPILED_PLANS and documents._PLANS
    for plan in representation._COMPILED_PLANS.values():
        assert all(field is None for _, _, field, _ in plan.steps)
    for plan in documents._PLANS.values():
        assert not any(isinstance(relationship[5], Field) for relationship in plan.relationships)


def test_a_response_is_not_kept_alive_by_the_plans(event):
    full_session(event, speakers=1)
    request_refs = []

    def keep_ref(response):
        request_refs.append(weakref.ref(response.wsgi_request))
        return response

    response = keep_ref(Api().get(f"/v1/events/{event.pk}/sessions?include=speakers"))
    assert response.status_code == 200
    del response
    gc.collect()
    assert request_refs[0]() is None


def test_each_caller_and_include_gets_its_own_answer_in_turn(event):
    session = full_session(event, speakers=1)
    speaker = session.speakers.get()
    speaker.email = "ada@example.org"
    speaker.save()
    organizer = UserFactory()
    grant(organizer, event, "organizer")
    url = f"/v1/events/{event.pk}/speakers"
    for _ in range(2):
        anonymous = Api().get(url).json()["data"][0]
        organizers = Api(organizer).get(url).json()["data"][0]
        assert "email" not in anonymous["attributes"]
        assert organizers["attributes"]["email"] == "ada@example.org"
        with_sessions = Api().get(url, include="sessions").json()["data"][0]
        assert with_sessions["relationships"]["sessions"]["data"] == [{"type": "session", "id": str(session.pk)}]
        assert "data" not in Api().get(url).json()["data"][0]["relationships"]["sessions"]
        sparse = Api().get(url, **{"fields[speaker]": "name"}).json()["data"][0]
        assert set(sparse["attributes"]) == {"name"}
