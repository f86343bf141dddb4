"""Request ids, JSON logs and the Prometheus endpoint."""

import json
import logging

import pytest
from django.test import Client

from eventyay.observability import context
from eventyay.observability.logs import JSONFormatter, RequestIdFilter
from eventyay.tasks import services as tasks
from tests.conftest import Api

pytestmark = pytest.mark.django_db


def test_request_id_is_answered_and_a_sane_offered_one_kept(event):
    response = Api().get(f"/v1/events/{event.pk}")
    assert len(response["X-Request-ID"]) == 32
    kept = Client().get("/health-check", HTTP_X_REQUEST_ID="edge-1234.abc")
    assert kept["X-Request-ID"] == "edge-1234.abc"
    replaced = Client().get("/health-check", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert replaced["X-Request-ID"] != "bad id\nwith newline" and len(replaced["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id():
    record = logging.makeLogRecord({"name": "eventyay.test", "levelname": "WARNING", "msg": "hello %s", "args": ("x",)})
    token = context.bind("req-42")
    try:
        RequestIdFilter().filter(record)
        line = json.loads(JSONFormatter().format(record))
    finally:
        context.reset(token)
    assert line["message"] == "hello x" and line["request_id"] == "req-42" and line["level"] == "WARNING"


def test_job_log_lines_carry_the_request_id_of_the_request_that_started_them(db, caplog, monkeypatch):
    seen = []
    monkeypatch.setattr(tasks, "_finish", lambda task, state, **kw: seen.append(context.request_id()))
    task = tasks.Task.objects.create(kind="export", func="eventyay.tasks.services.report", kwargs={"stage": "x"})
    tasks.run(str(task.pk), "req-from-web")
    assert seen == ["req-from-web"]
    assert context.request_id() == ""


def _metrics(**extra):
    return Client(**extra).get("/metrics")


def test_metrics_count_requests_by_route_and_status(event, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the test client's address, whatever DEBUG is
    Api().get(f"/v1/events/{event.pk}/sessions")
    Api().get("/v1/events/999999/sessions")
    response = _metrics()
    assert response.status_code == 200
    text = response.content.decode()
    assert 'eventyay_http_requests_total{method="GET",route="v1/events/<str:event_id>/sessions",status="200"}' in text
    assert 'route="v1/events/<str:event_id>/sessions",status="404"' in text
    assert "eventyay_http_request_duration_seconds_bucket" in text
    assert "eventyay_db_queries_per_request_bucket" in text
    assert 'eventyay_tasks{state="waiting"}' in text


def test_metrics_need_an_allowed_address_or_the_token(settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert _metrics(**outside).status_code == 403
    assert _metrics(**outside, HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert _metrics(**outside, HTTP_AUTHORIZATION="Bearer s3cret-metrics-token").status_code == 200
    settings.METRICS_ALLOWED_NETWORKS = ["203.0.113.0/24"]
    assert _metrics(**outside).status_code == 200
