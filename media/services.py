"""Upload rules: what is accepted, how it is named and stored, thumbnails, and clean-up.

Callable from the views, jobs, the management command and tests alike. Refusals raise DRF
exceptions, which the API turns into JSON error objects (400, 413, 415, 422).
"""

import base64
import binascii
import hashlib
import hmac
import io
import logging
import posixpath
import re
import uuid
import warnings
from datetime import timedelta
from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError
from rest_framework import exceptions

from eventyay.api.exceptions import PayloadTooLarge, UnprocessableEntity
from media import filetypes
from media.models import Upload
from media.storage import absolute_url, current_backend, get_storage, name_for_url, save_file

logger = logging.getLogger(__name__)

#: Storage key prefixes of the two endpoints (as Open Event: `events/temp/<uuid>`, `temp/images/<uuid>`).
TEMP_PREFIXES = {"files": "events/temp", "image": "temp/images"}
DATA_URL = re.compile(r"^data:image/([a-z0-9.+-]+);base64,(.*)$", re.IGNORECASE | re.DOTALL)


def max_bytes(endpoint):
    return settings.UPLOAD_IMAGE_MAX_BYTES if endpoint == "image" else settings.UPLOAD_FILES_MAX_BYTES


def key_hash(key):
    """10 hex characters of a keyed hash of the key (URL-safe, unlike the original's base64)."""
    return hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()[:10]


def new_key(prefix, ext):
    """`<prefix>/<uuid>/<hash10>/<uuid>.<ext>`: our name, never the client's."""
    key = f"{prefix}/{uuid.uuid4()}"
    return f"{key}/{key_hash(key)}/{uuid.uuid4()}.{ext}"


# --- checks -----------------------------------------------------------------------------------


def file_size(fileobj):
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(0)
    return size


def check_upload(fileobj, endpoint, client_name=None):
    """Refuse what we do not store; return the normalised extension sniffed from the content."""
    size = file_size(fileobj)
    if size == 0:
        raise UnprocessableEntity("The file is empty.")
    if size > max_bytes(endpoint):
        raise PayloadTooLarge(f"The file is larger than the {max_bytes(endpoint)} bytes allowed here.")
    ext = filetypes.sniff(fileobj)
    if ext not in filetypes.ALLOWED[endpoint]:
        allowed = ", ".join(sorted(filetypes.ALLOWED[endpoint]))
        raise exceptions.UnsupportedMediaType(
            ext or "unknown", detail=f"The content is {filetypes.describe(ext)}; allowed here: {allowed}."
        )
    if client_name and filetypes.name_contradicts(client_name, ext):
        raise UnprocessableEntity(
            f"The name says .{filetypes.extension_of(client_name)} but the content is .{ext}; refused."
        )
    if ext in filetypes.IMAGE_TYPES:
        check_image(fileobj, ext)
    return ext


_PIL_FORMATS = {"jpg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}


def check_image(fileobj, ext):
    """Decode the whole image with Pillow: a script or a truncated file behind image magic bytes is refused."""
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj) as img:
                width, height = img.size
                if width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
                    raise UnprocessableEntity(f"The image has more than {settings.UPLOAD_IMAGE_MAX_PIXELS} pixels.")
                if img.format != _PIL_FORMATS[ext]:
                    raise UnprocessableEntity("The image is not the type its header says.")
                img.verify()
            fileobj.seek(0)
            with Image.open(fileobj) as img:
                img.load()
    except UnprocessableEntity:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        logger.info("Refused an image that does not decode: %s", exc)
        raise UnprocessableEntity("The file is not a valid image.")
    finally:
        fileobj.seek(0)


def check_client_name(name):
    """A client's file name with a path in it is refused (we never use it, but it signals a bad client)."""
    if "/" in name or "\\" in name or "\x00" in name or name.strip() in (".", ".."):
        raise exceptions.ParseError("A file name must not contain a path.")


def decode_data_url(data):
    """`data:image/<type>;base64,<b64>` → (bytes, declared type)."""
    if not isinstance(data, str) or not data:
        raise exceptions.ParseError('Send {"data": "data:image/<type>;base64,..."}.')
    match = DATA_URL.match(data.strip())
    if not match:
        raise UnprocessableEntity("'data' must be a data URL: data:image/<type>;base64,<content>.")
    encoded = re.sub(r"\s+", "", match.group(2))
    if len(encoded) * 3 // 4 > max_bytes("image") + 3:
        raise PayloadTooLarge(f"The image is larger than the {max_bytes('image')} bytes allowed here.")
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UnprocessableEntity("'data' is not valid base64.")
    return content, match.group(1).lower()


# --- storing ----------------------------------------------------------------------------------


def store(fileobj, ext, endpoint, user=None, force_local=False, request=None):
    """Save a checked file under a fresh key; record it; return its public URL."""
    name = new_key(TEMP_PREFIXES[endpoint], ext)
    fileobj.seek(0)
    stored, url = save_file(name, File(fileobj, name=posixpath.basename(name)), force_local=force_local)
    url = absolute_url(url, request)
    Upload.objects.create(
        kind=Upload.Kind.IMAGE if endpoint == "image" else Upload.Kind.FILE,
        backend=current_backend(force_local),
        name=stored,
        url=url,
        content_type=filetypes.content_type_for(ext),
        size=file_size(fileobj),
        user=user if user is not None and user.is_authenticated else None,
    )
    return url


def upload_files(files, user=None, force_local=False, request=None):
    """Check every file first, then store them all: a refusal stores nothing."""
    if not files:
        raise exceptions.ParseError("Send a file under 'file', or several under 'files[]'.")
    if len(files) > settings.UPLOAD_MAX_FILES:
        raise PayloadTooLarge(f"At most {settings.UPLOAD_MAX_FILES} files per request.")
    exts = [check_upload(f, "files", getattr(f, "name", None)) for f in files]
    stored = []
    try:
        for fileobj, ext in zip(files, exts, strict=True):
            stored.append(store(fileobj, ext, "files", user, force_local, request))
    except Exception:
        _discard(stored, force_local)
        raise
    return stored


def upload_image(data, user=None, force_local=False, request=None):
    content, declared = decode_data_url(data)
    fileobj = io.BytesIO(content)
    ext = check_upload(fileobj, "image", f"image.{declared}")
    if not filetypes.same_family(declared.split("+")[0], ext):
        raise UnprocessableEntity(f"The data URL says image/{declared} but the content is .{ext}; refused.")
    return store(fileobj, ext, "image", user, force_local, request)


def _discard(urls, force_local):
    for row in Upload.objects.filter(url__in=urls):
        get_storage(force_local=row.backend == "local").delete(row.name)
        row.delete()


# --- thumbnails -------------------------------------------------------------------------------

#: Per kind: the model, the field holding the source image, the key prefix and (width, height) per size.
#: Widths as Open Event's defaults; heights follow the image's aspect ratio (its `*_aspect` flags).
THUMBNAIL_SPECS = {
    "event": {
        "model": "events.Event",
        "source": "original_image_url",
        "prefix": "events/{obj.identifier}",
        "sizes": {"large": 1300, "thumbnail": 500, "icon": 75},
    },
    "speaker": {
        "model": "events.Speaker",
        "source": "photo_url",
        "prefix": "events/{obj.event_id}/speakers/{obj.pk}",
        "sizes": {"thumbnail": 500, "small": 50, "icon": 35},
    },
    "sponsor": {
        "model": "events.Sponsor",
        "source": "logo_url",
        "prefix": "events/{obj.event_id}/sponsors/{obj.pk}",
        "sizes": {"thumbnail": 500, "small": 50, "icon": 75},
    },
}


def queue_thumbnails(kind, object_id, url, user=None):
    """Start the thumbnail job for an event, speaker or sponsor image (returns the Task)."""
    from eventyay.tasks.services import start

    if kind not in THUMBNAIL_SPECS:
        raise ValueError(f"No thumbnails for {kind!r}.")
    return start("thumbnails", "media.jobs.make_thumbnails", user=user, object_kind=kind, object_id=object_id, url=url)


def is_uploaded_image(url):
    """An image that came in through the upload endpoints (imported or external files are left alone)."""
    return (
        bool(url)
        and Upload.objects.filter(
            url=url, kind__in=(Upload.Kind.FILE, Upload.Kind.IMAGE), content_type__startswith="image/"
        ).exists()
    )


def resize(content, width):
    """A JPEG at most `width` wide (never enlarged), aspect ratio kept, transparency on white."""
    with Image.open(io.BytesIO(content)) as img:
        img.load()
        if img.mode in ("RGBA", "LA", "P"):
            img = img.convert("RGBA")
            background = Image.new("RGB", img.size, (255, 255, 255))
            background.paste(img, mask=img.getchannel("A"))
            img = background
        else:
            img = img.convert("RGB")
        if img.width > width:
            img = img.resize((width, max(1, round(img.height * width / img.width))), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        img.save(out, "JPEG", quality=80, optimize=True)
        return out.getvalue()


def make_thumbnails(kind, object_id, url, progress=None):
    """Resize the object's image into each size, store them, point the `<size>_image_url` fields at them.

    Returns {"<size>_image_url": url} or None when the object is gone or its image changed meanwhile.
    """
    spec = THUMBNAIL_SPECS[kind]
    model = apps.get_model(spec["model"])
    obj = model._base_manager.filter(pk=object_id).first()
    if obj is None or getattr(obj, spec["source"]) != url:
        logger.info("Thumbnails for %s %s skipped: gone or image changed.", kind, object_id)
        return None
    name, force_local = name_for_url(url)
    if name is None:
        raise ValueError("Thumbnails are made only from images uploaded here.")
    with get_storage(force_local).open(name, "rb") as source:
        content = source.read(max_bytes("image") + 1)
    if len(content) > max_bytes("image"):
        raise ValueError("The image is larger than the image upload limit.")
    ext = filetypes.sniff(io.BytesIO(content))
    if ext not in filetypes.IMAGE_TYPES:
        raise ValueError("The file is not an image.")
    check_image(io.BytesIO(content), ext)
    prefix = spec["prefix"].format(obj=obj)
    results, sizes = {}, spec["sizes"]
    for i, (size, width) in enumerate(sizes.items()):
        if progress:
            progress(f"Resizing ({size})", i, len(sizes))
        key = f"{prefix}/{size}"
        stored, thumb_url = save_file(f"{key}/{key_hash(key)}/{uuid.uuid4()}.jpg", resize(content, width), force_local)
        thumb_url = absolute_url(thumb_url)
        Upload.objects.create(
            kind=Upload.Kind.THUMBNAIL,
            backend=current_backend(force_local),
            name=stored,
            url=thumb_url,
            content_type="image/jpeg",
            size=get_storage(force_local).size(stored),
            temporary=False,
        )
        results[f"{size}_image_url"] = thumb_url
    _point_at(model, obj, spec["source"], url, results)
    return results


def _point_at(model, obj, source_field, url, results):
    """Save the fields the model has (others only go into the job result); drop replaced thumbnails."""
    field_names = {f.name for f in model._meta.get_fields()}
    update = {k: v for k, v in results.items() if k in field_names}
    if not update:
        return
    old = [getattr(obj, k) for k in update if getattr(obj, k)]
    with transaction.atomic():
        # Only if the source is still the same image: a newer upload wins.
        model._base_manager.filter(pk=obj.pk, **{source_field: url}).update(**update)
    for row in Upload.objects.filter(kind=Upload.Kind.THUMBNAIL, url__in=old):
        get_storage(force_local=row.backend == "local").delete(row.name)
        row.delete()


# --- clean-up ---------------------------------------------------------------------------------

_SKIP_APPS = {"media", "contenttypes", "sessions", "admin", "auth", "token_blacklist", "tasks"}


def _text_fields():
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in _SKIP_APPS or meta.proxy or not meta.managed:
            continue
        for field in meta.concrete_fields:
            if isinstance(field, models.TextField | models.CharField) and (field.max_length or 1000) >= 40:
                yield model, field.attname


def referenced_names(uploads, batch=100):
    """File names (`<uuid>.<ext>`) of these uploads that some row's text or URL field mentions."""
    names = [posixpath.basename(u.name) for u in uploads]
    found = set()
    for start in range(0, len(names), batch):
        chunk = names[start : start + batch]
        for model, attname in _text_fields():
            query = reduce(or_, (models.Q(**{f"{attname}__contains": n}) for n in chunk))
            for value in model._base_manager.filter(query).values_list(attname, flat=True):
                found.update(n for n in chunk if n in (value or ""))
    return found


def delete_temporary_uploads(days, dry_run=False):
    """Remove temporary uploads older than `days` days that nothing points to; returns how many."""
    limit = timezone.now() - timedelta(days=days)
    candidates = list(Upload.objects.filter(temporary=True, created_at__lt=limit))
    used = referenced_names(candidates) if candidates else set()
    removed = 0
    for upload in candidates:
        if posixpath.basename(upload.name) in used:
            continue
        if not dry_run:
            get_storage(force_local=upload.backend == "local").delete(upload.name)
            upload.delete()
        removed += 1
    logger.info("Temporary uploads older than %s days: %s removed, %s still used.", days, removed, len(used))
    return removed
