"""Thumbnails of event, speaker and sponsor images: queued after a change, made by a job."""

import io
import logging
import uuid

from django.apps import apps
from django.db import transaction
from PIL import Image

from media import filetypes
from media.domain.uploads import check_image, key_hash, max_bytes
from media.models import Upload
from media.storage import absolute_url, current_backend, get_storage, name_for_url, save_file

logger = logging.getLogger(__name__)

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
