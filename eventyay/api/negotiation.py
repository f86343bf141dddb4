"""Content negotiation (no import of DRF views here: DRF loads this while it defines them)."""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class ClientNegotiation(DefaultContentNegotiation):
    """Open Event's web client sends `Accept: application/vnd.api+json` on every request, also to the plain-JSON
    routes (import, export, uploads): those answer their own JSON instead of 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            if "application/vnd.api+json" not in request.META.get("HTTP_ACCEPT", "") or not renderers:
                raise
            renderer = renderers[0]
            return renderer, renderer.media_type
