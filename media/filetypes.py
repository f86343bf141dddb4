"""What we accept and how we name it: types are sniffed from the bytes, never taken from the client's name."""

import io
import posixpath
import zipfile

import filetype

#: Stored extension → content type, for every type some endpoint accepts.
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "rtf": "application/rtf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "mp4": "video/mp4",
    "m4v": "video/x-m4v",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "ogg": "audio/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/x-wav",
    "flac": "audio/x-flac",
    "aac": "audio/aac",
}

#: Images Pillow decodes and browsers show inline; everything else is sent as an attachment.
IMAGE_TYPES = frozenset({"jpg", "png", "gif", "webp"})
DOCUMENT_TYPES = frozenset({"pdf", "rtf", "doc", "xls", "ppt", "docx", "xlsx", "pptx", "odt", "ods", "odp"})
VIDEO_TYPES = frozenset({"mp4", "m4v", "mov", "webm", "mkv"})
AUDIO_TYPES = frozenset({"ogg", "mp3", "m4a", "wav", "flac", "aac"})
#: Allow-list per endpoint.
ALLOWED = {
    "files": IMAGE_TYPES | DOCUMENT_TYPES | VIDEO_TYPES | AUDIO_TYPES,
    "image": IMAGE_TYPES,
}

#: Extensions a client may give for the same kind of content (containers shared by several formats).
_FAMILIES = [
    {"jpg", "jpeg", "jpe", "jfif"},
    {"png", "apng"},
    {"gif"},
    {"webp"},
    {"pdf"},
    {"rtf"},
    {"doc", "dot", "xls", "xlt", "ppt", "pps", "pot"},
    {"docx", "docm", "dotx", "xlsx", "xlsm", "pptx", "pptm", "ppsx"},
    {"odt", "ods", "odp", "odg"},
    {"mp4", "m4v", "m4a", "mov", "qt", "3gp", "aac"},
    {"webm", "mkv", "mka"},
    {"ogg", "oga", "ogv", "opus"},
    {"mp3"},
    {"wav"},
    {"flac"},
]
#: Extensions that announce something we never accept; a file named so is refused whatever it holds.
_DANGEROUS = {
    "html",
    "htm",
    "xhtml",
    "svg",
    "svgz",
    "js",
    "mjs",
    "css",
    "xml",
    "php",
    "phtml",
    "py",
    "pl",
    "rb",
    "sh",
    "bash",
    "cgi",
    "exe",
    "dll",
    "bat",
    "cmd",
    "com",
    "msi",
    "jar",
    "swf",
    "hta",
    "vbs",
    "ps1",
}
_FAMILY_OF = {ext: i for i, family in enumerate(_FAMILIES) for ext in family}
_SNIFFED_ALIASES = {"apng": "png", "jpx": None}


def content_type_for(ext):
    return CONTENT_TYPES.get(ext)


def extension_of(name):
    """The lower-case extension of a file name ('' when none)."""
    base = posixpath.basename(name or "")
    return base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""


def is_inline(name):
    """Images are shown in the browser; anything else is downloaded (`Content-Disposition: attachment`)."""
    return extension_of(name) in IMAGE_TYPES


def sniff(fileobj):
    """The normalised extension of the content, or None when it is not a type we know."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    ext = _SNIFFED_ALIASES.get(kind.extension, kind.extension)
    if ext in ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"):
        ext = _office_type(fileobj)
    return ext


def _office_type(fileobj):
    """Office files are zips; tell them apart by their parts (the first 8 KiB do not always say)."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return {
                    "application/vnd.oasis.opendocument.text": "odt",
                    "application/vnd.oasis.opendocument.spreadsheet": "ods",
                    "application/vnd.oasis.opendocument.presentation": "odp",
                }.get(mimetype, "zip")
            if "[Content_Types].xml" in names:
                for prefix, ext in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(n.startswith(prefix) for n in names):
                        return ext
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        fileobj.seek(0)
    return "zip"


def name_contradicts(client_name, sniffed_ext):
    """True when the client's extension claims another kind of content than the bytes hold."""
    claimed = extension_of(client_name)
    if not claimed:
        return False
    if claimed in _DANGEROUS:
        return True
    if claimed not in _FAMILY_OF:
        return False
    return _FAMILY_OF[claimed] != _FAMILY_OF.get(sniffed_ext)


def same_family(claimed_ext, sniffed_ext):
    """Strict form for declared types: the claim must be a known alias of what the bytes are."""
    return claimed_ext in _FAMILY_OF and _FAMILY_OF[claimed_ext] == _FAMILY_OF.get(sniffed_ext)


def describe(ext):
    return f".{ext}" if ext else "an unknown type"


def as_bytes_io(data):
    return io.BytesIO(data)
