"""Request parsing for uploads: refuse a path in a file name, stop reading past the size limit."""

import html

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from eventyay.api.exceptions import PayloadTooLarge
from media.domain.uploads import check_client_name


class _NamesWithoutPaths(DjangoMultiPartParser):
    """Django silently keeps the last path segment; we refuse the upload instead."""

    def sanitize_file_name(self, file_name):
        check_client_name(html.unescape(file_name))
        return super().sanitize_file_name(file_name)


class UploadMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        try:
            data, files = _NamesWithoutPaths(meta, stream, request.upload_handlers, encoding).parse()
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}")
        return parsers.DataAndFiles(data, files)


class SizeLimitHandler(FileUploadHandler):
    """First in the handler chain: counts each file's bytes and stops at the endpoint's limit (413)."""

    def __init__(self, request=None, limit=0):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise PayloadTooLarge(f"The file is larger than the {self.limit} bytes allowed here.")
        return raw_data

    def file_complete(self, file_size):
        return None
