"""`/health-check` and `manage.py healthcheck` (reference §8)."""

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command

from tests.conftest import Api

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def checks_by_name(body):
    return {r["checker"]: r for r in body["results"]}


def test_health_check_passes_without_auth(settings):
    settings.REDIS_URL = ""
    response = Api().client.get("/health-check")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    checks = checks_by_name(body)
    assert checks["health_check_db"]["output"] == "database ok"
    assert checks["health_check_migrations"]["output"] == "database up to date with migrations"
    assert all(r["passed"] for r in body["results"])
    assert "SECRET" not in response.content.decode().upper()


def test_missing_migration_file_fails_the_migrations_check(settings):
    """An app whose migration files are gone (simulated: it points at an empty migrations package)."""
    settings.MIGRATION_MODULES = {"tasks": "tests.core.empty_migrations"}
    response = Api().client.get("/health-check")
    assert response.status_code == 503
    checks = checks_by_name(response.json())
    assert checks["health_check_migrations"]["passed"] is False
    assert "tasks" in checks["health_check_migrations"]["output"]
    assert checks["health_check_db"]["passed"] is True


def test_healthcheck_command_exits_non_zero_on_failure(settings, capsys):
    settings.MIGRATION_MODULES = {"tasks": "tests.core.empty_migrations"}
    with pytest.raises(SystemExit) as exit_info:
        call_command("healthcheck")
    assert exit_info.value.code == 1
    assert "FAIL health_check_migrations" in capsys.readouterr().out


def test_healthcheck_command_passes(capsys, settings):
    settings.REDIS_URL = ""
    call_command("healthcheck")
    assert "ok   health_check_db" in capsys.readouterr().out


def test_result_is_cached(settings, django_assert_max_num_queries):
    settings.REDIS_URL = ""
    Api().client.get("/health-check")
    # The result sits in the shared cache (one read of the cache table without Redis), the checks do not run.
    with django_assert_max_num_queries(0 if caches["default"].__class__.__name__ == "RedisCache" else 1):
        assert Api().client.get("/health-check").status_code == 200


def test_result_is_shared_by_every_process(settings):
    """Another process (here: another client and a fresh cache connection) sees the same cached report."""
    settings.REDIS_URL = ""
    first = Api().client.get("/health-check").json()
    other = caches.create_connection("default")  # what a second worker opens
    assert other.get("eventyay:health")["timestamp"] == first["timestamp"]
    assert Api().client.get("/health-check").json()["timestamp"] == first["timestamp"]


def test_queue_check_fails_without_reachable_redis(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 10}}
    response = Api().client.get("/health-check")
    assert response.status_code == 503
    assert checks_by_name(response.json())["health_check_queue"]["output"] == "cannot connect to redis server"
