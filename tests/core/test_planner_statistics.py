"""`refresh_planner_statistics`: a small sample on PostgreSQL, the session's own setting left as it was."""

import pytest
from django.db import connection

from events.models import Session, Speaker
from eventyay.db import PLANNER_SAMPLE_TARGET, refresh_planner_statistics
from tests.factories.sessions import full_session

pytestmark = pytest.mark.django_db


def _setting():
    with connection.cursor() as cursor:
        cursor.execute("SHOW default_statistics_target")
        return cursor.fetchone()[0]


def test_statistics_are_gathered_for_the_tables(event):
    for _ in range(3):
        full_session(event, 2)
    refresh_planner_statistics([Session, Speaker, Session.speakers.through])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()")
        analyzed = {row[0] for row in cursor.fetchall()}
    assert {"events_session", "events_speaker", "events_session_speakers"} <= analyzed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: default_statistics_target")
def test_postgresql_samples_few_rows_and_restores_the_setting(event):
    before = _setting()
    Session.objects.bulk_create(Session(event=event, title=f"S{i}", state="accepted") for i in range(300))
    refresh_planner_statistics([Session])
    assert _setting() == before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(array_length(histogram_bounds::text::text[], 1)) FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'events_session'"
        )
        buckets = cursor.fetchone()[0]
    assert buckets is not None and buckets <= PLANNER_SAMPLE_TARGET + 1
