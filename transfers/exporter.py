"""Exporting an event as a zip that our importer (and anyone reading Open Event's format) understands.

Snake_case keys, `*_id` foreign keys and every column as the original writes them, plus
what the original leaves out and a faithful round trip needs: speaker ids on each session,
social links and the call for speakers inside `event`, catalogue names, custom forms with
their translations. Media stored in our storage are bundled when asked and referred to by
relative paths; external URLs stay as they are.
"""

import datetime as dt
import json
import os
import tempfile
import uuid
import zipfile
from decimal import Decimal
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files import File

from events.models import Microlocation, Session, SessionType, SocialLink, Speaker, SpeakersCall, Sponsor, Track
from forms.domain import export_forms
from forms.models import CustomForm
from media.storage import get_storage, save_file
from transfers.normalise import MEDIA_FIELDS

MEDIA_KINDS = ("image", "video", "document", "audio")
FORMAT_VERSION = 1

#: Open Event's key order; the remaining columns follow alphabetically.
FIELD_ORDER = {
    "event": "id name latitude longitude location_name starts_at ends_at timezone description original_image_url "
    "logo_url owner_name owner_description external_event_url ticket_url privacy event_type_id event_topic_id "
    "event_sub_topic_id code_of_conduct",
    "microlocations": "id name floor",
    "sessions": "id title subtitle short_abstract long_abstract starts_at ends_at session_type_id track_id comments "
    "language slides_url audio_url video_url",
    "speakers": "id name email mobile photo_url organisation position country short_biography long_biography website "
    "twitter facebook github linkedin",
    "sponsors": "id name logo_url level type url description",
    "tracks": "id name color font_color",
    "session_types": "id name length",
    "forms": "",
}
MODELS = {
    "microlocations": Microlocation,
    "sessions": Session,
    "speakers": Speaker,
    "sponsors": Sponsor,
    "tracks": Track,
    "session_types": SessionType,
    "forms": CustomForm,
}
MEDIA_FOLDERS = {"image": "images", "video": "videos", "audio": "audios", "document": "slides"}


def _noop(stage, done=None, total=None):
    pass


def _columns(model, collection):
    names = [f.attname for f in model._meta.concrete_fields]
    first = [n for n in FIELD_ORDER.get(collection, "").split() if n in names]
    return first + sorted(n for n in names if n not in first)


def _value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _rows(queryset, columns):
    return [{c: _value(v) for c, v in zip(columns, values, strict=True)} for values in queryset.values_list(*columns)]


def absolute(url):
    """Server-relative URLs (local storage) made absolute, so that an importer never mistakes them for zip paths."""
    if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
        base = getattr(settings, "MEDIA_BASE_URL", "") or settings.FRONTEND_URL
        return base.rstrip("/") + url
    return url


class _MediaBundler:
    """Copies files from our storage into the zip and rewrites their URLs as relative paths."""

    def __init__(self, archive, kinds):
        self.archive, self.kinds = archive, set(kinds)
        self.storage = get_storage()
        self.base = self.storage.url("x")[:-1]
        self.written = {}

    def key_of(self, url):
        """The storage key of a URL that points into our storage (local paths, or the bucket's URLs)."""
        if not isinstance(url, str) or not self.base:
            return None
        if url.startswith(self.base):
            key = url[len(self.base) :]
        else:
            base, parts = urlsplit(self.base), urlsplit(url)
            if not base.path or not parts.path.startswith(base.path):
                return None
            if base.netloc and parts.netloc != base.netloc:
                return None
            key = parts.path[len(base.path) :]
        key = unquote(key)
        if not key or key.startswith("/") or ".." in key.split("/"):
            return None
        return key

    def carry(self, row, collection, ident):
        for fname, kind in MEDIA_FIELDS.get(collection, {}).items():
            if kind not in self.kinds:
                row[fname] = absolute(row.get(fname))
                continue
            key = self.key_of(row.get(fname))
            if not key or not self.storage.exists(key):
                row[fname] = absolute(row.get(fname))
                continue
            ext = os.path.splitext(key)[1][:10]
            folder = MEDIA_FOLDERS[kind]
            name = (
                f"{folder}/{collection}/{ident}_{fname}{ext}"
                if collection != "event"
                else f"{folder}/event_{fname}{ext}"
            )
            if key not in self.written:
                with self.storage.open(key, "rb") as source, self.archive.open(name, "w", force_zip64=True) as target:
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
                self.written[key] = name
            row[fname] = "/" + self.written[key]


def export_event(event, media=(), progress=_noop, root_url=""):
    """Write the event's zip to a temporary file; returns its path (the caller deletes it)."""
    progress("Collecting records")
    kinds = [k for k in media if k in MEDIA_KINDS]
    data = {}
    for name, model in MODELS.items():
        data[name] = _rows(
            model.all_objects.filter(event=event) if name != "forms" else model.objects.filter(event=event),
            _columns(model, name),
        )
    links = {}
    for session_id, speaker_id in (
        Session.speakers.through.objects.filter(session__event=event)
        .values_list("session_id", "speaker_id")
        .order_by("session_id", "id")
    ):
        links.setdefault(session_id, []).append(speaker_id)
    for row in data["sessions"]:
        row["speakers"] = links.get(row["id"], [])
    data["forms"] = export_forms(event)

    event_row = {c: _value(getattr(event, c)) for c in _columns(type(event), "event")}
    event_row["event_type"] = event.event_type.name if event.event_type_id else None
    event_row["event_topic"] = event.event_topic.name if event.event_topic_id else None
    event_row["event_sub_topic"] = event.event_sub_topic.name if event.event_sub_topic_id else None
    event_row["social_links"] = _rows(
        SocialLink.all_objects.filter(event=event), ["id", "name", "link", "identifier", "deleted_at"]
    )
    call = SpeakersCall.objects.filter(event=event).first()
    event_row["speakers_call"] = (
        {
            c: _value(getattr(call, c))
            for c in ("announcement", "starts_at", "ends_at", "soft_ends_at", "hash", "privacy")
        }
        if call
        else None
    )

    handle = tempfile.NamedTemporaryFile(prefix="eventyay-export-", suffix=".zip", delete=False)  # noqa: SIM115
    try:
        with handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            bundler = _MediaBundler(archive, kinds)
            progress("Bundling media" if kinds else "Writing files")
            bundler.carry(event_row, "event", event.pk)
            for collection in ("speakers", "sponsors", "sessions"):
                for row in data[collection]:
                    bundler.carry(row, collection, row["id"])
            progress("Writing files")
            archive.writestr("event", _dump(event_row))
            for name, rows in data.items():
                archive.writestr(name, _dump(rows))
            meta = {"root_url": root_url, "exported_by": "eventyay", "format_version": FORMAT_VERSION}
            archive.writestr("meta", _dump(meta))
    except BaseException:
        os.unlink(handle.name)
        raise
    return handle.name


def _dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def store_export(path, event):
    """Save the zip through the storage backend at a key nobody can guess; served only by the download route."""
    with open(path, "rb") as handle:
        key, _url = save_file(f"exports/{event.pk}/{uuid.uuid4().hex}/event{event.pk}.zip", File(handle))
    return key, os.path.getsize(path)


def root_url():
    return getattr(settings, "FRONTEND_URL", "").rstrip("/") + "/"
