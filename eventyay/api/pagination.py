"""`page[size]` / `page[number]` paging with `meta.count` (reference §1)."""

import math

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 20


def _positive_int(raw, name, allow_zero):
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ParseError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < 0 or (value == 0 and not allow_zero):
        raise ParseError(f"{name} must be {'zero or more' if allow_zero else 'at least 1'}.")
    return value


class OpenEventPagination(BasePagination):
    """Page size 20 by default; `page[size]=0` returns everything on one page."""

    size_param = "page[size]"
    number_param = "page[number]"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = _positive_int(request.query_params.get(self.size_param, DEFAULT_PAGE_SIZE), self.size_param, True)
        number = _positive_int(request.query_params.get(self.number_param, 1), self.number_param, False)
        size = min(size, settings.MAX_PAGE_SIZE) if size else 0
        self.count = (
            queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        )
        if size == 0:
            self.size, self.number, self.pages = 0, 1, 1
            return list(queryset)
        self.size, self.number = size, number
        self.pages = max(1, math.ceil(self.count / size))
        start = (number - 1) * size
        if start >= self.count:
            return []  # past the last page; also keeps huge page numbers out of the SQL (OFFSET overflow)
        return list(queryset[start : start + size])

    def _link(self, number):
        return replace_query_param(self.request.get_full_path(), self.number_param, number)

    def get_paginated_response(self, data):
        links = {"self": self.request.get_full_path()}
        if self.pages > 1:
            links["first"] = self._link(1)
            links["last"] = self._link(self.pages)
            if self.number > 1:
                links["prev"] = self._link(self.number - 1)
            if self.number < self.pages:
                links["next"] = self._link(self.number + 1)
        return Response({"results": data, "meta": {"count": self.count}, "links": links})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "properties": {
                "data": schema,
                "meta": {"type": "object", "properties": {"count": {"type": "integer"}}},
                "links": {"type": "object"},
            },
        }
