"""Media files inside an archive, checked like uploads and streamed to storage.

Each file a record names is read in chunks into a spooled temporary file, stopped at the
upload limit of its kind (`UPLOAD_IMAGE_MAX_BYTES` for images, `UPLOAD_FILES_MAX_BYTES`
otherwise), then checked by `media.domain.uploads.check_upload` (type sniffed from the content,
images decoded) and required to be of the kind its field holds (a logo is an image). A file
that fails is left out with a warning; the records keep the rest.
"""

from django.core.files import File

from eventyay.errors import DomainError
from media import filetypes
from media.domain.uploads import check_upload, max_bytes
from media.storage import get_storage
from transfers.archive import TooLarge
from transfers.report import DROPPED_VALUE

KIND_TYPES = {
    "image": filetypes.IMAGE_TYPES,
    "document": filetypes.DOCUMENT_TYPES,
    "video": filetypes.VIDEO_TYPES,
    "audio": filetypes.AUDIO_TYPES,
}


def _check(archive, entry, kind):
    """(spooled file, extension) of an entry that passes the upload checks; raises TooLarge with the reason."""
    endpoint = "image" if kind == "image" else "files"
    spooled = archive.spool(entry, max_bytes(endpoint))
    try:
        ext = check_upload(spooled, endpoint, client_name=entry)
    except DomainError as exc:
        spooled.close()
        raise TooLarge(f"File '{entry}' is refused as an upload would be: {exc.message}") from None
    if ext not in KIND_TYPES[kind]:
        spooled.close()
        raise TooLarge(f"File '{entry}' is {filetypes.describe(ext)}, not {kind}.")
    spooled.seek(0)
    return spooled, ext


def _record(collection, row):
    old = row.get("_old_id")
    return (old[1] if isinstance(old, tuple) else old) if collection != "event" else None


def store_media(archive, data, prefix, identifier, used, progress, dry_run=False):
    """Check and store every media file the records name; returns the stored keys (to delete on failure)."""
    refs = list(data.media_refs())
    storage = None if dry_run else get_storage()  # once: looking up the backend costs a query
    outcome, keys, missing = {}, [], 0
    progress("Uploading media", 0, len(refs))
    for i, (collection, row, fname, kind, path) in enumerate(refs, 1):
        entry = archive.find(prefix + path.strip().lstrip("/")) or archive.find(path.strip())
        if entry is None:
            row[fname] = None
            missing += 1
            continue
        used.add(entry)
        if (entry, kind) not in outcome:
            try:
                spooled, ext = _check(archive, entry, kind)
            except TooLarge as exc:
                outcome[entry, kind] = (None, str(exc))
            else:
                with spooled:
                    name = entry[len(prefix) :]
                    if filetypes.extension_of(name) != ext and not filetypes.same_family(
                        filetypes.extension_of(name), ext
                    ):
                        name = f"{name}.{ext}"
                    if dry_run:
                        outcome[entry, kind] = (f"events/{identifier}/{name}", None)
                    else:
                        key = storage.save(f"events/{identifier}/{name}", File(spooled, name=name))
                        keys.append(key)
                        outcome[entry, kind] = (storage.url(key), None)
        url, reason = outcome[entry, kind]
        row[fname] = url
        if url is None:
            data.report.add(collection, _record(collection, row), fname, path, DROPPED_VALUE, reason)
        if i % 50 == 0:
            progress("Uploading media", i, len(refs))
    if missing:
        data.report.note(
            f"{missing} media files named in the records are missing from the archive; those fields were left empty."
        )
    return keys
