"""Data migrations, run forwards from the state before them on a real database."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE_SANITIZING = [("events", "0004_ticket_name_unique")]
SANITIZING = [("events", "0005_rich_text_sanitized")]


@pytest.mark.django_db(transaction=True)
def test_rich_text_written_before_sanitizing_is_cleaned_by_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_SANITIZING)
    try:
        _check_rows_are_cleaned(executor)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # back to the schema the other tests expect


def _check_rows_are_cleaned(executor):
    old = executor.loader.project_state(BEFORE_SANITIZING).apps
    start = timezone.now() + dt.timedelta(days=30)
    event = old.get_model("events", "Event").objects.create(
        name="Old", identifier="old12345", starts_at=start, ends_at=start + dt.timedelta(days=1),
        description='<p onclick="x()">Hi<script>alert(1)</script></p>', code_of_conduct="Be kind",
    )  # fmt: skip
    speaker = old.get_model("events", "Speaker").objects.create(
        event_id=event.pk, name="Ada", long_biography='<a href="javascript:alert(1)">me</a>'
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(SANITIZING)
    new = executor.loader.project_state(SANITIZING).apps
    event = new.get_model("events", "Event").objects.get(pk=event.pk)
    assert event.description == "<p>Hi</p>"
    assert event.code_of_conduct == "Be kind"
    assert new.get_model("events", "Speaker").objects.get(pk=speaker.pk).long_biography == (
        '<a rel="nofollow noopener noreferrer">me</a>'
    )
