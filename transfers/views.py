"""Import (§4), export (§5), the export download, and the import-jobs / export-jobs resources."""

from django.conf import settings
from django.http import FileResponse, Http404
from rest_framework import exceptions, parsers, renderers, status
from rest_framework.response import Response

from events.models import Event
from events.scoping import EventScopedMixin
from eventyay.api import permissions as perms
from eventyay.api import plain
from eventyay.api.exceptions import PayloadTooLarge
from eventyay.api.schema import file_operation, operation, plain_schema
from eventyay.api.schema.components import JSON, JSONAPI, TASK_URL, json_body, obj
from eventyay.api.viewsets import ResourceViewSet
from eventyay.tasks.services import fail_orphans
from media.storage import get_storage
from transfers import download_links, services
from transfers.models import ExportJob, ImportJob
from transfers.serializers import ExportJobSerializer, ImportJobSerializer


class PlainJSONView(plain.PlainJSONView):
    """Logged-in callers; answers plain JSON only (no `application/vnd.api+json` rendering)."""

    permission_classes = [perms.IsAuthenticated]
    renderer_classes = [renderers.JSONRenderer]


@plain_schema(
    post=operation(
        {"content": {"multipart/form-data": {"schema": obj({"file": {"type": "string", "format": "binary"}})}}},
        TASK_URL,
        errors=(400, 401, 404, 413, 415, 422),
        login=True,
        tag="import",
    ),
)
class ImportView(PlainJSONView):
    """`POST /v1/events/import/json` (a .zip) or `/pentabarf`, `/frab`, `/xml` (a schedule XML): multipart `file`
    → `{"task_url": ...}`. `?dry_run=true` runs the whole import and reports it, writing nothing."""

    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    def post(self, request, source_type):
        services.check_source_type(source_type)
        limit = settings.TRANSFERS_MAX_UPLOAD_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit + 64 * 1024:
            raise PayloadTooLarge(f"The file is larger than the {limit // (1024 * 1024)} MB an import may be.")
        dry_run = request.query_params.get("dry_run", "").lower() in ("true", "1", "yes")
        job = services.start_import(request.user, request.FILES.get("file"), source_type, dry_run=dry_run)
        return Response({"task_url": f"/v1/tasks/{job.task_id}"}, status=status.HTTP_200_OK)


@plain_schema(
    post=operation(
        json_body(
            obj({kind: {"type": "boolean"} for kind in ("image", "video", "document", "audio")}),
            (JSON, JSONAPI),
        ),
        TASK_URL,
        errors=(400, 401, 403, 404, 415, 422),
        login=True,
        tag="export",
    ),
)
class ExportView(EventScopedMixin, PlainJSONView, event_kwarg="event_ref"):
    """`POST /v1/events/<id|identifier>/export/json` with `{"image","video","document","audio"}` flags."""

    parser_classes = plain.JSON_PARSERS

    def post(self, request, event_ref, source_type):
        if source_type != "json":
            raise Http404("Export type not supported")
        event = self.event
        job = services.start_export(request.user, event, services.media_kinds(request.data or {}))
        return Response({"task_url": f"/v1/tasks/{job.task_id}"}, status=status.HTTP_200_OK)


@plain_schema(
    get=file_operation(
        ("application/zip",),
        "The export file.",
        {},
        errors=(401, 403, 404),
        tag="export",
        query=[
            {
                "in": "query",
                "name": "token",
                "required": False,
                "schema": {"type": "string"},
                "description": "The signed token of the task's download_url: opens the file without a JWT.",
            }
        ],
    ),
)
class ExportDownloadView(EventScopedMixin, PlainJSONView, event_kwarg="event_ref"):
    """`GET /v1/events/<id>/exports/<task-id>/download`: the file, to co-organizers of that event and admins, or
    to the holder of the signed link the task result gives them (`transfers.download_links`).

    The file is looked up by task id on *this* event's export rows; no part of the URL becomes a path.
    """

    permission_classes = []  # the token, or `self.event` (login and role on the event), decides

    def get(self, request, event_ref, task_id):
        sent = request.query_params.get("token")
        if sent is not None:  # a signed link: it stands for the co-organizer who was given it
            job = self._job(Event.all_objects.by_ref(event_ref), task_id)
            if not download_links.is_valid(job, sent):
                raise exceptions.PermissionDenied("This download link is invalid or has expired; export again.")
            event = job.event
        else:
            event = self.event
            job = self._job(event, task_id)
        storage = get_storage()
        try:
            handle = storage.open(job.file_key, "rb")
        except (OSError, FileNotFoundError):
            raise Http404("The export file has expired; please export again.") from None
        if job.format != "json":
            from transfers.exporters import FORMATS

            spec = FORMATS[job.format]
            return FileResponse(
                handle, as_attachment=True, filename=spec.filename(event), content_type=spec.content_type
            )
        return FileResponse(handle, as_attachment=True, filename=f"event{event.pk}.zip", content_type="application/zip")

    @staticmethod
    def _job(event, task_id):
        job = ExportJob.objects.filter(event=event, task_id__in=_uuid_or_none(task_id)).select_related("task", "event")
        job = job.first()
        if job is None or job.task.state != "SUCCESS" or not job.file_key:
            raise Http404("No finished export with this id for this event.")
        return job


def _uuid_or_none(value):
    import uuid

    try:
        return [uuid.UUID(str(value))]
    except ValueError:
        return []


class TransferJobViewSet(ResourceViewSet):
    """The caller's own jobs (admins: everyone's). Read-only, plus DELETE of one's own import-job row."""

    event_path = None
    write_roles = None
    permission_classes = [perms.IsAuthenticated]
    http_method_names = ["get", "delete", "head", "options"]

    def restrict_queryset(self, queryset):
        fail_orphans()
        user = self.request.user
        queryset = queryset.select_related("task")
        return queryset if perms.is_staff(user) else queryset.filter(user=user)

    def check_write_permission(self, obj, event):
        if obj.user_id != self.request.user.pk and not perms.is_staff(self.request.user):
            raise exceptions.PermissionDenied("Only the user who started this job may delete it.")


class ImportJobViewSet(TransferJobViewSet):
    queryset = ImportJob.objects.all()
    serializer_class = ImportJobSerializer


class ExportJobViewSet(TransferJobViewSet):
    queryset = ExportJob.objects.all()
    serializer_class = ExportJobSerializer

    def perform_destroy(self, instance, permanent=True):
        if instance.file_key:
            get_storage().delete(instance.file_key)
        instance.delete()
