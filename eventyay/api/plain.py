"""Base for Open Event's plain-JSON endpoints (auth, uploads, tasks, calculate-amount)."""

from rest_framework import parsers, renderers
from rest_framework.views import APIView


class VndJSONParser(parsers.JSONParser):
    media_type = "application/vnd.api+json"


class VndJSONRenderer(renderers.JSONRenderer):
    """Plain JSON body for clients that send `Accept: application/vnd.api+json` everywhere."""

    media_type = "application/vnd.api+json"


class PlainJSONView(APIView):
    parser_classes = [parsers.JSONParser, VndJSONParser, parsers.FormParser, parsers.MultiPartParser]
    renderer_classes = [renderers.JSONRenderer, VndJSONRenderer]
    plain_json = True
