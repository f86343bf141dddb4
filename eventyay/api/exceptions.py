"""One error format for the whole API: JSON:API error objects, never an HTML 500.

Validation failures answer 422 (as Open Event does) with a `source.pointer` to the field.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework_json_api import utils
from rest_framework_json_api.exceptions import Conflict as TypeConflict

from eventyay import errors as domain

logger = logging.getLogger(__name__)

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Access Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Request Limit Exceeded",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class UnprocessableEntity(exceptions.APIException):
    """A request that is well-formed but breaks a rule (Open Event's 422)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request breaks a rule of this resource."
    default_code = "unprocessable"

    def __init__(self, detail=None, pointer=None, code=None):
        if pointer:
            detail = {pointer: [detail or self.default_detail]}
        super().__init__(detail, code)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is larger than allowed."
    default_code = "too_large"


def _convert(exc):
    """Map domain errors and exceptions that escape from the ORM or Django into API exceptions."""
    if isinstance(exc, domain.DomainError):
        return _from_domain(exc)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return PayloadTooLarge(f"The request body is larger than the {limit} bytes this server accepts.")
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return PayloadTooLarge("The request has more fields or files than this server accepts.")
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError("The request is malformed.")
    if isinstance(exc, OverflowError):
        # A number beyond what the database driver can bind (the parsers and serializers bound them first).
        return UnprocessableEntity("A number in this request is too large.")
    if isinstance(exc, RecursionError):
        # A JSON body nested thousands deep overflows the parser's stack; it is the client's error.
        return exceptions.ParseError("The request body is nested too deeply.")
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, DataError):
        # A value the database cannot hold or compare (a NUL byte, an out-of-range number): the client's input.
        logger.info("Data error answered as 400: %s", exc)
        return exceptions.ParseError("A value in this request cannot be stored or compared (e.g. a NUL byte).")
    if isinstance(exc, IntegrityError):
        logger.info("Integrity error answered as 409: %s", exc)
        return Conflict("This would duplicate or orphan an existing record.")
    if isinstance(exc, exceptions.AuthenticationFailed) and isinstance(exc.detail, dict) and "messages" in exc.detail:
        # simplejwt's token errors carry a list of dicts the formatter cannot point at on plain-JSON views.
        exc.detail = {k: v for k, v in exc.detail.items() if k != "messages"}
    return exc


def _from_domain(exc):
    """One translation of a domain error: its status, and a pointer to its field for a 422."""
    if isinstance(exc, domain.NotFound):
        return exceptions.NotFound(exc.message)
    # A 403 or 409 about one field points at it, as a 422 does.
    detail = {exc.field: [exc.message]} if exc.field else exc.message
    if isinstance(exc, domain.Forbidden):
        return exceptions.PermissionDenied(detail)
    if isinstance(exc, domain.Conflict):
        return Conflict(detail)
    if isinstance(exc, domain.TooLarge):
        return PayloadTooLarge(exc.message)
    if isinstance(exc, domain.Malformed):
        return exceptions.ParseError(exc.message)
    if isinstance(exc, domain.UnsupportedType):
        return exceptions.UnsupportedMediaType(None, detail=exc.message)
    if isinstance(exc, domain.Unavailable):
        unavailable = exceptions.APIException(exc.message, exc.code or "unavailable")
        unavailable.status_code = exc.status
        return unavailable
    if exc.field:
        return exceptions.ValidationError({exc.field: [exc.message]})
    return UnprocessableEntity(exc.message)


def exception_handler(exc, context):
    exc = _convert(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__, exc_info=exc)
        response = Response({"detail": "Unknown error"}, status=500)
        exc = exceptions.APIException("Unknown error")
    if isinstance(exc, exceptions.ValidationError):
        response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    detail = getattr(exc, "detail", None)
    if isinstance(detail, dict) and "source" in detail and "detail" in detail:
        # An error that names its own source (a query parameter, say).
        response.data = [
            {"detail": str(detail["detail"]), "source": dict(detail["source"]), "status": str(response.status_code)}
        ]
        context["view"].resource_name = "errors"
    elif _points_into_body(exc) and not _is_json_api(context["view"]):
        # Plain-JSON bodies: one error per message, pointing into the body (`/bcc/0`), however nested.
        response.data = [
            {"detail": str(message), "source": {"pointer": "".join(f"/{part}" for part in path)} if path else {}}
            for path, message in _flatten(exc.detail)
        ]
    else:
        response = utils.format_drf_errors(response, context, exc)
    for error in response.data:
        code = int(error.get("status", response.status_code))
        error["status"] = str(code)
        pointer = (error.get("source") or {}).get("pointer")
        if code == 422 and pointer and pointer != "/data":
            error.setdefault("title", "Validation error")
        elif isinstance(exc, TypeConflict):
            error.setdefault("title", "Incorrect type")  # DJA raises it only for a type that does not fit
        else:
            error.setdefault("title", TITLES.get(code, "Error"))
        if error.get("source") == {"pointer": None} or error.get("source") == {}:
            error.pop("source")
    if getattr(context["view"], "renderer_classes", None) and not _is_json_api(context["view"]):
        response.data = utils.format_errors(response.data)
    return response


def _points_into_body(exc):
    """Validation errors, and conflicts that name their field (a sold-out line, a used-up code)."""
    return isinstance(exc, exceptions.ValidationError) or (isinstance(exc, Conflict) and isinstance(exc.detail, dict))


def _flatten(detail, path=()):
    """(path, message) for every message of a DRF error detail (dicts and lists nest)."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, path if key == api_settings.NON_FIELD_ERRORS_KEY else (*path, key))
    elif isinstance(detail, list):
        nested = any(isinstance(item, dict | list) for item in detail)
        for index, item in enumerate(detail):
            yield from _flatten(item, (*path, index) if nested else path)
    else:
        yield path, detail


def _is_json_api(view):
    from rest_framework_json_api.renderers import JSONRenderer

    return any(issubclass(r, JSONRenderer) for r in getattr(view, "renderer_classes", []))
