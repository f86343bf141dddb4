"""Turning any year's Open Event zip JSON into one shape: model field names and valid Python values.

Pure: no database, no files. Input is the parsed JSON of each file (`None` when absent);
output is a `Normalised` bundle whose rows carry model field names, validated values and
the archive's old ids, plus the speaker↔session links and the media paths to carry.

Every value goes through the API's validators (`transfers.validation`). A value that fails
is repaired when the intent is clear (a duration spelled `"00:75"`, an unpadded hour, a NUL
byte, an over-long text) or dropped; a record that cannot stand without it (a session with
no title) is skipped; each of these becomes a warning in `report`. Only an archive without a
usable event, or over the record cap, is refused (NormaliseError).
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings

from transfers.forms_shape import normalise_forms
from transfers.mapping import COLLECTION_ORDER, MEDIA_FIELDS, REFERENCES, is_relative_path
from transfers.report import CREATED, DROPPED_VALUE, IGNORED, REPAIRED, SKIPPED_FILE, SKIPPED_RECORD, Report, dashed
from transfers.rows import EVENT_EXTRA, EXTRA, REQUIRED, Context, check_record, normalise_row, other_kind, read_value
from transfers.validation import window_error
from transfers.values import parse_length, ref_id

__all__ = [
    "COLLECTION_ORDER",
    "MEDIA_FIELDS",
    "REFERENCES",
    "NormaliseError",
    "Normalised",
    "normalise",
    "parse_length",
]


class NormaliseError(Exception):
    """The archive's content is unusable (no event, or too many records); the message tells the user why."""


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
    report: Report = field(default_factory=Report)

    @property
    def warnings(self):
        return self.report.as_list()

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


def _as_list(name, data, report, limit):
    if data is None:
        return []
    if isinstance(data, dict) and "id" in data:
        report.add(
            name, ref_id(data), None, None, REPAIRED, "The file holds one object, not a list; read as a list of one."
        )
        data = [data]
    if not isinstance(data, list):
        report.note(
            f"The file must hold a JSON list of objects, not {type(data).__name__}; it was skipped.", name, SKIPPED_FILE
        )
        return []
    if len(data) > limit:
        raise NormaliseError(
            f"File '{name}' holds {len(data)} records; an archive may hold at most {limit} of each kind "
            "(setting TRANSFERS_MAX_RECORDS)."
        )
    return data


def _timezone(event_raw):
    name = event_raw.get("timezone") if isinstance(event_raw, dict) else None
    try:
        return zoneinfo.ZoneInfo(name) if name else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return dt.UTC


def _event(event_raw, ctx, out):
    event = normalise_row("event", event_raw, ctx, event_raw.get("id"), extra=EVENT_EXTRA)
    if not isinstance(event.get("name"), str) or not event["name"].strip():
        raise NormaliseError("The event has no name; it cannot be created.")
    message = window_error("event", event)
    if message:
        ctx.report.add("event", event_raw.get("id"), "ends-at", event_raw.get("ends-at"), DROPPED_VALUE, message)
        event.pop("ends_at")
    for kind in ("type", "topic", "sub_topic"):
        name = event.pop(kind, None) or event.pop(f"event_{kind}", None)
        event.pop(f"event_{kind}", None)
        if isinstance(name, dict):
            name = name.get("name")
        if isinstance(name, str) and name.strip():
            out.catalogue[kind] = name.strip()
    for key in ("copyright", "event_copyright"):
        if event.pop(key, None):
            ctx.unknown.setdefault("event", set()).add(dashed(key) if key == "event_copyright" else key)
    for i, raw in enumerate(_as_list("event.social-links", event.pop("social_links", None), ctx.report, 1000)):
        if not isinstance(raw, dict):
            ctx.report.add("event", f"social-links[{i}]", None, raw, SKIPPED_RECORD, "Expected an object.")
            continue
        row = normalise_row("social_links", raw, ctx, f"social-links[{i}]")
        if check_record("social_links", row, ctx, f"social-links[{i}]"):
            out.social_links.append(row)
    call = event.pop("speakers_call", None)
    if isinstance(call, dict):
        if all(v is None or v == "" for k, v in call.items() if k != "id"):
            ctx.report.add(
                "event", "speakers-call", None, None, IGNORED, "The call for speakers is empty; not imported."
            )
        else:
            tz, ctx.tz = ctx.tz, _timezone(call) if call.get("timezone") else ctx.tz
            row = normalise_row("speakers_call", call, ctx, "speakers-call")
            ctx.tz = tz
            message = window_error("speakers_call", row)
            if not (row.get("starts_at") and row.get("ends_at")) or message:
                ctx.report.add(
                    "event",
                    "speakers-call",
                    "ends-at" if message else None,
                    call.get("ends-at") if message else None,
                    SKIPPED_RECORD,
                    message or "The call for speakers has no valid start or end date; it was not imported.",
                )
            else:
                out.speakers_call = row
    return event


def normalise(files, staff=False, report=None):
    """`files`: {"event": obj, "sessions": [...], ...} as parsed (absent files missing or None)."""
    report = report or Report()
    event_raw = files.get("event")
    if not isinstance(event_raw, dict):
        raise NormaliseError("File 'event' must hold one JSON object describing the event.")
    ctx = Context(_timezone(event_raw), report, staff)
    out = Normalised(event={}, report=report)
    out.event = _event(event_raw, ctx, out)
    limit = settings.TRANSFERS_MAX_RECORDS
    ids, emails = {}, set()
    for name in COLLECTION_ORDER:
        seen = ids[name] = {}
        extra = EXTRA.get(name, ())
        for i, raw in enumerate(_as_list(name, files.get(name), report, limit)):
            if not isinstance(raw, dict):
                report.add(name, i, None, raw, SKIPPED_RECORD, "Expected an object; the record was skipped.")
                continue
            old_id = ref_id(raw.get("id"))
            record = old_id if old_id is not None else i
            other = other_kind(name, raw)
            if other is not None:
                report.add(name, record, None, None, SKIPPED_RECORD, f"Holds {dashed(other)}, not {dashed(name)}.")
                continue
            row = normalise_row(name, raw, ctx, record, extra=extra)
            if not check_record(name, row, ctx, record):
                continue
            if name == "speakers" and row.get("email"):
                _one_speaker_per_email(row, emails, report, record, raw)
            if old_id is None:
                old_id = ("row", i)
            elif old_id in seen:
                report.add(
                    name,
                    record,
                    "id",
                    raw.get("id"),
                    IGNORED,
                    "Repeats the id of an earlier record; both were imported and references go to the first.",
                )
                old_id = ("duplicate", i)
            row["_old_id"] = old_id
            seen.setdefault(old_id, row)
            out.collections[name].append(row)
    _resolve_links(out, ids, ctx)
    out.raw_forms = _as_list("forms", files.get("forms"), report, limit)
    out.forms = normalise_forms(out.raw_forms, ctx, normalise_row)  # checked here; written by forms.domain
    for collection, keys in sorted(ctx.unknown.items()):
        report.note(
            f"Ignored unknown keys: {', '.join(sorted(keys))}.", "event" if collection == "event" else collection
        )
    return out


def _one_speaker_per_email(row, emails, report, record, raw):
    """The API refuses a second speaker with the same e-mail in one event; the later one keeps no e-mail."""
    email = row["email"].lower()
    if email in emails:
        message = "Another speaker of this event has this e-mail; it was left out of this one."
        report.add("speakers", record, "email", raw.get("email"), DROPPED_VALUE, message)
        row["email"] = None
    emails.add(email)


def _implied(collection, raw, ids, out, ctx, where):
    """A row only named inside another file (e.g. a 2018 session's session type): create it from that reference."""
    old_id = ref_id(raw)
    if old_id is None or old_id in ids[collection]:
        return old_id
    if not isinstance(raw, dict) or not raw.get(REQUIRED[collection]):
        return None
    extra = ("sessions",) if collection in ("speakers", "tracks") else ()
    row = normalise_row(collection, raw, ctx, old_id, extra=extra)
    if other_kind(collection, raw) is not None or not check_record(collection, row, ctx, old_id):
        return None
    row.pop("sessions", None)
    row["_old_id"] = old_id
    ids[collection][old_id] = row
    out.collections[collection].append(row)
    file, record, fname = where
    ctx.report.add(
        file,
        record,
        fname,
        raw,
        CREATED,
        f"{dashed(collection)} {old_id} is missing from its file; created from this reference.",
    )
    return old_id


def _dangling(ctx, where, value, collection):
    file, record, fname = where
    ctx.report.add(
        file, record, fname, value, DROPPED_VALUE, f"No such record in {dashed(collection)}; the reference was dropped."
    )


def _resolve_links(out, ids, ctx):
    sessions = ids["sessions"]
    for row in out.collections["sessions"]:
        refs, record = {}, row["_old_id"] if not isinstance(row["_old_id"], tuple) else row["_old_id"][1]
        for name, collection in REFERENCES.items():
            raw = row.pop(name, None)
            raw_id = row.pop(f"{name}_id", None)
            if raw is None:
                raw = raw_id
            if raw is None or raw == "":
                continue
            where = ("sessions", record, name)
            old_id = _implied(collection, raw, ids, out, ctx, where)
            if old_id is None or old_id not in ids[collection]:
                _dangling(ctx, where, raw, collection)
            else:
                refs[name] = old_id
        out.references[row["_old_id"]] = refs
        slides = row.pop("slides", None)
        if isinstance(slides, str):
            row["slides_url"] = slides or None
        elif slides is not None:
            ok, value = read_value("sessions", "slides", "slides", slides, ctx, record)
            if ok:
                row["slides"] = value
        speakers = row.pop("speakers", None)
        for ref in speakers if isinstance(speakers, list) else []:
            where = ("sessions", record, "speakers")
            old_id = _implied("speakers", ref, ids, out, ctx, where)
            if old_id is None or old_id not in ids["speakers"]:
                _dangling(ctx, where, ref, "speakers")
            else:
                out.links.add((row["_old_id"], old_id))
    for name, key in (("speakers", "links"), ("tracks", "track")):
        for item in out.collections[name]:
            listed = item.pop("sessions", None)
            for ref in listed if isinstance(listed, list) else []:
                old_id = ref_id(ref)
                if old_id not in sessions:
                    _dangling(ctx, (name, item["_old_id"], "sessions"), ref, "sessions")
                elif key == "links":
                    out.links.add((old_id, item["_old_id"]))
                else:
                    out.references.setdefault(old_id, {}).setdefault("track", item["_old_id"])
