"""Reading an untrusted event zip safely.

Nothing is ever extracted to disk. Every entry name is checked before anything is
read (a `..` component, an absolute path or a symlink makes the whole archive hostile),
and the bytes actually decompressed are counted against a cap, since the sizes in the
headers are whatever the attacker wrote there.
"""

import stat
import tempfile
import unicodedata
import zipfile
from pathlib import PurePosixPath

from django.conf import settings

from transfers import jsonrepair

CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive is refused; the message tells the user why."""


class TooLarge(Exception):  # noqa: N818 - a refusal of one file, read like ArchiveError
    """One file of the archive is refused (too large or damaged); the import goes on without it."""


def _check_name(name):
    if "\x00" in name:
        raise ArchiveError(f"The archive is refused: entry {name!r} has a NUL byte in its name.")
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        raise ArchiveError(f"The archive is refused: entry {name!r} has an absolute path.")
    if ".." in PurePosixPath(unified).parts:
        raise ArchiveError(f"The archive is refused: entry {name!r} points outside the archive ('..').")


def _is_symlink(info):
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


def nfc(name):
    return unicodedata.normalize("NFC", name)


class SafeArchive:
    """An opened, vetted zip. Use as a context manager; `read_json(name)` and `read_bytes(name)` stream with caps."""

    def __init__(self, fileobj, max_bytes=None, max_entries=None, max_json_bytes=None):
        self.max_bytes = max_bytes or settings.TRANSFERS_MAX_UNCOMPRESSED_BYTES
        self.max_entries = max_entries or settings.TRANSFERS_MAX_ENTRIES
        self.max_json_bytes = max_json_bytes or settings.TRANSFERS_MAX_JSON_BYTES
        self.read_total = 0
        try:
            self.zip = zipfile.ZipFile(fileobj)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise ArchiveError("The file is not a zip archive.") from None
        infos = self.zip.infolist()
        if len(infos) > self.max_entries:
            raise ArchiveError(f"The archive has {len(infos)} entries; at most {self.max_entries} are accepted.")
        self.entries = {}
        self._nfc = {}
        for info in infos:
            _check_name(info.filename)
            if _is_symlink(info):
                raise ArchiveError(f"The archive is refused: entry {info.filename!r} is a symbolic link.")
            if info.flag_bits & 0x1:
                raise ArchiveError(f"The archive is refused: entry {info.filename!r} is encrypted.")
            if info.is_dir():
                continue
            name = info.filename.replace("\\", "/")
            self.entries[name] = info
            self._nfc.setdefault(nfc(name), name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.zip.close()

    def find(self, name):
        """The entry name for a path as JSON refers to it ('/images/a.png', 'audio/x.mp3'), or None."""
        name = name.replace("\\", "/").lstrip("/")
        if name in self.entries:
            return name
        return self._nfc.get(nfc(name))

    def _chunks(self, name, limit, refuse, too_large):
        """The entry's bytes in chunks, counted against `limit` and the archive's cap on decompressed bytes.

        Past `limit` raises `refuse(too_large)`, a damaged entry `refuse(<why>)`; past the archive's cap
        ArchiveError (the archive is refused).
        """
        size = 0
        try:
            with self.zip.open(self.entries[name]) as stream:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    self.read_total += len(chunk)
                    if self.read_total > self.max_bytes:
                        raise ArchiveError(
                            f"The archive decompresses to more than {self.max_bytes} bytes; it is refused."
                        )
                    if size > limit:
                        raise refuse(too_large)
                    yield chunk
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise refuse(f"File '{name}' in the archive is damaged ({type(exc).__name__}).") from None

    def read_bytes(self, name, limit=None):
        limit = limit or self.max_bytes
        too_large = f"File '{name}' is larger than {limit} bytes once decompressed."
        return b"".join(self._chunks(name, limit, ArchiveError, too_large))

    def spool(self, name, limit):
        """The entry in a temporary file (in memory up to 1 MiB, then on disk), read in chunks.

        Raises TooLarge past `limit` bytes (the file is refused, not the archive); the archive's
        own cap on decompressed bytes still applies and refuses the archive.
        """
        spooled = tempfile.SpooledTemporaryFile(max_size=CHUNK)  # noqa: SIM115 - the caller closes it
        try:
            for chunk in self._chunks(
                name, limit, TooLarge, f"File '{name}' is larger than the {limit} bytes allowed for it."
            ):
                spooled.write(chunk)
        except BaseException:
            spooled.close()
            raise
        spooled.seek(0)
        return spooled

    def read_json(self, name):
        """(value, repairs) of a JSON entry; syntax slips are repaired when unambiguous, else Unreadable."""
        return jsonrepair.loads(self.read_bytes(name, limit=self.max_json_bytes))
