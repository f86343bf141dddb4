"""Turning any year's Open Event zip JSON into one shape: model field names and Python values.

Pure: no database, no files. Input is the parsed JSON of each file (`None` when the
file is absent); output is a `Normalised` bundle whose rows carry model field names,
coerced values and the archive's old ids, plus the speaker↔session links and the
media paths to carry. Differences between years handled here:

- dashed (`starts-at`), snake (`starts_at`) and old names (`start_time`, `logo`,
  `organizer_name`, `call_for_papers`...);
- references as `{id, name}`, bare ids or `<name>_id`; rows that are only named
  inside another file (2018 session types) are created from that reference;
- speaker↔session links on either side (or on neither: the original's exports);
- `length` as `"00:30"`, `"01.00"` or `0.3`; numbers and booleans as strings;
  naive datetimes read in the event's time zone;
- unknown keys ignored and reported once per file and key.
"""

import datetime as dt
import json
import re
import zoneinfo
from dataclasses import dataclass, field

from django.db import models
from django.utils.dateparse import parse_datetime

from events.models import Event, Microlocation, Session, SessionType, SocialLink, Speaker, SpeakersCall, Sponsor, Track
from forms.models import CustomForm


class NormaliseError(Exception):
    """The archive's content is unusable; the message tells the user where."""


#: Old and alternative key names → model field names, per collection (after `-` → `_`).
ALIASES = {
    "event": {
        "start_time": "starts_at",
        "end_time": "ends_at",
        "organizer_name": "owner_name",
        "organizer_description": "owner_description",
        "background_image": "original_image_url",
        "background_url": "original_image_url",
        "logo": "logo_url",
        "thumbnail": "thumbnail_image_url",
        "large": "large_image_url",
        "icon": "icon_image_url",
        "event_url": "external_event_url",
        "has_session_speakers": "is_sessions_speakers_enabled",
        "scheduled_published_on": "schedule_published_on",
        "call_for_papers": "speakers_call",
    },
    "speakers_call": {"start_date": "starts_at", "end_date": "ends_at", "soft_end_date": "soft_ends_at"},
    "sessions": {"start_time": "starts_at", "end_time": "ends_at", "video": "video_url", "audio": "audio_url"},
    "speakers": {
        "photo": "photo_url",
        "thumbnail": "thumbnail_image_url",
        "small": "small_image_url",
        "icon": "icon_image_url",
        "featured": "is_featured",
    },
    "sponsors": {"logo": "logo_url", "sponsor_type": "type"},
    "tracks": {},
    "microlocations": {},
    "session_types": {},
    "social_links": {},
    "forms": {},
}

#: Keys known and deliberately not imported (not reported as unknown).
SKIPPED = {
    "event": {
        "id",
        "identifier",
        "state",
        "creator",
        "creator_id",
        "version",
        "event_type_id",
        "event_topic_id",
        "deleted_at",
        "event_sub_topic_id",
        "is_stripe_linked",
    },
    "sessions": {"id", "event", "event_id", "creator", "creator_id", "last_modified_at"},
    "speakers": {"id", "event", "event_id", "user", "user_id"},
    "tracks": {"id", "event", "event_id", "font_color"},
    "microlocations": {"id", "event", "event_id"},
    "session_types": {"id", "event", "event_id"},
    "sponsors": {"id", "event", "event_id"},
    "social_links": {"id", "event", "event_id"},
    "speakers_call": {"id", "event", "event_id", "timezone"},
    "forms": {"id", "event", "event_id", "translations", "is_complex", "created_at", "deleted_at"},
}

MODELS = {
    "event": Event,
    "microlocations": Microlocation,
    "tracks": Track,
    "session_types": SessionType,
    "speakers": Speaker,
    "sponsors": Sponsor,
    "sessions": Session,
    "social_links": SocialLink,
    "speakers_call": SpeakersCall,
    "forms": CustomForm,
}

#: Fields that hold a file; relative paths in them refer to files inside the zip.
MEDIA_FIELDS = {
    "event": {
        "logo_url": "image",
        "original_image_url": "image",
        "thumbnail_image_url": "image",
        "large_image_url": "image",
        "icon_image_url": "image",
    },
    "speakers": {
        "photo_url": "image",
        "thumbnail_image_url": "image",
        "small_image_url": "image",
        "icon_image_url": "image",
    },
    "sponsors": {"logo_url": "image"},
    "sessions": {"slides_url": "document", "video_url": "video", "audio_url": "audio"},
}

REFERENCES = {"track": "tracks", "microlocation": "microlocations", "session_type": "session_types"}
COLLECTION_ORDER = ("microlocations", "tracks", "session_types", "speakers", "sponsors", "sessions")
MAX_ERRORS = 10


@dataclass
class Normalised:
    event: dict
    catalogue: dict = field(default_factory=dict)
    social_links: list = field(default_factory=list)
    speakers_call: dict | None = None
    collections: dict = field(default_factory=lambda: {name: [] for name in COLLECTION_ORDER})
    #: session old id → {"track": old id, ...}
    references: dict = field(default_factory=dict)
    links: set = field(default_factory=set)
    forms: list = field(default_factory=list)
    raw_forms: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def counts(self):
        counts = {name: len(rows) for name, rows in self.collections.items()}
        counts.update(forms=len(self.forms), social_links=len(self.social_links))
        counts["speakers_calls"] = 1 if self.speakers_call else 0
        return counts

    def media_refs(self):
        """(collection, row, field, kind, path) for every relative media path."""
        for name, fields in MEDIA_FIELDS.items():
            rows = [self.event] if name == "event" else self.collections[name]
            for row in rows:
                for fname, kind in fields.items():
                    value = row.get(fname)
                    if is_relative_path(value):
                        yield name, row, fname, kind, value


def is_relative_path(value):
    if not isinstance(value, str) or not value.strip():
        return False
    lowered = value.strip().lower()
    return not (re.match(r"^[a-z][a-z0-9+.-]*:", lowered) or lowered.startswith("//"))


def field_map(model):
    return {f.name: f for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation}


FIELDS = {name: field_map(model) for name, model in MODELS.items()}


class _Context:
    def __init__(self, tz):
        self.tz = tz
        self.errors = []
        self.unknown = {}
        self.truncated = {}

    def error(self, where, message):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{where}: {message}")
        else:
            self.errors.append(None)

    def raise_if_errors(self):
        if self.errors:
            shown = [e for e in self.errors if e]
            more = len(self.errors) - len(shown)
            text = "; ".join(shown) + (f"; and {more} more problems" if more else "")
            raise NormaliseError(f"The archive has values of the wrong type: {text}.")


def parse_length(value):
    """`"00:30"`, `"01.00"`, `0.3`, `"1:5"` → `"HH:MM"` (hours, then minutes, as Open Event wrote them)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{1,2}))?", text)
    if not match:
        raise ValueError
    hours, minutes = match.group(1), match.group(2) or "0"
    if isinstance(value, float | int) or ("." in text and len(minutes) == 1):
        minutes = minutes.ljust(2, "0")
    hours, minutes = int(hours), int(minutes)
    if minutes >= 60:
        raise ValueError
    return f"{hours:02d}:{minutes:02d}"


def coerce(model_field, value, tz):
    """One JSON value → the model field's Python value; raises ValueError/TypeError when it cannot."""
    if value is None or (value == "" and not isinstance(model_field, models.CharField | models.TextField)):
        if model_field.null:
            return None
        if model_field.has_default():
            return model_field.get_default()
        if isinstance(model_field, models.CharField | models.TextField):
            return ""
        raise ValueError("a value is required")
    if isinstance(model_field, models.BooleanField):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return bool(value)
        text = str(value).strip().lower()
        if text in ("true", "1", "yes", "t", "y"):
            return True
        if text in ("false", "0", "no", "f", "n"):
            return False
        raise ValueError("expected true or false")
    if isinstance(model_field, models.DateTimeField):
        if not isinstance(value, str):
            raise TypeError("expected a date-time text")
        parsed = parse_datetime(value.strip())
        if parsed is None:
            try:
                parsed = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                raise ValueError("expected an ISO-8601 date-time") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=tz)
        return parsed
    if isinstance(model_field, models.IntegerField):
        if isinstance(value, bool):
            raise TypeError("expected a whole number")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.0*)?\s*", value):
            return int(float(value))
        raise ValueError("expected a whole number")
    if isinstance(model_field, models.FloatField):
        if isinstance(value, bool):
            raise TypeError("expected a number")
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValueError("expected a number") from None
    if isinstance(model_field, models.JSONField):
        return value
    if isinstance(model_field, models.CharField | models.TextField):
        if isinstance(value, dict | list):
            raise TypeError("expected text")
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    return value


def _key(raw):
    return str(raw).replace("-", "_")


def normalise_row(collection, raw, ctx, where, extra=()):
    """A raw JSON object → {model field: value}; keys in `extra` are returned raw under their own names."""
    if not isinstance(raw, dict):
        ctx.error(where, "expected an object")
        return {}
    aliases, skipped, fields = ALIASES.get(collection, {}), SKIPPED.get(collection, set()), FIELDS[collection]
    row = {}
    for raw_key, value in raw.items():
        key = aliases.get(_key(raw_key), _key(raw_key))
        if key in extra:
            row[key] = value
            continue
        if key in skipped:
            continue
        model_field = fields.get(key)
        if model_field is None:
            ctx.unknown.setdefault(collection, set()).add(str(raw_key))
            continue
        if key == "length" and collection == "session_types":
            try:
                value = parse_length(value)
            except ValueError:
                ctx.error(where, f"length {value!r} is not a duration like 00:30")
                continue
        try:
            value = coerce(model_field, value, ctx.tz)
        except (TypeError, ValueError) as exc:
            ctx.error(where, f"{raw_key}: {exc} (got {str(value)[:40]!r})")
            continue
        if isinstance(value, str) and getattr(model_field, "max_length", None) and len(value) > model_field.max_length:
            ctx.truncated.setdefault(collection, set()).add(key)
            value = value[: model_field.max_length]
        if model_field.choices and value is not None:
            choices = {str(c[0]).lower(): c[0] for c in model_field.choices}
            if str(value).lower() in choices:
                value = choices[str(value).lower()]
            elif model_field.has_default():
                ctx.unknown.setdefault(collection, set()).add(f"{raw_key}={value}")
                value = model_field.get_default()
        row[key] = value
    return row


def _ref_id(value):
    """An old id from `{id: ..}`, a bare id or a numeric string; None otherwise."""
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _expect_list(name, data):
    if data is None:
        return []
    if not isinstance(data, list):
        raise NormaliseError(f"File '{name}' must hold a JSON list of objects, not {type(data).__name__}.")
    return data


def _camel(name):
    parts = re.split(r"[-_ ]+", str(name))
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def _timezone(event_raw):
    name = event_raw.get("timezone") if isinstance(event_raw, dict) else None
    try:
        return zoneinfo.ZoneInfo(name) if name else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return dt.UTC


def normalise(files):
    """`files`: {"event": obj, "sessions": [...], ...} as parsed (absent files missing or None)."""
    event_raw = files.get("event")
    if not isinstance(event_raw, dict):
        raise NormaliseError("File 'event' must hold one JSON object describing the event.")
    ctx = _Context(_timezone(event_raw))
    event = normalise_row(
        "event",
        event_raw,
        ctx,
        "event",
        extra=(
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
        ),
    )
    out = Normalised(event=event)
    for kind in ("type", "topic", "sub_topic"):
        name = event.pop(kind, None) or event.pop(f"event_{kind}", None)
        event.pop(f"event_{kind}", None)
        if isinstance(name, dict):
            name = name.get("name")
        if isinstance(name, str) and name.strip():
            out.catalogue[kind] = name.strip()
    for key in ("copyright", "event_copyright"):
        if event.pop(key, None):
            ctx.unknown.setdefault("event", set()).add(key.replace("_", "-") if key == "event_copyright" else key)
    if not event.get("name"):
        ctx.error("event", "name is required")

    for i, raw in enumerate(_expect_list("event.social_links", event.pop("social_links", None))):
        row = normalise_row("social_links", raw, ctx, f"event.social-links[{i}]")
        if row:
            out.social_links.append(row)
    call = event.pop("speakers_call", None)
    if isinstance(call, dict):
        call_ctx_tz = ctx.tz
        if call.get("timezone"):
            ctx.tz = _timezone(call)
        row = normalise_row("speakers_call", call, ctx, "event.speakers-call")
        ctx.tz = call_ctx_tz
        if row.get("starts_at") and row.get("ends_at"):
            out.speakers_call = row
        elif row:
            out.warnings.append("The call for speakers has no start or end date; it was not imported.")

    ids, duplicates = {}, {}
    for name in COLLECTION_ORDER:
        seen = ids[name] = {}
        extra = {
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
        }.get(name, ())
        for i, raw in enumerate(_expect_list(name, files.get(name))):
            old_id = _ref_id(raw.get("id")) if isinstance(raw, dict) else None
            where = f"{name}[{i}]" + (f" (id {old_id})" if old_id is not None else "")
            row = normalise_row(name, raw, ctx, where, extra=extra)
            if not isinstance(raw, dict):
                continue
            if old_id is None:
                old_id = ("row", i)
            elif old_id in seen:
                # Real archives repeat a record now and then (Droidcon 2017): keep both, refer to the first.
                duplicates[name] = duplicates.get(name, 0) + 1
                old_id = ("duplicate", i)
            row["_old_id"] = old_id
            seen.setdefault(old_id, row)
            out.collections[name].append(row)
    ctx.raise_if_errors()
    for name, count in duplicates.items():
        out.warnings.append(f"{count} records in {name} repeat the id of an earlier one; both were imported.")

    _resolve_links(out, ids, ctx)
    out.raw_forms = _expect_list("forms", files.get("forms"))
    out.forms = _normalise_forms(out.raw_forms, ctx)  # checked here; written by forms.services.import_forms
    ctx.raise_if_errors()

    for collection, keys in sorted(ctx.unknown.items()):
        out.warnings.append(f"Ignored unknown keys in {collection}: {', '.join(sorted(keys))}.")
    for collection, keys in sorted(ctx.truncated.items()):
        out.warnings.append(f"Shortened over-long values in {collection}: {', '.join(sorted(keys))}.")
    return out


def _implied(collection, raw, ids, out, ctx, implied):
    """A row only named inside another file (e.g. a 2018 session's session type): create it from that reference."""
    old_id = _ref_id(raw)
    if old_id is None:
        return None
    if old_id in ids[collection]:
        return old_id
    if not isinstance(raw, dict) or not raw.get("name"):
        return None
    extra = ("sessions",) if collection in ("speakers", "tracks") else ()
    row = normalise_row(collection, raw, ctx, f"{collection} (id {old_id}, named in another file)", extra=extra)
    row.pop("sessions", None)
    row["_old_id"] = old_id
    ids[collection][old_id] = row
    out.collections[collection].append(row)
    implied[collection] = implied.get(collection, 0) + 1
    return old_id


def _resolve_links(out, ids, ctx):
    implied, dangling = {}, {}
    sessions = ids["sessions"]
    for row in out.collections["sessions"]:
        refs = {}
        for name, collection in REFERENCES.items():
            raw = row.pop(name, None)
            raw_id = row.pop(f"{name}_id", None)
            if raw is None:
                raw = raw_id
            if raw is None or raw == "":
                continue
            old_id = _implied(collection, raw, ids, out, ctx, implied)
            if old_id is None:
                dangling[collection] = dangling.get(collection, 0) + 1
            else:
                refs[name] = old_id
        out.references[row["_old_id"]] = refs
        slides = row.pop("slides", None)
        if isinstance(slides, str):
            row["slides_url"] = slides or None
        elif slides is not None:
            row["slides"] = slides
        speakers = row.pop("speakers", None)
        for ref in speakers if isinstance(speakers, list) else []:
            old_id = _implied("speakers", ref, ids, out, ctx, implied)
            if old_id is None:
                dangling["speakers"] = dangling.get("speakers", 0) + 1
            else:
                out.links.add((row["_old_id"], old_id))
    for speaker in out.collections["speakers"]:
        listed = speaker.pop("sessions", None)
        for ref in listed if isinstance(listed, list) else []:
            old_id = _ref_id(ref)
            if old_id in sessions:
                out.links.add((old_id, speaker["_old_id"]))
            else:
                dangling["sessions"] = dangling.get("sessions", 0) + 1
    for track in out.collections["tracks"]:
        listed = track.pop("sessions", None)
        for ref in listed if isinstance(listed, list) else []:
            old_id = _ref_id(ref)
            if old_id in sessions:
                out.references.setdefault(old_id, {}).setdefault("track", track["_old_id"])
    for collection, count in sorted(implied.items()):
        out.warnings.append(
            f"{count} {collection.replace('_', ' ')} were only named inside other files; "
            "they were created from those references."
        )
    for collection, count in sorted(dangling.items()):
        out.warnings.append(
            f"{count} references to {collection.replace('_', ' ')} missing from the archive were dropped."
        )


def _normalise_forms(rows, ctx):
    """Both shapes: Open Event's `{session_form: "<json>", speaker_form: "<json>"}` and one row per custom form."""
    forms, seen = [], set()

    def add(row):
        row.setdefault("form_id", None)
        key = (row.get("field_identifier"), row.get("form"), row.get("form_id") or "")
        if key in seen:
            ctx.unknown.setdefault("forms", set()).add(f"duplicate {row.get('form')}.{row.get('field_identifier')}")
            return
        seen.add(key)
        forms.append(row)

    for i, raw in enumerate(rows):
        if not isinstance(raw, dict):
            ctx.error(f"forms[{i}]", "expected an object")
            continue
        keys = {_key(k): v for k, v in raw.items()}
        legacy = {k: keys[k] for k in ("session_form", "speaker_form", "attendee_form") if k in keys}
        if legacy:
            for form_key, text in legacy.items():
                try:
                    spec = json.loads(text) if isinstance(text, str) else text
                except json.JSONDecodeError:
                    ctx.error(f"forms[{i}].{form_key}", "is not valid JSON")
                    continue
                if not isinstance(spec, dict):
                    ctx.error(f"forms[{i}].{form_key}", "expected an object of fields")
                    continue
                for position, (fname, flags) in enumerate(spec.items()):
                    flags = flags if isinstance(flags, dict) else {}
                    add(
                        {
                            "form": form_key.split("_")[0],
                            "field_identifier": _camel(fname),
                            "type": flags.get("type") if flags.get("type") in CustomForm.TYPES else "text",
                            "is_required": bool(flags.get("require")),
                            "is_included": bool(flags.get("include")),
                            "position": position,
                        }
                    )
            continue
        translations = keys.get("translations")
        row = normalise_row("forms", raw, ctx, f"forms[{i}]")
        if not row.get("field_identifier") or row.get("form") not in CustomForm.Form.values:
            ctx.error(f"forms[{i}]", "a custom form needs field-identifier and form (session, speaker or attendee)")
            continue
        if isinstance(translations, list):
            row["_translations"] = [
                {
                    "name": str(t.get("name") or ""),
                    "language_code": str(t.get("language_code") or t.get("language-code") or ""),
                }
                for t in translations
                if isinstance(t, dict)
            ]
        add(row)
    return forms
