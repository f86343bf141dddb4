"""Issue 15 finding 7: NaN and Infinity are never stored, whatever the write path, and never fail a response."""

import json
import math

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction

from engagement.models import Feedback
from events.models import Event, Microlocation
from tests.conftest import Api, resource
from tests.factories.events import MicrolocationFactory

pytestmark = pytest.mark.django_db

#: Columns bounded by another check constraint that NaN/Infinity fail as well.
BOUNDED_OTHERWISE = {("payments", "tax", "rate"): "tax_rate_percent"}


def test_every_float_and_decimal_column_refuses_nan_and_infinity():
    missing = []
    for model in apps.get_models():
        meta = model._meta
        names = {c.name for c in meta.constraints}
        for field in meta.concrete_fields:
            if not isinstance(field, models.FloatField | models.DecimalField):
                continue
            key = (meta.app_label, meta.model_name, field.name)
            expected = BOUNDED_OTHERWISE.get(key, f"{meta.app_label}_{meta.model_name}_{field.name}_finite")
            if expected not in names:
                missing.append(".".join(key))
    assert not missing, f"add eventyay.db.finite_checks(...) to these models' Meta.constraints: {missing}"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_database_refuses_non_finite_floats_written_by_the_orm(value):
    room = MicrolocationFactory(latitude=1.5)
    try:
        with transaction.atomic():
            Microlocation.objects.filter(pk=room.pk).update(latitude=value)
    except IntegrityError:
        stored = 1.5
    else:
        assert connection.vendor == "sqlite" and math.isnan(value)  # SQLite itself binds NaN as NULL
        stored = None
    room.refresh_from_db()
    assert room.latitude == stored


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_model_validation_refuses_non_finite_floats(value, event):
    """Model validation (the admin's, an importer's full_clean) checks the constraints too."""
    event.latitude = value
    with pytest.raises(ValidationError):
        event.full_clean()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_admin_form_refuses_non_finite_floats(value, client, event):
    from django.contrib import admin

    form_class = admin.site._registry[Event].get_form(None, event)
    form = form_class(instance=event, data={"latitude": value})
    assert not form.is_valid()
    assert "latitude" in form.errors


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "nan", "inf"])
def test_api_refuses_non_finite_floats_as_strings(as_role, event, value):
    body = resource("microlocation", {"name": "Hall", "latitude": value}, {"event": ("event", event.pk)})
    response = as_role("owner").post("/v1/microlocations", body)
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["source"]["pointer"] == "/data/attributes/latitude"
    assert not Microlocation.objects.filter(event=event).exists()


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_api_refuses_json_nan_literals(as_role, event, literal):
    body = json.dumps(resource("microlocation", {"name": "Hall", "latitude": 1}, {"event": ("event", event.pk)}))
    body = body.replace('"latitude": 1', f'"latitude": {literal}')
    response = as_role("owner").post("/v1/microlocations", body)
    assert response.status_code in (400, 422), response.content
    assert not Microlocation.objects.filter(event=event).exists()


@pytest.mark.parametrize("value", ["NaN", "Infinity"])
def test_feedback_rating_refuses_non_finite(as_role, event, value):
    body = resource("feedback", {"rating": value}, {"event": ("event", event.pk)})
    response = as_role("user").post("/v1/feedbacks", body)
    assert 400 <= response.status_code < 500, response.content
    assert not Feedback.objects.exists()


@pytest.fixture
def stored_infinity(event):
    """A row written before the constraint existed: the constraint is lifted for this test only."""
    table = Event._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks, so the table can change
            for name in ("latitude", "longitude"):
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "events_event_{name}_finite"')
        nan, inf = ("'NaN'::float8", "'Infinity'::float8") if connection.vendor == "postgresql" else ("NULL", "9e999")
        cursor.execute(f'UPDATE "{table}" SET latitude = {nan}, longitude = {inf} WHERE id = %s', [event.pk])
    yield event
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


@pytest.mark.parametrize("accept", ["application/vnd.api+json", "application/vnd.api+json; indent=2"])
def test_stored_non_finite_floats_render_as_null(stored_infinity, accept):
    event = Event.objects.get(pk=stored_infinity.pk)
    assert not math.isfinite(event.longitude)
    client = Api().client
    for url in ("/v1/events", f"/v1/events/{event.pk}"):
        response = client.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200, response.content[:300]
        data = response.json()["data"]
        document = data[0] if isinstance(data, list) else data
        assert document["attributes"]["longitude"] is None
        assert document["attributes"]["latitude"] is None
