"""Weak ETags on JSON:API reads: `If-None-Match` hit → 304 with no body, `If-Match` miss → 412 (reference §1).

A PATCH or DELETE that sends `If-Match` is checked against the ETag a GET of the resource would carry now
(`ResourceViewSet.check_if_match`), so a client cannot overwrite a change it has not seen.
"""

import hashlib
import json

from rest_framework import exceptions, status


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource has changed since you read it (If-Match does not match its ETag)."
    default_code = "precondition_failed"


def weak_etag(content):
    return f'W/"{hashlib.sha1(content, usedforsecurity=False).hexdigest()}"'


def _tags(header):
    """Opaque tags of an `If-Match`/`If-None-Match` header, compared weakly (the `W/` prefix dropped)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def matches(header, etag):
    tags = _tags(header)
    return "*" in tags or etag.removeprefix("W/") in tags


class WeakETagMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not response.get("Content-Type", "").startswith("application/vnd.api+json"):
            return response
        if getattr(response, "streaming", False):
            return response
        etag = response.get("ETag") or weak_etag(response.content)  # set already by the response cache
        response["ETag"] = etag
        if_match = request.headers.get("If-Match")
        if if_match is not None and not matches(if_match, etag):
            response.status_code = 412
            error = {"status": "412", "title": "Precondition Failed", "detail": str(PreconditionFailed.default_detail)}
            response.content = json.dumps({"errors": [error], "jsonapi": {"version": "1.0"}})
            return response
        if matches(request.headers.get("If-None-Match", ""), etag):
            response.status_code = 304
            response.content = b""
            del response["Content-Type"]
        return response
