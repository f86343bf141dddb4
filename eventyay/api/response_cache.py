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

Hits are served by `CachedReadMiddleware`, the innermost middleware, before URL resolution (memoised per path)
and DRF run: the outer middleware (CORS, security headers, ETag/304, metrics) treat a hit like any answer, and
the hit carries the headers the view gave the answer it replays. The viewset mixin only fills the cache, so
without the middleware nothing is served from it (a system check says so).

Each process also keeps the answers it served last in memory (`RESPONSE_CACHE_LOCAL_BYTES`): safe because the
key holds the version read from the database on every request, so a local entry can be old but never stale.
"""

import functools
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from rest_framework.response import Response

from eventyay.api import etag

KEY_PREFIX = "eventyay:read:"
CACHE_HEADER = "X-Response-Cache"
MIDDLEWARE_PATH = "eventyay.api.response_cache.CachedReadMiddleware"
#: Headers of the view's answer that a hit replays (the outer middleware add theirs to both alike).
REPLAYED = ("Allow", "Vary", "Content-Language")
logger = logging.getLogger(__name__)
_UNKNOWN = object()
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


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

    def _fill_key(self, request):
        """The key the middleware computed for this request (one version query per request), else our own."""
        known = getattr(request, "read_cache_key", _UNKNOWN)
        return self._response_cache_key(request) if known is _UNKNOWN else known

    def list(self, request, *args, **kwargs):
        self._response_cache_fill = self._fill_key(request)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        self._response_cache_fill = self._fill_key(request)
        return super().retrieve(request, *args, **kwargs)

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
        response["ETag"] = tag
        response[CACHE_HEADER] = "miss"
        _public(response)
        headers = tuple((name, response[name]) for name in REPLAYED if response.has_header(name))
        try:
            # Compressed once here, so that a hit for a phone or a CDN (`Accept-Encoding: gzip`) sends a tenth
            # of the bytes at no cost per request; the weak ETag stands for both encodings.
            entry = (response.content, response["Content-Type"], tag, headers, compress_string(response.content))
            _cache().set(key, entry, settings.RESPONSE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - a cache that is down costs speed, never the answer
            logger.warning("Could not store a cached read", exc_info=True)
        return response


@functools.lru_cache(maxsize=4096)
def _cacheable_route(path):
    """(match, view class, action) of a path a `VersionedReadCache` list or detail answers, else None; bounded,
    since it is memoised per path (the resolver tries every pattern in turn)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view_class = getattr(match.func, "cls", None)
    action = (getattr(match.func, "actions", None) or {}).get("get")
    if view_class is None or action not in ("list", "retrieve") or not issubclass(view_class, VersionedReadCache):
        return None
    return match, view_class, action


class LocalEntries:
    """A small LRU of shared-cache entries in this process, bounded in bytes and by the shared cache's TTL."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = OrderedDict()
        self.size = 0

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key, entry):
        limit = settings.RESPONSE_CACHE_LOCAL_BYTES
        cost = len(entry[0]) + len(entry[4]) + len(key)  # the answer and its gzip copy
        if cost > limit // 4:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (time.monotonic() + settings.RESPONSE_CACHE_SECONDS, entry, cost)
            self.size += cost
            while self.size > limit:
                self._drop(next(iter(self.entries)))

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _drop(self, key):
        self.size -= self.entries.pop(key)[2]


local_entries = LocalEntries()


def _entry(key):
    entry = local_entries.get(key)
    if entry is not None:
        return entry
    try:
        entry = _cache().get(key)
    except Exception:  # noqa: BLE001 - a cache that is down costs speed, never the answer
        logger.warning("Could not read a cached answer", exc_info=True)
        return None
    if entry is None or len(entry) != 5:
        return None
    local_entries.put(key, entry)
    return entry


@receiver(setting_changed)
def _forget_routes(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # as Django forgets its own URL caches
        _cacheable_route.cache_clear()


def _lookup(request):
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    route = _cacheable_route(request.path_info)
    if route is None:
        return None
    match, view_class, action = route
    view = view_class(action=action, args=match.args, kwargs=match.kwargs, request=request, format_kwarg=None)
    key = request.read_cache_key = view._response_cache_key(request)
    entry = _entry(key) if key is not None else None
    if entry is None:
        return None
    request.resolver_match = match  # metrics label the route as for any answer
    return entry


class CachedReadMiddleware:
    """Innermost middleware: an anonymous GET whose answer is in the versioned cache is served here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        entry = _lookup(request) if getattr(settings, "RESPONSE_CACHE_ENABLED", True) else None
        if entry is None:
            return self.get_response(request)
        content, content_type, tag, headers, gzipped = entry
        compressed = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        response = HttpResponse(gzipped if compressed else content, content_type=content_type)
        for name, value in headers:
            response[name] = value
        if compressed:
            response["Content-Encoding"] = "gzip"
        response["ETag"] = tag
        response[CACHE_HEADER] = "hit"
        return _public(response)


def _public(response):
    patch_cache_control(response, public=True, max_age=settings.RESPONSE_CACHE_MAX_AGE)
    patch_vary_headers(response, ("Accept", "Authorization", "Accept-Encoding"))
    return response


@checks.register()
def check_middleware_installed(app_configs=None, **kwargs):
    """The mixin only fills the cache: without the middleware every cached answer would be dead weight."""
    if not getattr(settings, "RESPONSE_CACHE_ENABLED", True) or MIDDLEWARE_PATH in settings.MIDDLEWARE:
        return []
    hint = "Add it as the last entry of MIDDLEWARE, or set RESPONSE_CACHE_ENABLED=false."
    return [
        checks.Error(
            f"{MIDDLEWARE_PATH} is not installed: cached reads would never be served.", hint=hint, id="eventyay.E002"
        )
    ]
