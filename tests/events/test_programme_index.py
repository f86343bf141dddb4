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
