"""Job entry points (run by eventyay.tasks.services.run): load the job row, call the service, mail the user."""

from urllib.parse import urlsplit

from django.conf import settings

from eventyay.tasks.services import JobError
from transfers import services
from transfers.models import ExportJob, ImportJob

GENERIC = "The job failed because of an internal error; it has been logged."


def import_event(task, upload_key, filename="", source_type="json", dry_run=False):
    job, _ = ImportJob.objects.get_or_create(
        task=task, defaults={"user": task.user, "filename": filename, "upload_key": upload_key}
    )
    try:
        result = services.run_import(task, job, source_type=source_type, dry_run=dry_run)
    except Exception as exc:
        services.notify(
            job, "import", False, f"Importing {filename} failed: {exc if isinstance(exc, JobError) else GENERIC}"
        )
        raise
    if dry_run:
        return result  # nothing was imported: no notice
    services.notify(job, "import", True, f"{result['event_name']} was imported from {filename}: {result['url']}")
    return result


def export_event(task, event_id, media=()):
    job, _ = ExportJob.objects.get_or_create(
        task=task, defaults={"user": task.user, "event_id": event_id, "media": list(media)}
    )
    try:
        result = services.run_export(task, job)
    except Exception as exc:
        services.notify(
            job, "export", False, f"Exporting event {event_id} failed: {exc if isinstance(exc, JobError) else GENERIC}"
        )
        raise
    link = result["download_url"]
    if not urlsplit(link).scheme:
        link = settings.FRONTEND_URL.rstrip("/") + link
    services.notify(job, "export", True, f"The export of {job.event.name} is ready: {link}")
    return result


def export_schedule(task, event_id, format, status="all"):  # noqa: A002 - the task's keyword, as recorded
    job, _ = ExportJob.objects.get_or_create(
        task=task, defaults={"user": task.user, "event_id": event_id, "format": format}
    )
    try:
        result = services.run_schedule_export(task, job, status=status)
    except Exception as exc:
        detail = exc if isinstance(exc, JobError) else GENERIC
        services.notify(job, "export", False, f"Exporting the {format} of event {event_id} failed: {detail}")
        raise
    link = result["download_url"]
    if not urlsplit(link).scheme:
        link = settings.FRONTEND_URL.rstrip("/") + link
    services.notify(job, "export", True, f"The {format} export of {job.event.name} is ready: {link}")
    return result
