"""The fast session/speaker rendering gives the same documents as the project's standard renderer."""

import json

import pytest
from rest_framework.test import APIRequestFactory

from events.serializers.sessions import SessionSerializer, SpeakerSerializer
from events.views.sessions import SessionViewSet, SpeakerViewSet
from eventyay.api.relations import Relation
from eventyay.api.renderers import DocumentRenderer
from eventyay.api.serializers import ResourceSerializer
from tests.conftest import Api
from tests.factories.sessions import sessions_with_every_field

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def programme(event):
    return sessions_with_every_field(event)


def documents(monkeypatch, viewset, url, **params):
    """The body of one request as rendered by the fast renderer and by `DocumentRenderer`."""
    fast = Api().get(url, **params)
    monkeypatch.setattr(viewset, "renderer_classes", [DocumentRenderer])
    standard = Api().get(url, **params)
    monkeypatch.undo()
    assert fast.status_code == standard.status_code == 200
    fast_body, standard_body = json.loads(fast.content), json.loads(standard.content)
    _drop_declared_placeholders(fast_body, standard_body)
    return fast_body, standard_body


def _drop_declared_placeholders(fast, standard):
    """The declared relationships nothing serves yet (`eventyay/api/declared.py`) are links only, which the
    standard renderer leaves out; everything else must be equal."""
    for key in ("data", "included"):
        fast_items, standard_items = fast.get(key), standard.get(key)
        if isinstance(fast_items, dict):
            fast_items, standard_items = [fast_items], [standard_items]
        for fast_item, standard_item in zip(fast_items or [], standard_items or [], strict=False):
            theirs = standard_item.get("relationships", {})
            ours = fast_item.get("relationships", {})
            for name in [n for n in ours if n not in theirs and set(ours[n]) == {"links"}]:
                del ours[name]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"include": "speakers,track,microlocation,session-type"},
        {"include": "speakers,event,creator"},
        {"include": "speakers.user,track.event"},
        {"fields[session]": "title,speakers", "include": "speakers"},
    ],
)
def test_session_list_documents_match(monkeypatch, event, programme, params):
    fast, standard = documents(monkeypatch, SessionViewSet, f"/v1/events/{event.pk}/sessions", **params)
    assert fast == standard


def test_session_detail_documents_match(monkeypatch, programme):
    url = f"/v1/sessions/{programme[0].pk}"
    fast, standard = documents(monkeypatch, SessionViewSet, url, include="speakers,track,event")
    assert fast == standard


@pytest.mark.parametrize("params", [{}, {"include": "sessions,user,event"}])
def test_speaker_list_documents_match(monkeypatch, event, programme, params):
    fast, standard = documents(monkeypatch, SpeakerViewSet, f"/v1/events/{event.pk}/speakers", **params)
    assert fast == standard


def test_included_speaker_appears_once(event, programme):
    body = Api().get(f"/v1/events/{event.pk}/sessions", include="speakers").json()
    keys = [(item["type"], item["id"]) for item in body["included"]]
    assert len(keys) == len(set(keys)) == 7


@pytest.mark.parametrize("serializer_class", [SessionSerializer, SpeakerSerializer])
def test_fast_representation_equals_drf(event, programme, serializer_class):
    request = APIRequestFactory().get("/", {"include": "speakers,sessions"})
    from rest_framework.request import Request

    instance = programme[0] if serializer_class is SessionSerializer else programme[0].speakers.first()
    serializer = serializer_class(context={"request": Request(request)})
    # The shared fast path against DRF's own (a serializer's own hiding of private fields comes after both).
    fast = ResourceSerializer.to_representation(serializer, instance)
    standard = super(ResourceSerializer, serializer).to_representation(instance)
    assert fast == standard


def test_cached_links_equal_relation_links(programme):
    serializer = SessionSerializer()
    session = programme[1]
    for name in ("track", "speakers", "event", "session_type"):
        field = serializer.fields[name]
        field = getattr(field, "child_relation", field)
        assert field.get_links(session) == Relation.get_links(field, session)
        assert field.get_links(programme[2]) == Relation.get_links(field, programme[2])


@pytest.mark.parametrize(
    "include", ["", "tickets,tracks,microlocations,event-topic", "sessions.speakers,speakers-call"]
)
def test_event_documents_match(monkeypatch, event, programme, include):
    from events.views.event import EventViewSet

    params = {"include": include} if include else {}
    fast, standard = documents(monkeypatch, EventViewSet, "/v1/events", **params)
    assert fast == standard
