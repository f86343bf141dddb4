"""The one base for Open Event's plain-JSON endpoints (auth, uploads, tasks, calculate-amount, import/export).

Clients send `application/vnd.api+json` everywhere, also to these routes, so the JSON parser and renderer
are offered under both media types. A view narrows `parser_classes` to one of the sets below.
"""

from rest_framework import parsers, renderers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from eventyay.api.limits import check_numbers, render_finite


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSON parser; an integer beyond 64 bits anywhere in the body is a 422 with its pointer."""

    def parse(self, stream, media_type=None, parser_context=None):
        return check_numbers(super().parse(stream, media_type, parser_context))


class VndJSONParser(BoundedJSONParser):
    """A plain JSON body sent as `application/vnd.api+json`."""

    media_type = "application/vnd.api+json"


class FiniteJSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer; a stored NaN/Infinity is written as null instead of failing the response."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return render_finite(super().render, data, accepted_media_type, renderer_context)


class VndJSONRenderer(FiniteJSONRenderer):
    """Plain JSON body for clients that send `Accept: application/vnd.api+json` everywhere."""

    media_type = "application/vnd.api+json"


#: A JSON body under either JSON media type.
JSON_PARSERS = [BoundedJSONParser, VndJSONParser]
#: Form posts (login forms, file uploads).
FORM_PARSERS = [parsers.FormParser, parsers.MultiPartParser]


class PlainJSONView(APIView):
    parser_classes = [*JSON_PARSERS, *FORM_PARSERS]
    renderer_classes = [FiniteJSONRenderer, VndJSONRenderer]


class AlwaysJSON(BaseContentNegotiation):
    """Plain-JSON endpoints answer JSON whatever the client's Accept (JSON:API clients send theirs)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FixedJSONView(PlainJSONView):
    """A read-only plain-JSON route that answers `application/json` whatever the client's Accept says."""

    renderer_classes = [FiniteJSONRenderer]
    content_negotiation_class = AlwaysJSON
