"""One notion of valid: every imported value goes through the validators the API runs on a write.

For each collection the API's serializer is built once; a value is checked with that field's
`run_validation` (type, length, URL scheme, e-mail, choices, NUL bytes, ranges) and the
serializer's `validate_<field>` method when it has one (time zones, colours, lengths), then
with the model field's own validators where the serializer declares the field itself (so a
model-level rule, e.g. finite coordinates, is never skipped). Values are checked one at a
time, in Python: no query, no `full_clean`. Results are remembered per value, which is safe
because these validators depend on nothing but the value.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from rest_framework import serializers as drf
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from events import services as event_rules
from events.serializers.base import check_window
from events.serializers.event import EventSerializer
from events.serializers.programme import (
    MicrolocationSerializer,
    SessionTypeSerializer,
    SocialLinkSerializer,
    SpeakersCallSerializer,
    SponsorSerializer,
    TrackSerializer,
)
from events.serializers.sessions import SessionSerializer, SpeakerSerializer

SERIALIZERS = {
    "event": EventSerializer,
    "microlocations": MicrolocationSerializer,
    "tracks": TrackSerializer,
    "session_types": SessionTypeSerializer,
    "speakers": SpeakerSerializer,
    "sponsors": SponsorSerializer,
    "sessions": SessionSerializer,
    "social_links": SocialLinkSerializer,
    "speakers_call": SpeakersCallSerializer,
}

#: Event flags only staff may set (the front page's promotion); anyone else's import drops them.
STAFF_ONLY = {"event": ("is_featured", "is_promoted", "is_demoted")}

_MEMO_TYPES = (str, int, float, bool, dt.datetime)


class Invalid(Exception):
    """The value fails the API's validation; `str()` is the API's message."""


def _message(detail):
    if isinstance(detail, dict):
        return "; ".join(_message(v) for v in detail.values())
    if isinstance(detail, list):
        return "; ".join(_message(v) for v in detail)
    return str(detail)


class FieldValidator:
    """`check(collection, name, value, model_field)` → the validated value, or raises Invalid."""

    def __init__(self):
        self._serializers = {}
        self._steps = {}
        self._memo = {}

    def _serializer(self, collection):
        serializer = self._serializers.get(collection)
        if serializer is None:
            serializer = self._serializers[collection] = SERIALIZERS[collection]()
        return serializer

    def _build(self, collection, name, model_field):
        steps = []
        serializer_class = SERIALIZERS.get(collection)
        field = None
        if serializer_class is not None:
            serializer = self._serializer(collection)
            field = serializer.fields.get(name)
            if field is not None and (field.read_only or isinstance(field, RelatedField | ManyRelatedField)):
                field = None
        if field is not None:
            steps.append(_text_validation(field) if type(field) in _TEXT_FIELDS else field.run_validation)
            method = getattr(serializer, f"validate_{name}", None)
            if method is not None:
                steps.append(method)
        declared = name in getattr(serializer_class, "_declared_fields", {})
        # A declared serializer field does not carry the model's own validators (e.g. finite coordinates).
        if model_field is not None and (
            field is None or (declared and (model_field._validators or model_field.choices))
        ):
            steps.append(_model_validators(model_field))
        return steps

    def check(self, collection, name, value, model_field):
        key = (collection, name)
        steps = self._steps.get(key)
        if steps is None:
            steps = self._steps[key] = self._build(collection, name, model_field)
        memo_key = (collection, name, type(value), value) if isinstance(value, _MEMO_TYPES) else None
        if memo_key is not None:
            known = self._memo.get(memo_key)
            if known is not None:
                ok, result = known
                if ok:
                    return result
                raise Invalid(result)
        try:
            result = value
            for step in steps:
                checked = step(result)
                result = result if checked is None else checked
        except (drf.ValidationError, DjangoValidationError) as exc:
            message = _message(exc.detail if isinstance(exc, drf.ValidationError) else exc.messages)
            if memo_key is not None:
                self._memo[memo_key] = (False, message)
            raise Invalid(message) from None
        if isinstance(result, list):
            result = [dict(item) if isinstance(item, dict) else item for item in result]
        if memo_key is not None:
            self._memo[memo_key] = (True, result)
        return result


#: DRF text fields whose validation is `str(value).strip()` then their validators (the subclasses only add some).
_TEXT_FIELDS = (drf.CharField, drf.EmailField, drf.URLField, drf.SlugField)


def _text_validation(field):
    """`field.run_validation` for a text that needs no trimming: the field's validators called directly.

    DRF's wrapper around them (empty and null handling, conversion, error collection) is most of the
    cost of a plain text and changes nothing for a non-blank string without outer whitespace. Any other
    value, and any value a validator refuses (for DRF's own message), goes through DRF itself.
    """
    validators = [_FASTER.get(type(v), _same)(v) for v in field.validators]
    if any(getattr(validator, "requires_context", False) for validator in validators):
        return field.run_validation

    def run(value):
        if type(value) is not str or not value or value[0].isspace() or value[-1].isspace():
            return field.run_validation(value)
        try:
            for validator in validators:
                validator(value)
        except (drf.ValidationError, DjangoValidationError):
            return field.run_validation(value)
        return value

    return run


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value):
    """DRF's ProhibitSurrogateCharactersValidator without its loop over every character (a caller's
    refusal goes through DRF for the message)."""
    if not value.isascii() and _SURROGATE.search(value):
        raise DjangoValidationError("Surrogate characters are not allowed.")


def _url_by_origin(validator):
    """Django's URLValidator, asked once per origin (`https://host:port`): the rest of a URL only has to be
    free of whitespace, what the validator's pattern asks of it.

    For a URL `origin + rest`, where `rest` starts with `/`, `?` or `#` and has no whitespace, and the whole
    URL is within the length limit and has none of the unsafe characters, the validator's steps
    (scheme, `urlsplit`, pattern, IPv6 and host length, which all read only the origin) pass exactly
    when they pass for `origin + "/"`. Anything else is checked as a whole.
    """
    valid_origins = set()

    def run(value):
        scheme, sep, rest = value.partition("://")
        cut = _PATH_START.search(rest)
        if (
            sep
            and cut is not None
            and len(value) <= validator.max_length
            and not validator.unsafe_chars.intersection(value)
            and not _WHITESPACE.search(rest, cut.start())
        ):
            origin = value[: len(scheme) + len(sep) + cut.start()]
            if origin in valid_origins:
                return
            try:
                validator(origin + "/")
            except DjangoValidationError:
                pass  # e.g. user info holding a "?": the whole URL decides
            else:
                valid_origins.add(origin)
                return
        validator(value)

    return run


_PATH_START = re.compile("[/?#]")
_WHITESPACE = re.compile(r"\s")


def _same(validator):
    return validator


#: Faster equivalents of validators a text field carries.
_FASTER = {
    ProhibitSurrogateCharactersValidator: lambda validator: _no_surrogates,
    URLValidator: _url_by_origin,
}


def _model_validators(model_field):
    def run(value):
        model_field.run_validators(value)
        if model_field.choices and value not in {c[0] for c in model_field.flatchoices}:
            raise DjangoValidationError(f"{value!r} is not one of the choices.")
        return value

    return run


def window_error(collection, row):
    """The API's rule that a thing ends after it starts (events also: at most the longest event allowed)."""
    if collection == "event":
        errors = event_rules.date_errors(row.get("starts_at"), row.get("ends_at"), require_both=False)
        return _message(errors["ends_at"]) if errors else None
    try:
        check_window(row, None)
    except drf.ValidationError as exc:
        return _message(exc.detail)
    return None
