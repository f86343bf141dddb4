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


def test_a_response_is_not_kept_alive_by_the_plans(event, monkeypatch):
    # Empty memos: the plans kept are this response's, not ones an earlier test compiled.
    monkeypatch.setattr(representation, "_COMPILED_PLANS", {})
    monkeypatch.setattr(documents, "_PLANS", {})
    full_session(event, speakers=1)
    response = Api().get(f"/v1/events/{event.pk}/sessions?include=speakers")
    assert response.status_code == 200 and representation._COMPILED_PLANS and documents._PLANS
    request = weakref.ref(response.wsgi_request)
    del response
    gc.collect()
    assert request() is None


def test_query_strings_sent_once_do_not_keep_out_the_plans_of_later_requests(event, monkeypatch):
    monkeypatch.setattr(representation, "_COMPILED_PLANS", {})
    monkeypatch.setattr(representation, "MAX_COMPILED_PLANS", 4)
    full_session(event, speakers=1)
    url = f"/v1/events/{event.pk}/speakers"
    for number in range(6):  # six sparse fieldsets no later request asks for
        assert Api().get(url, **{"fields[speaker]": f"name,unknown-{number}"}).status_code == 200
    assert len(representation._COMPILED_PLANS) <= 4
    assert Api().get(url).status_code == 200
    assert any(key[2][1] == () for key in representation._COMPILED_PLANS)  # the plain list's plan is kept


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
