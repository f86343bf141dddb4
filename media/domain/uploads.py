"""Upload rules: what is accepted, how it is named and stored.

Callable from the views, jobs, the importer and tests alike. Refusals raise `eventyay.errors` domain errors
(`Malformed` 400, `TooLarge` 413, `UnsupportedType` 415, `DomainError` 422), which the API maps in one place.
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

from django.conf import settings
from django.core.files import File
from PIL import Image, UnidentifiedImageError

from eventyay.errors import DomainError, Malformed, TooLarge, UnsupportedType
from media import filetypes
from media.models import Upload
from media.storage import absolute_url, current_backend, get_storage, save_file

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
        raise DomainError("The file is empty.")
    if size > max_bytes(endpoint):
        raise TooLarge(f"The file is larger than the {max_bytes(endpoint)} bytes allowed here.")
    ext = filetypes.sniff(fileobj)
    if ext not in filetypes.ALLOWED[endpoint]:
        allowed = ", ".join(sorted(filetypes.ALLOWED[endpoint]))
        raise UnsupportedType(f"The content is {filetypes.describe(ext)}; allowed here: {allowed}.")
    if client_name and filetypes.name_contradicts(client_name, ext):
        raise DomainError(f"The name says .{filetypes.extension_of(client_name)} but the content is .{ext}; refused.")
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
                    raise DomainError(f"The image has more than {settings.UPLOAD_IMAGE_MAX_PIXELS} pixels.")
                if img.format != _PIL_FORMATS[ext]:
                    raise DomainError("The image is not the type its header says.")
                img.verify()
            fileobj.seek(0)
            with Image.open(fileobj) as img:
                img.load()
    except DomainError:
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
        raise DomainError("The file is not a valid image.")
    finally:
        fileobj.seek(0)


def check_client_name(name):
    """A client's file name with a path in it is refused (we never use it, but it signals a bad client)."""
    if "/" in name or "\\" in name or "\x00" in name or name.strip() in (".", ".."):
        raise Malformed("A file name must not contain a path.")


def decode_data_url(data):
    """`data:image/<type>;base64,<b64>` → (bytes, declared type)."""
    if not isinstance(data, str) or not data:
        raise Malformed('Send {"data": "data:image/<type>;base64,..."}.')
    match = DATA_URL.match(data.strip())
    if not match:
        raise DomainError("'data' must be a data URL: data:image/<type>;base64,<content>.")
    encoded = re.sub(r"\s+", "", match.group(2))
    if len(encoded) * 3 // 4 > max_bytes("image") + 3:
        raise TooLarge(f"The image is larger than the {max_bytes('image')} bytes allowed here.")
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError("'data' is not valid base64.")
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
        raise Malformed("Send a file under 'file', or several under 'files[]'.")
    if len(files) > settings.UPLOAD_MAX_FILES:
        raise TooLarge(f"At most {settings.UPLOAD_MAX_FILES} files per request.")
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
        raise DomainError(f"The data URL says image/{declared} but the content is .{ext}; refused.")
    return store(fileobj, ext, "image", user, force_local, request)


def _discard(urls, force_local):
    for row in Upload.objects.filter(url__in=urls):
        get_storage(force_local=row.backend == "local").delete(row.name)
        row.delete()
