"""The public room map page and the rooms as GeoJSON (events layer).

The page is a thin shell: the server only resolves the event and hands the browser what it
cannot ask the API for (tile URL); everything else is fetched from our own JSON:API by
static/eventyay/room-map.js.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from rest_framework import renderers
from rest_framework.response import Response

from events.models import Event, Microlocation
from eventyay.api.permissions import can_see_event
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import file_operation, plain_schema
from eventyay.api.schema.components import JSON, STRING, obj
from eventyay.errors import NotFound


def not_found_page(request, message):
    return render(request, "pages/not_found.html", {"message": message}, status=404)


def live_event(identifier):
    """The event behind a page URL (id or identifier), or None when unknown or deleted."""
    try:
        event = Event.all_objects.by_ref(identifier)
    except NotFound:
        return None
    return event if event.deleted_at is None else None


def room_map(request, identifier):
    """`/e/<identifier>/map`: public, so only what an anonymous visitor may see (drafts are 404)."""
    event = live_event(identifier)
    if event is None or not can_see_event(AnonymousUser(), event):
        return not_found_page(request, "There is no published event with this address.")
    config = {
        "event": event.identifier,
        "timezone": event.timezone or "UTC",
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "pages/map.html", {"event": event, "page_config": config})


class GeoJSONRenderer(renderers.JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


def room_feature(room):
    return {
        "type": "Feature",
        "id": room.pk,
        # GeoJSON orders coordinates longitude first (RFC 7946 §3.1.1).
        "geometry": {"type": "Point", "coordinates": [room.longitude, room.latitude]},
        "properties": {"id": room.pk, "name": room.name, "floor": room.floor, "room": room.room or None},
    }


@plain_schema(
    get=file_operation(
        ("application/geo+json", JSON),
        "Rooms with coordinates as a GeoJSON FeatureCollection.",
        obj({"type": STRING, "features": {"type": "array"}}, ["features"]),
        error_media=("application/geo+json", JSON),
        tag="microlocation",
    ),
)
class MicrolocationsGeoJSONView(PlainJSONView):
    """`GET /v1/events/<id|identifier>/microlocations.geojson`: rooms with coordinates, for other map clients.

    Same visibility as the event (drafts only for their co-organizers and staff, with a JWT).
    """

    renderer_classes = [GeoJSONRenderer, renderers.JSONRenderer]

    def get(self, request, event_id):
        event = Event.all_objects.by_ref(event_id)
        if not can_see_event(request.user, event):
            raise Http404(f"Event '{event_id}' not found.")
        rooms = Microlocation.objects.filter(event=event, latitude__isnull=False, longitude__isnull=False)
        return Response({"type": "FeatureCollection", "features": [room_feature(room) for room in rooms]})


urlpatterns = [
    path("e/<str:identifier>/map", room_map, name="page-room-map"),
    path(
        "v1/events/<str:event_id>/microlocations.geojson",
        MicrolocationsGeoJSONView.as_view(),
        name="events-microlocations-geojson",
    ),
]
