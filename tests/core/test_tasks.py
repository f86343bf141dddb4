"""Task status: who may read it, progress while running, orphaned tasks."""

import datetime as dt

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from eventyay.tasks import services
from eventyay.tasks.models import Task
from tests.conftest import Api
from tests.factories import AdminFactory, UserFactory


@pytest.mark.django_db
def test_task_is_visible_to_its_starter_and_admins_only():
    owner, other = UserFactory(), UserFactory()
    task = Task.objects.create(kind="import", func="x.y", user=owner, stage="Importing sessions", done=3, total=12)
    task.state = Task.State.STARTED
    task.save()
    body = Api(owner).get(f"/v1/tasks/{task.pk}").json()
    assert body == {
        "state": "STARTED",
        "progress": {"stage": "Importing sessions", "done": 3, "total": 12, "percent": 25},
    }
    assert Api(AdminFactory()).get(f"/v1/tasks/{task.pk}").status_code == 200
    assert Api(other).get(f"/v1/tasks/{task.pk}").status_code == 404
    assert Api().get(f"/v1/tasks/{task.pk}").status_code == 401
    assert Api(owner).get("/v1/tasks/not-a-uuid").status_code == 404


@pytest.mark.django_db
def test_failed_task_shows_the_message_and_orphans_fail():
    owner = UserFactory()
    stale = Task.objects.create(kind="import", func="x.y", user=owner, state=Task.State.STARTED)
    Task.objects.filter(pk=stale.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    body = Api(owner).get(f"/v1/tasks/{stale.pk}").json()
    assert body["state"] == "FAILURE"
    assert "worker stopped" in body["result"]


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_is_visible_to_pollers():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has a single writer: progress inside a transaction shows after its commit")
    task = Task.objects.create(kind="import", func="x.y", state=Task.State.STARTED)
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():
            services.report(task, "Importing sessions", 5, 10)
            with reader.cursor() as cursor:
                cursor.execute("SELECT stage, done FROM tasks_task WHERE id = %s", [task.pk])
                assert cursor.fetchone() == ("Importing sessions", 5)
    finally:
        reader.close()
        services._close_side_connection()
