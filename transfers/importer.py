"""Importing an event: read safely, normalise and validate, store media, then write everything in one transaction.

Reading and normalising happen before the transaction (progress is visible to pollers);
the writes are one `transaction.atomic()` with a bulk insert per model, so a failure, or
a worker killed half-way, leaves no event behind. Media files are stored first, under the
new event's identifier, and deleted again if the transaction fails. A dry run does all of
it but stores no media and rolls the transaction back: the counts and warnings are those
a real import would give.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction

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
from events.services import give_default_speakers_call, grant_role
from eventyay.api import permissions as perms
from eventyay.db import refresh_planner_statistics
from forms import domain as forms_services
from media.storage import get_storage
from transfers.archive import ArchiveError, SafeArchive
from transfers.bulk import fast_insert
from transfers.jsonrepair import Unreadable
from transfers.media_import import store_media
from transfers.normalise import COLLECTION_ORDER, REFERENCES, NormaliseError, normalise
from transfers.report import REPAIRED, SKIPPED_FILE, SKIPPED_RECORD, Report

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


@dataclass
class ImportOutcome:
    event: Event | None
    counts: dict
    warnings: list = field(default_factory=list)
    dry_run: bool = False


def _noop(stage, done=None, total=None):
    pass


def _json_files(archive, report):
    """The known JSON files, at the root or inside one top folder; a file that does not parse is skipped."""
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
        if entry is None:
            continue
        used.add(entry)
        try:
            files[name], repairs = archive.read_json(entry)
        except Unreadable as exc:
            if name == "event":
                raise ArchiveError(f"File '{entry}' is not valid JSON ({exc}); the event cannot be read.") from None
            report.note(f"Not valid JSON ({exc}); the file was skipped.", name, SKIPPED_FILE)
            continue
        for repair in repairs:
            report.add(name, None, None, None, REPAIRED, f"JSON syntax slip at {repair}.")
    return prefix, files, used


def read_archive(fileobj, progress=_noop, staff=False):
    """Open, vet and normalise an archive; returns (archive, normalised, prefix, used entries). Caller closes."""
    archive = SafeArchive(fileobj)
    try:
        report = Report()
        progress("Reading archive")
        prefix, files, used = _json_files(archive, report)
        progress("Checking records")
        data = normalise(files, staff=staff, report=report)
        return archive, data, prefix, used
    except BaseException:
        archive.close()
        raise


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
            name = data.catalogue.get(key.split("_", 1)[1])
            data.report.add("event", None, key, name, SKIPPED_RECORD, f"No {key.replace('_', ' ')} here; left empty.")
            del found[key]
    return found


def _clean(row):
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _write(data, user, identifier, progress):
    event = Event(**_clean(data.event), **_catalogue(data))
    event.identifier = identifier
    event.state = Event.State.DRAFT
    event.save()
    grant_role(user, event, "owner")
    SocialLink.objects.bulk_create([SocialLink(event=event, **row) for row in data.social_links])
    if data.speakers_call:
        SpeakersCall.objects.create(event=event, **data.speakers_call)
    else:
        give_default_speakers_call(event)  # as every event has one
    try:
        with transaction.atomic():  # a savepoint: a refused form leaves none of its rows behind
            data.forms = forms_services.import_forms(event, data.raw_forms)
    except forms_services.FormImportError as exc:
        data.report.note(f"The custom forms were not imported: {exc}", "forms", SKIPPED_FILE)
        data.forms = []
    new_ids, written = {}, {Event: {event.pk}}
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
        pks = fast_insert(model, values, event_id=event.pk, written=written)
        written[model] = set(pks)
        new_ids[name] = {row["_old_id"]: pk for pk, row in zip(pks, rows, strict=True)}
        done += len(rows)
    progress("Linking speakers to sessions", done, total)
    through = Session.speakers.through
    sessions, speakers = new_ids["sessions"], new_ids["speakers"]
    links = [{"session_id": sessions[s], "speaker_id": speakers[p]} for s, p in sorted(data.links, key=str)]
    fast_insert(through, links, keys=False, written=written)
    return event


def write_import(data, user, progress=_noop, dry_run=False, media=None):
    """Write a normalised import for `user` (its owner) in one transaction; `media(identifier)` stores its files."""
    keys = []
    try:
        identifier = generate_identifier()
        if media is not None:
            keys = media(identifier)
        with transaction.atomic():
            event = _write(data, user, identifier, progress)
            counts = data.counts()
            if dry_run:
                transaction.set_rollback(True)
        if not dry_run:
            refresh_planner_statistics([*MODEL_OF.values(), Session.speakers.through])
    except BaseException:
        storage = get_storage() if keys else None
        for key in keys:
            try:
                storage.delete(key)
            except Exception:  # noqa: BLE001 - cleanup must not hide the real error
                logger.warning("Could not delete %s after a failed import", key)
        raise
    return ImportOutcome(event=None if dry_run else event, counts=counts, warnings=data.warnings, dry_run=dry_run)


def import_archive(fileobj, user, progress=_noop, dry_run=False):
    """Import a zip for `user` (who becomes its owner); ArchiveError/NormaliseError carry a message for the user."""
    archive, data, prefix, used = read_archive(fileobj, progress, staff=perms.is_staff(user))
    try:

        def media(identifier):
            keys = store_media(archive, data, prefix, identifier, used, progress, dry_run=dry_run)
            unused = sorted(name for name in archive.entries if name not in used)
            if unused:
                shown = ", ".join(unused[:5]) + (f" and {len(unused) - 5} more" if len(unused) > 5 else "")
                data.report.note(f"Ignored {len(unused)} files that no record uses: {shown}.")
            return keys

        return write_import(data, user, progress, dry_run=dry_run, media=media)
    finally:
        archive.close()


__all__ = ["ArchiveError", "ImportOutcome", "NormaliseError", "import_archive", "read_archive", "write_import"]
