"""`IdListQuery` gives the rows the ORM gives, runs one counted query, and compiles once per id count."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from events.models import Session, Speaker
from eventyay import id_queries
from eventyay.id_queries import IdListQuery
from tests.factories.sessions import sessions_with_every_field

pytestmark = pytest.mark.django_db


def linked_speakers(session_ids):
    return (
        Speaker.all_objects.filter(sessions__in=session_ids)
        .annotate(linked_session_id=F("sessions__id"))
        .order_by("name", "pk")
    )


def state(instance):
    return {key: value for key, value in instance.__dict__.items() if key != "_state"}


@pytest.fixture
def session_ids(event):
    sessions = sessions_with_every_field(event, speaking_experience="Ten years", sponsorship_required=True)
    sessions[0].speakers.first().soft_delete()
    return [session.pk for session in sessions]


def test_instances_equal_the_orms_rows_with_their_annotation(session_ids):
    query = IdListQuery(linked_speakers)
    for ids in (session_ids, session_ids[:1], session_ids[::-1]):
        ours, django = query.instances(ids), list(linked_speakers(ids))
        assert [state(speaker) for speaker in ours] == [state(speaker) for speaker in django]
        assert all(not speaker._state.adding and speaker._state.db == "default" for speaker in ours)
    assert {speaker.linked_session_id for speaker in query.instances(session_ids)} == set(session_ids)
    assert any(speaker.deleted_at is not None for speaker in query.instances(session_ids))  # no filter added


def test_each_id_count_is_compiled_once_and_every_run_is_one_query(session_ids):
    compiled = []
    query = IdListQuery(lambda ids: compiled.append(len(ids)) or linked_speakers(ids))
    query.instances(session_ids)  # (the first call also builds one queryset to learn the model)
    compiled.clear()
    with CaptureQueriesContext(connection) as queries:
        query.instances(session_ids)
        query.instances(session_ids[::-1])
        query.instances(session_ids[:2])
    assert compiled == [2]
    assert len(queries) == 3
    assert query.instances([]) == []


def test_a_query_with_parameters_besides_the_ids_runs_through_the_orm(session_ids):
    def live_named(ids):
        return Speaker.objects.filter(sessions__in=ids, name__startswith="").order_by("pk")

    query = IdListQuery(live_named)
    assert [s.pk for s in query.instances(session_ids)] == [s.pk for s in live_named(session_ids)]
    assert query._compiled == {}


def test_related_rows_are_not_compiled(session_ids):
    query = IdListQuery(lambda ids: Session.all_objects.filter(pk__in=ids).select_related("track").order_by("pk"))
    sessions = query.instances(session_ids)
    assert [session.track.name for session in sessions] == [
        session.track.name for session in Session.all_objects.filter(pk__in=session_ids).order_by("pk")
    ]
    assert query._compiled == {}


def test_compiled_queries_are_bounded(session_ids, monkeypatch):
    monkeypatch.setattr(id_queries, "MAX_COMPILED", 1)
    query = IdListQuery(linked_speakers)
    query.instances(session_ids)
    query.instances(session_ids[:1])
    assert len(query._compiled) == 1
    assert [state(s) for s in query.instances(session_ids[:1])] == [state(s) for s in linked_speakers(session_ids[:1])]
