"""One imported record: its values read, validated by the API's validators, repaired or dropped, and reported.

Used by `transfers.normalise` for every collection (and by the forms reader).
"""

from django.db import models

from transfers.mapping import ALIASES, COLLECTION_ORDER, FIELDS, MEDIA_FIELDS, SKIPPED, is_relative_path
from transfers.report import DROPPED_VALUE, REPAIRED, SKIPPED_RECORD, dashed
from transfers.validation import STAFF_ONLY, FieldValidator, Invalid, window_error
from transfers.values import coerce, parse_length

#: The field without which a record is not one of its kind.
REQUIRED = {
    "microlocations": "name",
    "tracks": "name",
    "session_types": "name",
    "speakers": "name",
    "sponsors": "name",
    "sessions": "title",
    "social_links": "link",
}
#: Required values with a neutral stand-in: the record is kept, the value repaired.
STAND_INS = {"tracks": {"color": "#cccccc"}, "social_links": {"name": "Link"}}
#: Keys read raw (references and links) per collection.
EXTRA = {
    "sessions": (
        "speakers",
        "track",
        "microlocation",
        "session_type",
        "track_id",
        "microlocation_id",
        "session_type_id",
        "slides",
    ),
    "speakers": ("sessions",),
    "tracks": ("sessions",),
}
EVENT_EXTRA = (
    "social_links",
    "speakers_call",
    "type",
    "topic",
    "sub_topic",
    "event_type",
    "event_topic",
    "event_sub_topic",
    "copyright",
    "event_copyright",
)
KNOWN_KEYS = {
    name: set(FIELDS[name]) | set(ALIASES.get(name, {})) | SKIPPED.get(name, set()) | set(EXTRA.get(name, ()))
    for name in COLLECTION_ORDER
}


class Context:
    def __init__(self, tz, report, staff):
        self.tz = tz
        self.report = report
        self.staff = staff
        self.validator = FieldValidator()
        self.unknown = {}


EXTRA_KEY, SKIPPED_KEY, FIELD_KEY, UNKNOWN_KEY = "extra", "skipped", "field", "unknown"
#: Per (collection, extra keys): key as found → (what, field name); per collection and field: what to check.
_PLANS, _FIELD_INFO, _KINDS = {}, {}, {}


def _key(raw):
    return str(raw).replace("-", "_")


def repairs(value, model_field):
    """Candidate repairs of a text the validators refused, most faithful first."""
    if not isinstance(value, str):
        return
    cleaned = "".join(ch for ch in value if ch != "\x00" and not 0xD800 <= ord(ch) <= 0xDFFF)
    if cleaned != value:
        yield cleaned, "removed NUL bytes"
    limit = getattr(model_field, "max_length", None)
    if limit and len(cleaned) > limit:
        yield cleaned[:limit], f"shortened to {limit} characters"
    stripped = cleaned.strip()
    if stripped and "://" not in stripped and ":" not in stripped.split("/", 1)[0] and "." in stripped.split("/")[0]:
        yield "https://" + stripped, "added https://"


def _field_info(collection, key):
    info = _FIELD_INFO.get((collection, key))
    if info is None:
        model_field = FIELDS[collection][key]
        info = _FIELD_INFO[collection, key] = (
            model_field,
            "event" if collection in ("event", "speakers_call", "social_links") else collection,
            key == "length" and collection == "session_types",
            {str(c[0]).lower(): c[0] for c in model_field.choices} if model_field.choices else None,
            key in MEDIA_FIELDS.get(collection, ()),
            key in STAFF_ONLY.get(collection, ()),
            isinstance(model_field, models.CharField | models.TextField),
        )
    return info


def read_value(collection, key, raw_key, value, ctx, record):
    """One raw value → (True, valid value) or (False, None) after reporting why it was dropped."""
    model_field, file, is_length, choices, is_media, staff_only, is_text = _field_info(collection, key)
    if is_length:
        try:
            length = parse_length(value)
        except ValueError as exc:
            ctx.report.add(file, record, raw_key, value, DROPPED_VALUE, f"{exc}; the default length is used.")
            return False, None
        if length is not None and str(value) != length:
            ctx.report.add(file, record, raw_key, value, REPAIRED, f"Read as {length}.", result=length)
        value = length
    if is_text and type(value) is str and value:
        repaired = False  # the common case, a text for a text field: nothing to convert
    else:
        try:
            value, repaired = coerce(model_field, value, ctx.tz)
        except (TypeError, ValueError) as exc:
            ctx.report.add(file, record, raw_key, value, DROPPED_VALUE, f"Cannot be read: {exc}.")
            return False, None
    if repaired:
        ctx.report.add(
            file, record, raw_key, value, REPAIRED, f"Read as {value.isoformat()}.", result=value.isoformat()
        )
    if value is None or value == "":
        return True, value
    if choices is not None:
        value = choices.get(str(value).lower(), value)
    if is_media and is_relative_path(value):
        return True, value  # a file in the archive: checked like an upload when it is stored
    if staff_only and value and not ctx.staff:
        ctx.report.add(file, record, raw_key, value, DROPPED_VALUE, "Only administrators may set this.")
        return False, None
    try:
        return True, ctx.validator.check(collection, key, value, model_field)
    except Invalid as exc:
        reason = str(exc)
    for candidate, what in repairs(value, model_field):
        try:
            checked = ctx.validator.check(collection, key, candidate, model_field)
        except Invalid:
            continue
        ctx.report.add(file, record, raw_key, value, REPAIRED, f"{reason} Repaired: {what}.", result=checked)
        return True, checked
    ctx.report.add(file, record, raw_key, value, DROPPED_VALUE, f"{reason} The value was left out.")
    return False, None


def _plan(collection, extra, raw_key):
    """(what, model field name) for a key as found: EXTRA_KEY, SKIPPED_KEY, FIELD_KEY or UNKNOWN_KEY."""
    key = _key(raw_key)
    key = ALIASES.get(collection, {}).get(key, key)
    if key in extra:
        return EXTRA_KEY, key
    if key in SKIPPED.get(collection, ()):
        return SKIPPED_KEY, key
    return (FIELD_KEY if key in FIELDS[collection] else UNKNOWN_KEY), key


def normalise_row(collection, raw, ctx, record, extra=()):
    """A raw JSON object → {model field: value}; keys in `extra` are returned raw under their own names."""
    plans = _PLANS.setdefault((collection, extra), {})
    row = {}
    for raw_key, value in raw.items():
        plan = plans.get(raw_key)
        if plan is None:
            plan = plans[raw_key] = _plan(collection, extra, raw_key)
        what, key = plan
        if what is FIELD_KEY:
            ok, value = read_value(collection, key, raw_key, value, ctx, record)
            if ok:
                row[key] = value
        elif what is EXTRA_KEY:
            row[key] = value
        elif what is UNKNOWN_KEY:
            ctx.unknown.setdefault(collection, set()).add(str(raw_key))
    return row


def other_kind(collection, raw):
    """The collection a record evidently belongs to when it is not `collection` (a room in session_types)."""
    shape = (collection, tuple(raw))
    if shape not in _KINDS:
        _KINDS[shape] = _other_kind(collection, raw)
    return _KINDS[shape]


def _other_kind(collection, raw):
    keys = {_key(k) for k in raw} - {"id"}
    here = keys & KNOWN_KEYS[collection]
    if here == keys:
        return None
    best, best_count = None, len(here)
    for other in COLLECTION_ORDER:
        count = len(keys & KNOWN_KEYS[other])
        if other != collection and count > best_count:
            best, best_count = other, count
    return best


def check_record(collection, row, ctx, record):
    """Required values and the start/end rule; False when the record must be skipped."""
    file = "event" if collection in ("speakers_call", "social_links") else collection
    for name, stand_in in STAND_INS.get(collection, {}).items():
        if not row.get(name):
            ctx.report.add(file, record, name, row.get(name), REPAIRED, f"Missing; set to {stand_in}.", stand_in)
            row[name] = stand_in
    required = REQUIRED.get(collection)
    if required and not (isinstance(row.get(required), str) and row[required].strip()):
        ctx.report.add(
            file, record, required, row.get(required), SKIPPED_RECORD, f"A record without {dashed(required)}."
        )
        return False
    message = window_error(collection, row)
    if message:
        ctx.report.add(file, record, "ends_at", row.get("ends_at"), DROPPED_VALUE, f"{message} The end was left out.")
        row.pop("ends_at", None)
    return True
