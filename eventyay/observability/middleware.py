"""First middleware of every request: its id (logs, `X-Request-ID`), its metrics, its SQL query count."""

import time

from django.db import connection

from eventyay.observability import context
from eventyay.observability.metrics import CACHE, LATENCY, QUERIES, REQUESTS


class _QueryCounter:
    __slots__ = ("count",)

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def route_of(request):
    """The URL pattern that answered (`v1/events/<pk>/sessions`), not the path: a bounded label set."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.route or match.view_name or "unmatched"


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = context.new_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = context.bind(request_id)
        counter = _QueryCounter()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
        finally:
            context.reset(token)
        elapsed = time.perf_counter() - started
        route = route_of(request)
        REQUESTS.labels(route=route, method=request.method, status=str(response.status_code)).inc()
        LATENCY.labels(route=route, method=request.method).observe(elapsed)
        QUERIES.labels(route=route).observe(counter.count)
        cache_result = response.get("X-Response-Cache")
        if cache_result:
            CACHE.labels(result=cache_result).inc()
        response["X-Request-ID"] = request_id
        return response
