"""Weak ETags on JSON:API reads; `If-None-Match` hit → 304 with no body (reference §1)."""

import hashlib


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
        etag = f'W/"{hashlib.sha1(response.content, usedforsecurity=False).hexdigest()}"'
        response["ETag"] = etag
        candidates = [t.strip() for t in request.headers.get("If-None-Match", "").split(",") if t.strip()]
        if etag in candidates or "*" in candidates or etag[2:] in candidates:
            response.status_code = 304
            response.content = b""
            del response["Content-Type"]
        return response
