"""Import and export as the API, the jobs and the commands use them."""

import logging
import os
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction

from eventyay.errors import DomainError, NotFound, TooLarge
from eventyay.tasks import services as tasks
from eventyay.tasks.services import JobError
from media.storage import absolute_url, get_storage, save_file
from transfers import frab
from transfers.archive import ArchiveError
from transfers.exporter import MEDIA_KINDS, export_event, root_url, store_export
from transfers.importer import import_archive
from transfers.models import ExportJob, ImportJob
from transfers.normalise import NormaliseError

logger = logging.getLogger(__name__)


def progress_reporter(task):
    """A progress callback that saves stage and counts on the task (also its heartbeat)."""
    if task is None:
        return lambda stage, done=None, total=None: None
    return lambda stage, done=None, total=None: tasks.report(task, stage, done, total)


# ------------------------------------------------------------------ import
#: Source type of the import URL → the file extensions accepted for it.
SOURCE_TYPES = {"json": (".zip",), **dict.fromkeys(frab.SOURCE_TYPES, (".xml",))}


def check_source_type(source_type):
    if source_type not in SOURCE_TYPES:
        raise NotFound("Import source type not supported")


def check_upload(upload, source_type="json"):
    """Open Event's answers for a bad upload (404s, kept for compatibility) and our size limit (413)."""
    check_source_type(source_type)
    if upload is None:
        raise NotFound("File not found")
    if not upload.name.lower().endswith(SOURCE_TYPES[source_type]):
        raise NotFound("Invalid file type")
    limit = settings.TRANSFERS_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise TooLarge(f"The file is larger than the {limit // (1024 * 1024)} MB an import may be.")


def start_import(user, upload, source_type="json", dry_run=False):
    """Store the upload under a private random key and start the import job; returns the ImportJob."""
    check_upload(upload, source_type)
    suffix = SOURCE_TYPES[source_type][0]
    key, _url = save_file(f"imports/{uuid.uuid4().hex}/upload{suffix}", upload)
    filename = os.path.basename(upload.name)[:255]
    with transaction.atomic():
        task = tasks.start(
            "import",
            "transfers.jobs.import_event",
            user=user,
            upload_key=key,
            filename=filename,
            source_type=source_type,
            dry_run=dry_run,
        )
        job, _ = ImportJob.objects.get_or_create(
            task=task, defaults={"user": user, "filename": filename, "upload_key": key}
        )
    return job


def import_file(handle, user, source_type="json", progress=None, dry_run=False):
    """The import of one file of `source_type` (a zip of JSON, or a frab/Pentabarf XML)."""
    progress = progress or (lambda stage, done=None, total=None: None)
    check_source_type(source_type)
    if source_type == "json":
        return import_archive(handle, user, progress=progress, dry_run=dry_run)
    return frab.import_schedule(handle, user, progress=progress, dry_run=dry_run)


def remove_abandoned_upload(task):
    """An import whose worker died: its uploaded file under `imports/` goes (the job's `finally` never ran)."""
    key = (task.kwargs or {}).get("upload_key")
    if key and key.startswith("imports/"):
        get_storage().delete(key)


def run_import(task, job, fileobj=None, source_type="json", dry_run=False):
    """Import the job's upload (or `fileobj`); returns Open Event's success result. Raises JobError for the user."""
    storage = get_storage()
    try:
        handle = fileobj or storage.open(job.upload_key, "rb")
    except (OSError, FileNotFoundError):
        raise JobError("The uploaded file is no longer available; please upload it again.") from None
    try:
        outcome = import_file(handle, job.user, source_type, progress_reporter(task), dry_run=dry_run)
    except (ArchiveError, NormaliseError) as exc:
        job.warnings = [str(exc)]
        job.save(update_fields=["warnings"])
        raise JobError(str(exc)) from None
    finally:
        if fileobj is None:
            handle.close()
            if job.upload_key:
                storage.delete(job.upload_key)
    job.event = outcome.event
    job.warnings = outcome.warnings
    job.save(update_fields=["event", "warnings"])
    if dry_run:
        return {"dry_run": True, "counts": outcome.counts, "warnings": outcome.warnings}
    event = outcome.event
    return {
        "id": event.pk,
        "event_name": event.name,
        "identifier": event.identifier,
        "url": f"{settings.FRONTEND_URL.rstrip('/')}/events/{event.identifier}",
        "counts": outcome.counts,
        "warnings": outcome.warnings,
    }


# ------------------------------------------------------------------ export
def media_kinds(flags):
    """`{"image": true, "video": false, ...}` → ["image"]; only booleans (or "true"/"false") are accepted."""
    if flags is None:
        flags = {}
    if not isinstance(flags, dict):
        raise DomainError("The body must be a JSON object of media flags.")
    kinds = []
    for kind in MEDIA_KINDS:
        value = flags.get(kind, False)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        if not isinstance(value, bool):
            raise DomainError("Must be true or false.", field=kind)
        if value:
            kinds.append(kind)
    return kinds


def start_export(user, event, kinds):
    with transaction.atomic():
        task = tasks.start("export", "transfers.jobs.export_event", user=user, event_id=event.pk, media=kinds)
        job, _ = ExportJob.objects.get_or_create(task=task, defaults={"user": user, "event": event, "media": kinds})
    return job


def run_export(task, job):
    path = export_event(job.event, job.media, progress=progress_reporter(task), root_url=root_url())
    try:
        if task is not None:
            tasks.report(task, "Storing the zip")
        job.file_key, job.size = store_export(path, job.event)
    finally:
        os.unlink(path)
    job.save(update_fields=["file_key", "size"])
    return {"download_url": absolute_url(job.download_url)}


# ------------------------------------------------------------------ schedule exports
def schedule_status(fmt, body):
    """The `status` of a CSV export's body (`{"status": "all"}`; absent = all); an unknown one is a 422."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise DomainError('The body must be a JSON object, e.g. {"status": "all"}.', field="non_field_errors")
    status = body.get("status") or "all"
    if status != "all" and status not in fmt.statuses:
        choices = ", ".join(("all", *fmt.statuses))
        raise DomainError(f"Unknown status {str(status)[:40]!r}; use one of: {choices}.", field="status")
    return status


def start_schedule_export(user, event, fmt, status="all"):
    with transaction.atomic():
        task = tasks.start(
            "export", "transfers.jobs.export_schedule", user=user, event_id=event.pk, format=fmt.name, status=status
        )
        job, _ = ExportJob.objects.get_or_create(task=task, defaults={"user": user, "event": event, "format": fmt.name})
    return job


def run_schedule_export(task, job, status="all"):
    from transfers.exporters import FORMATS, export

    fmt = FORMATS[job.format]
    report = progress_reporter(task)
    report(f"Exporting {fmt.name}")
    content = export(job.event, fmt.name, status=status)
    report("Storing the file")
    key = f"exports/{job.event_id}/{uuid.uuid4().hex}/{fmt.filename(job.event)}"
    job.file_key, _url = save_file(key, ContentFile(content))
    job.size = len(content)
    job.save(update_fields=["file_key", "size"])
    return {"download_url": absolute_url(job.download_url)}


# ------------------------------------------------------------------ notices
def notify(job, kind, ok, detail):
    """E-mail the user who started the job that it ended (never fails the job)."""
    user = job.user
    if user is None or not user.email:
        return
    if ok:
        subject = f"Your event {kind} has finished"
    else:
        subject = f"Your event {kind} has failed"
    try:
        send_mail(subject, detail, None, [user.email], fail_silently=False)
    except Exception:  # noqa: BLE001 - a mail server problem must not turn a finished job into a failed one
        logger.warning("Could not send the %s notice for task %s", kind, job.task_id, exc_info=True)
