"""The one place that decides where files go (uploads, exports, imported media).

Backends: local disk (default), S3 / S3-compatible, Google Cloud Storage, chosen by
`STORAGE_BACKEND`. `force_local=True` always uses local disk.
"""

from django.core.files.storage import FileSystemStorage
from django.conf import settings


def local_storage():
    return FileSystemStorage(location=settings.MEDIA_ROOT, base_url=settings.MEDIA_URL)


def get_storage(force_local=False):
    """The storage files are written to; the media app extends this with S3 and GCS."""
    if force_local or settings.STORAGE_BACKEND == "local":
        return local_storage()
    raise NotImplementedError(f"Storage backend {settings.STORAGE_BACKEND!r} is not wired yet.")


def save_file(key, content, force_local=False):
    """Store `content` (a File or bytes) at `key`; returns (stored_key, url)."""
    from django.core.files.base import ContentFile

    storage = get_storage(force_local)
    if isinstance(content, bytes):
        content = ContentFile(content)
    stored = storage.save(key, content)
    return stored, storage.url(stored)
