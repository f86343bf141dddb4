"""`POST /v1/upload/files|file|image` (plain JSON, logged-in users) and local file serving."""

import posixpath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from rest_framework import exceptions, parsers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from eventyay.api import plain
from eventyay.api.exceptions import PayloadTooLarge
from eventyay.api.permissions import IsAuthenticated
from eventyay.api.schema import operation, plain_schema
from eventyay.api.schema.components import BOOLEAN, MULTIPART_FILE, STRING, json_body, obj, query_parameter
from media.domain import uploads as services
from media.filetypes import content_type_for, extension_of, is_inline
from media.parsers import SizeLimitHandler, UploadMultiPartParser
from media.storage import is_private_key, local_storage, normalise_key

#: Room for multipart boundaries and headers on top of the files themselves.
FORCE_LOCAL = [query_parameter("force_local", BOOLEAN)]


_ENVELOPE = 64 * 1024


def _force_local(request):
    return request.query_params.get("force_local", "").lower() in ("true", "1", "yes")


def _refuse_large_body(request, allowed):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > allowed:
        raise PayloadTooLarge(f"The request is larger than the {allowed} bytes allowed here.")


@plain_schema(
    post=operation(
        MULTIPART_FILE,
        obj({"url": {"oneOf": [STRING, {"type": "array", "items": STRING}]}}, ["url"]),
        errors=(400, 401, 413, 415, 422),
        login=True,
        tag="upload",
        query=FORCE_LOCAL,
    ),
)
class UploadFilesView(plain.PlainJSONView):
    """One file under `file` → {"url"}; several under `files[]` (or `files`) → {"url": [...]}."""

    permission_classes = [IsAuthenticated]
    parser_classes = [UploadMultiPartParser, parsers.FormParser]
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        limit = services.max_bytes("files")
        _refuse_large_body(request, limit * settings.UPLOAD_MAX_FILES + _ENVELOPE)
        request._request.upload_handlers.insert(0, SizeLimitHandler(request._request, limit))

    def post(self, request):
        files = request.FILES
        many = files.getlist("files[]") or files.getlist("files")
        single = files.get("file")
        if many:
            urls = services.upload_files(many, request.user, _force_local(request), request)
            return Response({"url": urls})
        if single is None:
            raise exceptions.ParseError("Send a file under 'file', or several under 'files[]'.")
        url = services.upload_files([single], request.user, _force_local(request), request)[0]
        return Response({"url": url})


@plain_schema(
    post=operation(
        json_body(obj({"data": {"type": "string", "description": "data:image/<type>;base64,..."}}, ["data"])),
        obj({"url": STRING}, ["url"]),
        errors=(400, 401, 413, 415, 422),
        login=True,
        tag="upload",
        query=FORCE_LOCAL,
    ),
)
class UploadImageView(plain.PlainJSONView):
    """{"data": "data:image/<type>;base64,..."} → {"url"}."""

    permission_classes = [IsAuthenticated]
    parser_classes = plain.JSON_PARSERS
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _refuse_large_body(request, services.max_bytes("image") * 4 // 3 + _ENVELOPE)

    def post(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        url = services.upload_image(body.get("data"), request.user, _force_local(request), request)
        return Response({"url": url})


@plain_schema(
    get={
        "responses": {200: {"description": "The file.", "content": {"application/octet-stream": {"schema": {}}}}},
        "errors": (404,),
        "tag": "upload",
    },
)
class LocalFileView(APIView):
    """Serves local uploads: images inline, anything else as an attachment, never sniffed as HTML."""

    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [JSONRenderer]

    def get(self, request, name):
        storage = local_storage()
        try:
            name = normalise_key(name)
            if name is None or is_private_key(name) or not storage.exists(name):
                raise Http404("No such file.")
            handle = storage.open(name, "rb")
        except (SuspiciousFileOperation, OSError, ValueError):
            raise Http404("No such file.")
        inline = is_inline(name)
        response = FileResponse(
            handle,
            as_attachment=not inline,
            filename=posixpath.basename(name),
            content_type=content_type_for(extension_of(name)) or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "public, max-age=86400"
        return response
