"""Input limits kept once for every route: integers a column can hold, numbers JSON can carry.

- `check_numbers(document)`: run by every JSON parser (JSON:API and plain JSON) on the parsed body; an
  integer beyond 64 bits (or a non-finite number) anywhere in it is a 422 pointing at it (`/tickets/0/id`,
  `/data/attributes/quantity`), before any view, serializer or query sees it.
- `bound_integer_fields(serializer, fields)`: run by `ResourceSerializer.get_fields`; every integer field
  gets the range of its model column (32 bits for an `IntegerField`), or 64 bits without a column, so a
  value the database cannot hold is a 422 with a pointer on SQLite and PostgreSQL alike.
- floats: the same `get_fields` pass gives every float field a finite-number validator, and
  `finite(data)` turns a stored NaN/Infinity into null when a document is rendered (`renderers.py`).
"""

import math

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from rest_framework import fields as drf_fields
from rest_framework.exceptions import ValidationError

INT64 = (-(2**63), 2**63 - 1)
RANGES = BaseDatabaseOperations.integer_field_ranges


def body_error(pointer, message):
    """A 422 naming its own source, for plain-JSON and JSON:API bodies alike."""
    return ValidationError({"detail": message, "source": {"pointer": pointer}})


def _walk(value, path):
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise body_error(path or "/", "This number is beyond the 64-bit integer range.")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise body_error(path or "/", "Numbers must be finite.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}/{index}")


def check_numbers(document):
    _walk(document, "")
    return document


def column_range(model_field):
    if model_field is None:
        return INT64
    return RANGES.get(model_field.get_internal_type(), INT64)


def _model_field(serializer, name, field):
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    source = field.source or name  # fields are bound (and get their source) after get_fields
    if model is None or source == "*" or "." in source:
        return None
    try:
        found = model._meta.get_field(source)
    except Exception:  # noqa: BLE001 - a computed field has no column
        return None
    return found if isinstance(found, models.IntegerField) else None


def _require_finite(value):
    if value is not None and not math.isfinite(value):
        raise ValidationError("A finite number is required (not NaN or Infinity).")


def bound_number_fields(serializer, fields):
    """Give every writable integer field the range of its column (or 64 bits), every float field a
    finite-number check; once per field."""
    for name, field in fields.items():
        target = field.child if isinstance(field, drf_fields.ListField) else field
        if field.read_only:
            continue
        if isinstance(target, drf_fields.FloatField):
            target.validators.append(_require_finite)
            continue
        if not isinstance(target, drf_fields.IntegerField):
            continue
        low, high = column_range(_model_field(serializer, name, field) if target is field else None)
        if target.max_value is None or target.max_value > high:
            target.max_value = high
            target.validators.append(MaxValueValidator(high, message=f"Ensure this value is at most {high}."))
        if target.min_value is None or target.min_value < low:
            target.min_value = low
            target.validators.append(MinValueValidator(low, message=f"Ensure this value is at least {low}."))
    return fields


def finite(data):
    """`data` with every NaN/Infinity float replaced by None (what orjson writes for them too)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(value) for value in data]
    return data


def render_finite(render, data, *args):
    """`render(data, ...)`; if a stored NaN/Infinity makes strict JSON fail, again with those as null."""
    try:
        return render(data, *args)
    except ValueError as error:
        if "json compliant" not in str(error).lower():
            raise
        return render(finite(data), *args)
