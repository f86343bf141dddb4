"""Bytes of real files for upload tests, and Upload rows."""

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media.models import Upload


def image_bytes(fmt="PNG", size=(80, 60), color=(200, 30, 30), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size, color if mode == "RGB" else color + (128,)).save(out, fmt)
    return out.getvalue()


#: The smallest headers the content sniffer reads as an MP4 video and an MP3 (ID3) audio file.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 64


def png(size=(80, 60)):
    return image_bytes("PNG", size)


def jpeg(size=(80, 60)):
    return image_bytes("JPEG", size)


def pdf():
    """A small but well-formed PDF."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def plain_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


def as_upload(name, content, content_type="application/octet-stream"):
    """A multipart file part as a browser sends it (the client's name and type are not trusted)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


SCRIPT = b"#!/bin/sh\necho pwned\n"
HTML = b"<html><script>alert(1)</script></html>"


def truncated_png():
    """PNG magic bytes and header, then garbage: sniffs as PNG, does not decode."""
    data = png()
    return data[:40] + b"\x00garbage" * 20


class UploadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Upload

    kind = Upload.Kind.FILE
    backend = "local"
    name = factory.Sequence(lambda n: f"events/temp/k{n}/0123456789/file{n}.png")
    url = factory.LazyAttribute(lambda o: f"http://testserver/v1/media/{o.name}")
    content_type = "image/png"
    size = 10
