"""An event's programme is read in its order through an index, not by sorting every session of the table."""

import pytest
from django.db import connection

from events.models import Session
from tests.factories.sessions import full_session

pytestmark = [
    pytest.mark.django_db,
    # PostgreSQL's planner picks a sequential scan for a test's few rows; SQLite's choice does not depend on them.
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan"),
]


def test_a_programme_page_reads_the_event_programme_index(event):
    full_session(event, speakers=0)
    page = Session.objects.filter(event=event, deleted_at__isnull=True, state__in=["accepted", "confirmed"])[:100]
    plan = page.explain()
    assert "session_event_programme" in plan and "TEMP B-TREE" not in plan


def test_a_programme_is_counted_from_the_state_index_alone(event):
    from django.test.utils import CaptureQueriesContext

    full_session(event, speakers=0)
    public = Session.objects.filter(event=event, deleted_at__isnull=True, state__in=["accepted", "confirmed"])
    with CaptureQueriesContext(connection) as queries:
        assert public.count() == 1
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + queries.captured_queries[0]["sql"])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "COVERING INDEX session_event_state" in plan
