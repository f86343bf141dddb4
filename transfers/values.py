"""Reading one JSON value as the model field's Python value, repairing the spellings real archives use.

Pure functions. Each returns the value and whether it had to be repaired (so the caller can
say so); a value that cannot be read raises ValueError/TypeError with a message for people.
Whether a readable value is *valid* is not decided here but by the API's own validators
(`transfers.validation`).
"""

import datetime as dt
import math
import re

from django.db import models
from django.utils.dateparse import parse_datetime

_UNIT = re.compile(r"^(.*?)\s*(hours?|hrs?|h|minutes?|mins?|m)\.?$", re.IGNORECASE)
_CLOCK = re.compile(r"(\d{1,2})(?:([:.])(\d{1,2}))?(?::(\d{1,2}))?")
_DATETIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(\.\d+)?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?",
    re.IGNORECASE,
)


def parse_length(value):
    """A session type's length in any spelling seen in archives → `"HH:MM"` (None when empty).

    Hours, then minutes, as Open Event wrote them: `"00:30"`, `"1:30"`, `"01.50"` (1 h 50),
    `0.3` and `"00.2 Hour"` (one digit after the dot is tens of minutes), `1` (hours),
    `"45 minutes"`; minutes past 59 carry into the hours (`"00:75"` → `"01:15"`); seconds
    (`"00:30:00"`) are dropped. Raises ValueError when the text is not a duration or is a day or more.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("expected a duration like 00:30")
    text = str(value).strip()
    unit = None
    match = _UNIT.match(text)
    if match and match.group(1):
        text, unit = match.group(1).strip(), match.group(2).lower()[0]
    match = _CLOCK.fullmatch(text)
    if not match:
        raise ValueError("expected a duration like 00:30")
    first, separator, second, seconds = match.groups()
    if separator is None and unit == "m":
        hours, minutes = divmod(int(first), 60)
    else:
        minutes_text = second or "0"
        if separator == "." and len(minutes_text) == 1:
            minutes_text += "0"
        hours, minutes = int(first), int(minutes_text)
    if seconds is not None and separator != ":":
        raise ValueError("expected a duration like 00:30")
    hours, minutes = hours + minutes // 60, minutes % 60
    if hours >= 24:
        raise ValueError("a session type cannot last a day or more")
    return f"{hours:02d}:{minutes:02d}"


def parse_datetime_loose(text, tz):
    """ISO-8601 text → aware datetime, and whether it had to be repaired (unpadded parts, a bare date).

    Naive values are read in `tz` (the event's time zone). Raises ValueError when unreadable,
    e.g. an hour of 115.
    """
    text = text.strip()
    parsed = parse_datetime(text)
    repaired = parsed is not None and not _STRICT.fullmatch(text)  # read, but not as written by the standard
    if parsed is None:
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            parsed = None
    if parsed is None:
        match = _DATETIME.fullmatch(text)
        if not match:
            raise ValueError("expected an ISO-8601 date-time")
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        offset = (offset or "").upper()
        if offset and offset != "Z":
            sign, digits = offset[0], offset[1:].replace(":", "")
            hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
            offset = f"{sign}{int(hours):02d}:{minutes}"
        candidate = (
            f"{int(year):04d}-{int(month):02d}-{int(day):02d}T{int(hour or 0):02d}:{int(minute or 0):02d}"
            f":{int(second or 0):02d}{fraction or ''}{offset}"
        )
        try:
            parsed = dt.datetime.fromisoformat(candidate.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("expected an ISO-8601 date-time") from None
        repaired = True
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed, repaired


_STRICT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?", re.I)
_TRUE = frozenset({"true", "1", "yes", "t", "y"})
_FALSE = frozenset({"false", "0", "no", "f", "n"})


def coerce(model_field, value, tz):
    """One JSON value → (the model field's Python value, repaired?); raises ValueError/TypeError when unreadable."""
    text_field = isinstance(model_field, models.CharField | models.TextField)
    if value is None or (value == "" and not text_field):
        if model_field.null:
            return None, False
        if model_field.has_default():
            return model_field.get_default(), False
        if text_field:
            return "", False
        raise ValueError("a value is required")
    if isinstance(model_field, models.BooleanField):
        if isinstance(value, bool):
            return value, False
        if isinstance(value, int | float):
            return bool(value), False
        text = str(value).strip().lower()
        if text in _TRUE:
            return True, False
        if text in _FALSE:
            return False, False
        raise ValueError("expected true or false")
    if isinstance(model_field, models.DateTimeField):
        if not isinstance(value, str):
            raise TypeError("expected a date-time text")
        return parse_datetime_loose(value, tz)
    if isinstance(model_field, models.IntegerField):
        if isinstance(value, bool):
            raise TypeError("expected a whole number")
        if isinstance(value, float) and value.is_integer():
            return int(value), False
        if isinstance(value, int):
            return value, False
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.0*)?\s*", value):
            return int(float(value)), False
        raise ValueError("expected a whole number")
    if isinstance(model_field, models.FloatField):
        if isinstance(value, bool):
            raise TypeError("expected a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError("expected a number") from None
        if not math.isfinite(number):
            raise ValueError("expected a finite number (NaN and Infinity are not numbers a map can use)")
        return number, False
    if isinstance(model_field, models.JSONField):
        return value, False
    if text_field:
        if isinstance(value, dict | list):
            raise TypeError("expected text")
        if isinstance(value, bool):
            return ("true" if value else "false"), False
        return str(value), False
    return value, False


def ref_id(value):
    """An old id from `{id: ..}`, a bare id or a numeric string (ids are numbers or strings); None otherwise."""
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
        return text or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def shown(value, limit=200):
    """A value as found, cut to a size a warning can carry."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + "…"
    if isinstance(value, bool | int | type(None)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
