"""Included foreign keys of a list page are loaded per page (`attach_to_ones`): same rows, fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eventyay.api import includes
from tests.conftest import Api
from tests.factories.events import SessionFactory, TrackFactory
from tests.factories.sessions import full_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_response_cache(settings):
    settings.RESPONSE_CACHE_ENABLED = False  # each request renders


INCLUDE = {"include": "track,microlocation,session-type", "page[size]": "100"}


def queries(url, **params):
    """(the SQL of one anonymous GET, its response)"""
    with CaptureQueriesContext(connection) as captured:
        response = Api().get(url, **params)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries], response


def test_the_count_is_the_same_whether_the_keys_are_null_or_set(event):
    url = f"/v1/events/{event.pk}/sessions"
    SessionFactory(event=event, state="accepted", track=None, microlocation=None, session_type=None)
    Api().get(url, **INCLUDE)
    without, response = queries(url, **INCLUDE)
    assert response.json().get("included", []) == []
    for _ in range(4):
        full_session(event, state="accepted")
    with_keys, response = queries(url, **INCLUDE)
    assert len(response.json()["data"]) == 5 and len(response.json()["included"]) == 12
    assert len(with_keys) == len(without), "\n".join(with_keys)


def test_the_rows_equal_the_joins_a_deleted_track_included(monkeypatch, event):
    """As `select_related` does, a session's track is included even when the track was deleted."""
    url = f"/v1/events/{event.pk}/sessions"
    deleted = TrackFactory(event=event)
    full_session(event, state="accepted")
    SessionFactory(event=event, state="accepted", track=deleted)
    deleted.soft_delete()
    per_page = Api().get(url, **INCLUDE)
    monkeypatch.setattr(includes, "_attachable", lambda model, relation: False)
    joined = Api().get(url, **INCLUDE)
    assert per_page.content == joined.content
    assert str(deleted.pk) in {row["id"] for row in per_page.json()["included"] if row["type"] == "track"}
