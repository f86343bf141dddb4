"""Importing an event zip: read safely, normalise, store media, then write everything in one transaction.

Reading and normalising happen before the transaction (progress is visible to pollers);
the writes are one `transaction.atomic()` with a bulk insert per model, so a failure, or
a worker killed half-way, leaves no event behind. Media files are stored first, under the
new event's identifier, and deleted again if the transaction fails.
"""

import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils import timezone

from events.models import (
    Event,
    EventSubTopic,
    EventTopic,
    EventType,
    Microlocation,
    Session,
    SessionType,
    SocialLink,
    Speaker,
    SpeakersCall,
    Sponsor,
    Track,
    generate_identifier,
)
from events.services import grant_role
from eventyay.db import HTMLField, refresh_planner_statistics
from eventyay.html import clean_html
from forms import services as forms_services
from media.storage import get_storage
from transfers.archive import ArchiveError, SafeArchive
from transfers.normalise import COLLECTION_ORDER, REFERENCES, NormaliseError, normalise

logger = logging.getLogger(__name__)

JSON_FILES = ("event", "forms", "microlocations", "session_types", "sessions", "speakers", "sponsors", "tracks", "meta")
MODEL_OF = {
    "microlocations": Microlocation,
    "tracks": Track,
    "session_types": SessionType,
    "speakers": Speaker,
    "sponsors": Sponsor,
    "sessions": Session,
}
BATCH = 1000


@dataclass
class ImportOutcome:
    event: Event
    counts: dict
    warnings: list = field(default_factory=list)


def _noop(stage, done=None, total=None):
    pass


def _json_files(archive, warnings):
    """The known JSON files, at the root or inside one top folder; unknown files are reported."""
    prefix = ""
    if archive.find("event") is None and archive.find("event.json") is None:
        tops = {name.split("/", 1)[0] for name in archive.entries if "/" in name}
        candidates = [top for top in tops if archive.find(f"{top}/event") or archive.find(f"{top}/event.json")]
        if len(candidates) != 1:
            raise ArchiveError("The archive has no 'event' file; it is not an Open Event export.")
        prefix = candidates[0] + "/"
    files, used = {}, set()
    for name in JSON_FILES:
        entry = archive.find(prefix + name) or archive.find(prefix + name + ".json")
        if entry is not None:
            files[name] = archive.read_json(entry)
            used.add(entry)
    return prefix, files, used


def read_archive(fileobj, progress=_noop):
    """Open, vet and normalise an archive; returns (archive, normalised, prefix, used entries). Caller closes."""
    archive = SafeArchive(fileobj)
    try:
        warnings = []
        progress("Reading archive")
        prefix, files, used = _json_files(archive, warnings)
        progress("Checking records")
        data = normalise(files)
        data.warnings[:0] = warnings
        return archive, data, prefix, used
    except BaseException:
        archive.close()
        raise


def _store_media(archive, data, prefix, identifier, used, progress):
    """Store every media file the records name; returns the stored keys (to delete on failure)."""
    refs = list(data.media_refs())
    storage = get_storage()  # once: looking up the backend costs a query
    stored, keys, missing = {}, [], 0
    progress("Uploading media", 0, len(refs))
    for i, (_collection, row, fname, _kind, path) in enumerate(refs, 1):
        entry = archive.find(prefix + path.strip().lstrip("/")) or archive.find(path.strip())
        if entry is None:
            row[fname] = None
            missing += 1
            continue
        if entry not in stored:
            key = storage.save(f"events/{identifier}/{entry[len(prefix) :]}", ContentFile(archive.read_bytes(entry)))
            keys.append(key)
            stored[entry] = storage.url(key)
            used.add(entry)
        row[fname] = stored[entry]
        if i % 50 == 0:
            progress("Uploading media", i, len(refs))
    if missing:
        data.warnings.append(
            f"{missing} media files named in the records are missing from the archive; those fields were left empty."
        )
    return keys


def _catalogue(data):
    found = {}
    type_name, topic_name, sub_name = (data.catalogue.get(k) for k in ("type", "topic", "sub_topic"))
    if type_name:
        found["event_type"] = EventType.objects.filter(name__iexact=type_name).first()
    if topic_name:
        found["event_topic"] = EventTopic.objects.filter(name__iexact=topic_name).first()
    if sub_name and found.get("event_topic"):
        found["event_sub_topic"] = EventSubTopic.objects.filter(
            name__iexact=sub_name, event_topic=found["event_topic"]
        ).first()
    for key, value in list(found.items()):
        if value is None:
            data.warnings.append(
                f"No {key.replace('_', ' ')} named {data.catalogue.get(key.split('_', 1)[1])!r} here; left empty."
            )
            del found[key]
    return found


def _clean(row):
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _reserve_ids(model, count):
    """Primary keys for `count` new rows, taken inside the import transaction.

    PostgreSQL: from the table's sequence. SQLite: after MAX(id); the event row written
    first already holds SQLite's single write lock, so no other writer can take them.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [r[0] for r in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(model._meta.pk.column)}), 0) FROM {quote(table)}")  # noqa: S608
        start = cursor.fetchone()[0]
        # AUTOINCREMENT never reuses ids of deleted rows; neither do we.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(start, seq[0] if seq else 0) + 1
        return list(range(start, start + count))


def _converter(model_field):
    """The per-value conversion `bulk_create` would do, reduced to the field types that need one."""
    if isinstance(model_field, HTMLField):
        return clean_html  # what HTMLField.pre_save does on other writes
    if isinstance(model_field, models.JSONField | models.DateTimeField | models.DecimalField):
        return lambda value: model_field.get_db_prep_save(value, connection)
    return None


def fast_insert(model, rows, event_id=None):
    """Insert dicts of attribute values with `executemany`; returns the new primary keys in order.

    `bulk_create` spends most of an import building model instances and SQL for batches of
    a few dozen rows (SQLite's 999-parameter limit); this writes the same rows, defaults
    included, in a fraction of the time. Rows are trusted: they come from the normaliser.
    """
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor not in ("sqlite", "postgresql"):
        objects = [model(**({"event_id": event_id} if event_id else {}), **row) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects]
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None
    if event_id is not None:
        defaults["event_id"] = event_id
    converters = [(f.attname, _converter(f)) for f in fields]
    pks = _reserve_ids(model, len(rows))
    params = []
    for pk, row in zip(pks, rows, strict=True):
        values = [pk]
        for attname, convert in converters:
            value = row.get(attname, defaults[attname]) if attname != "event_id" or event_id is None else event_id
            values.append(convert(value) if convert is not None and value is not None else value)
        params.append(values)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [model._meta.pk.column, *(f.column for f in fields)])
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk path, an order of magnitude faster than INSERTs of many rows.
            with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
        else:
            for start in range(0, len(params), 2000):
                cursor.executemany(head + f"({placeholders})", params[start : start + 2000])
    return pks


def _write(data, user, identifier, progress):
    event = Event(**_clean(data.event), **_catalogue(data))
    event.identifier = identifier
    event.state = Event.State.DRAFT
    event.save()
    grant_role(user, event, "owner")
    SocialLink.objects.bulk_create([SocialLink(event=event, **row) for row in data.social_links])
    if data.speakers_call:
        SpeakersCall.objects.create(event=event, **data.speakers_call)
    try:
        data.forms = forms_services.import_forms(event, data.raw_forms)
    except forms_services.FormImportError as exc:
        raise NormaliseError(f"File 'forms': {exc}") from None
    new_ids = {}
    total = sum(len(data.collections[name]) for name in COLLECTION_ORDER) + len(data.links)
    done = 0
    for name in COLLECTION_ORDER:
        rows, model = data.collections[name], MODEL_OF[name]
        progress(f"Importing {name.replace('_', ' ')}", done, total)
        values = [_clean(row) for row in rows]
        if name == "sessions":
            for value, row in zip(values, rows, strict=True):
                for ref, old_id in data.references.get(row["_old_id"], {}).items():
                    value[f"{ref}_id"] = new_ids[REFERENCES[ref]].get(old_id)
        pks = fast_insert(model, values, event_id=event.pk)
        new_ids[name] = {row["_old_id"]: pk for pk, row in zip(pks, rows, strict=True)}
        done += len(rows)
    progress("Linking speakers to sessions", done, total)
    through = Session.speakers.through
    sessions, speakers = new_ids["sessions"], new_ids["speakers"]
    links = [{"session_id": sessions[s], "speaker_id": speakers[p]} for s, p in sorted(data.links, key=str)]
    fast_insert(through, links)
    return event


def import_archive(fileobj, user, progress=_noop):
    """Import a zip for `user` (who becomes its owner); ArchiveError/NormaliseError carry a message for the user."""
    archive, data, prefix, used = read_archive(fileobj, progress)
    keys = []
    try:
        identifier = generate_identifier()
        keys = _store_media(archive, data, prefix, identifier, used, progress)
        unused = sorted(name for name in archive.entries if name not in used)
        if unused:
            shown = ", ".join(unused[:5]) + (f" and {len(unused) - 5} more" if len(unused) > 5 else "")
            data.warnings.append(f"Ignored {len(unused)} files that no record uses: {shown}.")
        with transaction.atomic():
            event = _write(data, user, identifier, progress)
        refresh_planner_statistics([*MODEL_OF.values(), Session.speakers.through])
    except BaseException:
        storage = get_storage()
        for key in keys:
            try:
                storage.delete(key)
            except Exception:  # noqa: BLE001 - cleanup must not hide the real error
                logger.warning("Could not delete %s after a failed import", key)
        raise
    finally:
        archive.close()
    return ImportOutcome(event=event, counts=data.counts(), warnings=data.warnings)
