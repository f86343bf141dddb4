"""Job entry points (run by eventyay.tasks.services.run): take primitives, call a service."""

from rest_framework.exceptions import APIException

from eventyay.tasks.services import JobError, report
from media import services


def make_thumbnails(task, object_kind, object_id, url):
    """Thumbnail, small and icon (large for events) sizes of an event, speaker or sponsor image."""
    report(task, "Started")
    try:
        result = services.make_thumbnails(
            object_kind, object_id, url, progress=lambda stage, done, total: report(task, stage, done, total)
        )
    except (ValueError, OSError, APIException) as exc:
        raise JobError(f"Thumbnails could not be made: {exc}") from exc
    if result is None:
        return {"skipped": "The object is gone or its image changed since."}
    return result
