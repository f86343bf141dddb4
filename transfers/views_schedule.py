"""Schedule exports: the original's task routes (co-organizers) and the public schedule files served directly.

`GET /v1/events/<id>/export/ical|xcal|pentabarf`, `GET .../export/sessions/pdf|speakers/pdf` and
`POST .../export/sessions/csv|speakers/csv` (body `{"status": ...}`) and the sales exports `GET .../export/
orders/csv|pdf`, `.../export/attendees/csv|pdf` start a job → `{"task_url": ...}`;
its result is `{"download_url": ...}`, served by the export download route. `GET /v1/events/<id>/schedule/
ical|xcal|pentabarf` answers the file of a published event's public programme at once, with an ETag.
"""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from events.models import Event
from events.scoping import EventScopedMixin
from eventyay.api import permissions as perms
from eventyay.api.etag import matches, weak_etag
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import file_operation, operation, plain_schema
from eventyay.api.schema.components import JSON, JSONAPI, STRING, TASK_URL, json_body, obj
from eventyay.api.viewsets import resolve_event
from transfers import services
from transfers.exporters import FORMATS, PUBLIC_FORMATS, export

#: route → format: the original's URLs.
TASK_ROUTES = {
    ("ical", "get"): "ical",
    ("xcal", "get"): "xcal",
    ("pentabarf", "get"): "pentabarf",
    ("sessions/pdf", "get"): "pdf-sessions",
    ("speakers/pdf", "get"): "pdf-speakers",
    ("sessions/csv", "post"): "csv-sessions",
    ("speakers/csv", "post"): "csv-speakers",
    ("orders/csv", "get"): "csv-orders",
    ("orders/pdf", "get"): "pdf-orders",
    ("attendees/csv", "get"): "csv-attendees",
    ("attendees/pdf", "get"): "pdf-attendees",
}
PUBLIC_MAX_AGE = 300


class ScheduleExportView(EventScopedMixin, PlainJSONView, event_kwarg="event_ref"):
    """Starts the export job of one format (`route` comes from the URL pattern, never from the client)."""

    route = None
    permission_classes = [perms.IsAuthenticated]

    def _start(self, request, event_ref, body=None):
        fmt = FORMATS[TASK_ROUTES[(self.route, request.method.lower())]]
        event = self.event
        state = services.schedule_status(fmt, body) if fmt.statuses else "all"
        job = services.start_schedule_export(request.user, event, fmt, state)
        return Response({"task_url": f"/v1/tasks/{job.task_id}"}, status=status.HTTP_200_OK)


@plain_schema(get=operation(None, TASK_URL, errors=(401, 403, 404), login=True, tag="export"))
class ScheduleExportGetView(ScheduleExportView):
    def get(self, request, event_ref):
        return self._start(request, event_ref)


@plain_schema(
    post=operation(
        json_body(obj({"status": STRING}), (JSON, JSONAPI)),
        TASK_URL,
        errors=(400, 401, 403, 404, 415, 422),
        login=True,
        tag="export",
    )
)
class ScheduleExportPostView(ScheduleExportView):
    def post(self, request, event_ref):
        return self._start(request, event_ref, request.data)


@plain_schema(
    get=file_operation(
        ("text/calendar", "application/calendar+xml", "application/xml"),
        "The schedule file.",
        summary="A published event's public programme as iCal, xCal or Pentabarf XML (ETag, cacheable).",
        responses={304: {"description": "Not modified (If-None-Match)."}},
        tag="export",
    )
)
class PublicScheduleView(APIView):
    """A published event's public programme as a file, for calendar apps and schedule readers (no login).

    Drafts are 404 except to their co-organizers (who get the same public content, not cached).
    """

    permission_classes = []

    def get(self, request, event_ref, fmt):
        if fmt not in PUBLIC_FORMATS:
            raise Http404("Unknown schedule format; use one of: " + ", ".join(PUBLIC_FORMATS) + ".")
        event = resolve_event(Event, event_ref)
        if not perms.can_see_event(request.user, event):
            raise Http404("Event not found.")
        content = export(event, fmt)
        etag = weak_etag(content)
        shared = event.state == "published" and event.privacy == "public"
        cache_control = f"public, max-age={PUBLIC_MAX_AGE}" if shared else "private, no-cache"
        if matches(request.headers.get("If-None-Match", ""), etag):
            response = HttpResponseNotModified()
        else:
            spec = FORMATS[fmt]
            response = HttpResponse(content, content_type=spec.content_type)
            response["Content-Disposition"] = f'inline; filename="{spec.filename(event)}"'
        response["ETag"] = etag
        response["Cache-Control"] = cache_control
        response["Vary"] = "Authorization"
        return response
