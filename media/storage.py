"""The one place that decides where files go (uploads, thumbnails, exports, imported media).

Backends: local disk (default), S3 / S3-compatible, Google Cloud Storage (through its
S3-compatible XML API with HMAC keys), chosen by `STORAGE_BACKEND` and the credentials in
settings, which the admin's "storage settings" row overrides field by field.
`force_local=True` always uses local disk.

Every stored object is public; images are served inline, anything else with
`Content-Disposition: attachment` (S3/GCS object metadata; local files through
`media.views.serve_local`, or the web server as docs/media.md describes).
"""

import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from botocore.config import Config
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from media.filetypes import content_type_for, extension_of, is_inline

#: Where `media.views.serve_local` answers (see media/urls.py).
SERVED_LOCAL_URL = "/v1/media/"

_remote_cache = {}


def local_storage():
    base_url = SERVED_LOCAL_URL if settings.MEDIA_SERVED_BY_APP else settings.MEDIA_URL
    return FileSystemStorage(location=settings.MEDIA_ROOT, base_url=base_url)


class PublicS3Storage(S3Storage):
    """S3 with plain public URLs; non-images carry `Content-Disposition: attachment`."""

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        ext = extension_of(name)
        if content_type_for(ext):
            params.setdefault("ContentType", content_type_for(ext))
        if not is_inline(name):
            params.setdefault("ContentDisposition", f'attachment; filename="{posixpath.basename(name)}"')
        return params


def backend_settings():
    """The effective backend and its options: the admin's row where filled in, else the environment."""
    from media.models import StorageSettings

    row = StorageSettings.current()
    backend = row.backend or settings.STORAGE_BACKEND
    if backend == "s3":
        return backend, {
            "bucket_name": row.s3_bucket or settings.AWS_STORAGE_BUCKET_NAME,
            "region_name": row.s3_region or settings.AWS_S3_REGION_NAME,
            "endpoint_url": row.s3_endpoint_url or settings.AWS_S3_ENDPOINT_URL,
            "custom_domain": row.s3_custom_domain or settings.AWS_S3_CUSTOM_DOMAIN,
            "access_key": row.s3_access_key_id or settings.AWS_ACCESS_KEY_ID,
            "secret_key": row.s3_secret_access_key or settings.AWS_SECRET_ACCESS_KEY,
            "default_acl": settings.AWS_DEFAULT_ACL,
            "addressing_style": settings.AWS_S3_ADDRESSING_STYLE,
        }
    if backend == "gcs":
        return backend, {
            "bucket_name": row.gcs_bucket or settings.GS_BUCKET_NAME,
            "region_name": "auto",
            "endpoint_url": settings.GS_ENDPOINT_URL,
            "custom_domain": None,
            "access_key": row.gcs_access_key_id or settings.GS_ACCESS_KEY_ID,
            "secret_key": row.gcs_secret_access_key or settings.GS_SECRET_ACCESS_KEY,
            "default_acl": settings.GS_DEFAULT_ACL,
            "addressing_style": "path",
        }
    if backend == "local":
        return backend, {}
    raise ImproperlyConfigured(f"Unknown storage backend {backend!r}; use local, s3 or gcs.")


def _remote_storage(options):
    if not options["bucket_name"]:
        raise ImproperlyConfigured("The storage backend needs a bucket name.")
    key = tuple(sorted((k, str(v)) for k, v in options.items()))
    if key not in _remote_cache:
        style = options["addressing_style"] or ("path" if options["endpoint_url"] else None)
        config = Config(
            s3={"addressing_style": style},
            signature_version="s3v4",
            connect_timeout=10,
            read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
            # S3-compatible services (GCS, MinIO) reject the checksums newer boto3 adds by default.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        _remote_cache[key] = PublicS3Storage(
            bucket_name=options["bucket_name"],
            region_name=options["region_name"],
            endpoint_url=options["endpoint_url"],
            custom_domain=options["custom_domain"],
            access_key=options["access_key"] or None,
            secret_key=options["secret_key"] or None,
            default_acl=options["default_acl"],
            querystring_auth=False,
            file_overwrite=True,
            client_config=config,
        )
    return _remote_cache[key]


def current_backend(force_local=False):
    return "local" if force_local else backend_settings()[0]


def get_storage(force_local=False):
    """The storage files are written to."""
    if force_local:
        return local_storage()
    backend, options = backend_settings()
    if backend == "local":
        return local_storage()
    return _remote_storage(options)


def save_file(key, content, force_local=False):
    """Store `content` (a File or bytes) at `key`; returns (stored_key, url)."""
    storage = get_storage(force_local)
    if isinstance(content, bytes):
        content = ContentFile(content)
    stored = storage.save(key, content)
    return stored, storage.url(stored)


def public_base_url():
    return settings.MEDIA_BASE_URL or settings.PUBLIC_BASE_URL


def absolute_url(url, request=None):
    """Local storage gives paths; clients get absolute URLs (MEDIA_BASE_URL, else the request's host)."""
    if urlsplit(url).scheme:
        return url
    base = public_base_url()
    if base:
        return urljoin(base, url)
    if request is not None:
        return request.build_absolute_uri(url)
    return url


def name_for_url(url):
    """The key and force_local flag of a URL that points into our storage, or (None, False)."""
    parts = urlsplit(url)
    local_prefix = urlsplit(local_storage().url("x")).path[:-1]
    if (not parts.scheme or _same_host_as_base(url)) and parts.path.startswith(local_prefix):
        return _unquote(parts.path[len(local_prefix) :]), True
    if current_backend() != "local":
        prefix = get_storage().url("x")[:-1]
        if url.startswith(prefix):
            return _unquote(url[len(prefix) :]), False
    return None, False


def _same_host_as_base(url):
    if not public_base_url():
        return True  # local URLs carry the request's host, which we cannot know here
    return urlsplit(url).netloc == urlsplit(public_base_url()).netloc


#: Storage prefixes that hold private files (exports with speakers' e-mails, uploaded import zips); the
#: transfers app serves exports through its own authorized download route.
PRIVATE_PREFIXES = ("exports/", "imports/")


def normalise_key(name):
    """The one spelling of a storage key, or None when it leaves the storage root.

    Percent-encoding is undone until stable (`%2e`, `%252e`), backslashes count as slashes, and `.` and
    empty segments (`./`, `//`, a leading `/`) go, so every spelling of a key compares alike; `..` is refused.
    """
    for _ in range(5):
        decoded = unquote(name)
        if decoded == name:
            break
        name = decoded
    else:
        return None
    if "\x00" in name:
        return None
    segments = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    if not segments or ".." in segments:
        return None
    return "/".join(segments)


def is_private_key(key):
    """Whether a normalised key lies under a private prefix (compared case-insensitively)."""
    return (key + "/").lower().startswith(PRIVATE_PREFIXES)


def _unquote(name):
    key = normalise_key(name)
    if key is None or name.startswith("/"):
        return None
    return key
