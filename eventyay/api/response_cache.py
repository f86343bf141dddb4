"""A shared cache of anonymous JSON:API reads, keyed by the version of what they show.

A viewset that mixes in `VersionedReadCache` names, per request, the scope its answer depends on and that
scope's current version (`response_cache_scope`, e.g. `("event:12", 7)` for a published event's programme).
Anonymous GETs of the same URL and `Accept` are then answered from the cache (Redis when `REDIS_URL` is set,
so every process shares it) until the version changes; the app bumps the version in the same database
transaction as any write to that scope, so no answer outlives the data it was built from.

Only requests without credentials are looked up or stored: whatever a signed-in caller sees is never cached,
and their answers say `Cache-Control: private`. Cached answers carry the same weak ETag as a fresh one and
`Cache-Control: public, max-age=RESPONSE_CACHE_MAX_AGE` for a CDN in front (0 by default: the CDN revalidates
with `If-None-Match` and gets a 304).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from rest_framework.response import Response

from eventyay.api import etag

KEY_PREFIX = "eventyay:read:"
CACHE_HEADER = "X-Response-Cache"


def _cache():
    return caches[getattr(settings, "RESPONSE_CACHE_ALIAS", "default")]


def _anonymous(request):
    return "HTTP_AUTHORIZATION" not in request.META and not request.user.is_authenticated


class VersionedReadCache:
    """Viewset mixin: list and detail GETs of anonymous callers served from the versioned cache."""

    def response_cache_scope(self):
        """(scope, version) this request's answer depends on, or None when it must not be cached."""
        return None

    def _response_cache_key(self, request):
        if not getattr(settings, "RESPONSE_CACHE_ENABLED", True) or request.method != "GET":
            return None
        if not _anonymous(request):
            return None
        scope = self.response_cache_scope()
        if scope is None:
            return None
        name, version = scope
        digest = hashlib.sha1(
            f"{request.get_full_path()}\n{request.META.get('HTTP_ACCEPT', '')}".encode(), usedforsecurity=False
        ).hexdigest()
        return f"{KEY_PREFIX}{name}:{version}:{digest}"

    def _cached(self, request, handler, *args, **kwargs):
        key = self._response_cache_key(request)
        if key is not None:
            entry = _cache().get(key)
            if entry is not None:
                content, content_type, tag = entry
                response = HttpResponse(content, content_type=content_type)
                response["ETag"] = tag
                response[CACHE_HEADER] = "hit"
                return _public(response)
        self._response_cache_fill = key
        return handler(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        return self._cached(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached(request, super().retrieve, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "_response_cache_fill", None)
        if request.method not in ("GET", "HEAD"):
            return response
        if key is None or not isinstance(response, Response) or response.status_code != 200:
            if isinstance(response, Response) and not _anonymous(request):
                patch_cache_control(response, private=True)
            return response
        response.render()
        tag = etag.weak_etag(response.content)
        _cache().set(key, (response.content, response["Content-Type"], tag), settings.RESPONSE_CACHE_SECONDS)
        response["ETag"] = tag
        response[CACHE_HEADER] = "miss"
        return _public(response)


def _public(response):
    patch_cache_control(response, public=True, max_age=settings.RESPONSE_CACHE_MAX_AGE)
    patch_vary_headers(response, ("Accept", "Authorization"))
    return response
