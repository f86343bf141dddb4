"""Deployment settings that every feature leans on: the shared cache, SQLite under concurrent writers, CORS."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection

from tests.conftest import Api

pytestmark = pytest.mark.django_db


def test_cache_is_shared_between_processes_never_process_memory():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.endswith("RedisCache" if settings.REDIS_URL else "DatabaseCache")
    cache.set("probe", 41)
    assert caches.create_connection("default").get("probe") == 41  # a second worker's own connection


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings")
def test_sqlite_takes_writers_in_turn():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_any_origin_reads_without_credentials():
    response = Api().client.get("/v1/events", HTTP_ORIGIN="https://evil.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_listed_origin_gets_credentials(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    response = Api().client.get("/v1/events", HTTP_ORIGIN="https://app.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert response["Access-Control-Allow-Credentials"] == "true"
    other = Api().client.get("/v1/events", HTTP_ORIGIN="https://app.example.org.evil.example")
    assert other["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in other


def test_closed_cors_answers_only_listed_origins(settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    assert "Access-Control-Allow-Origin" not in Api().client.get("/v1/events", HTTP_ORIGIN="https://x.example")
    listed = Api().client.get("/v1/events", HTTP_ORIGIN="https://app.example.org")
    assert listed["Access-Control-Allow-Credentials"] == "true"
