"""Job entry points (run by eventyay.tasks.services.run): take primitives, call the domain layer."""

from eventyay.errors import DomainError
from eventyay.tasks.services import JobError, report
from media.domain import thumbnails


def make_thumbnails(task, object_kind, object_id, url):
    """Thumbnail, small and icon (large for events) sizes of an event, speaker or sponsor image."""
    report(task, "Started")
    try:
        result = thumbnails.make_thumbnails(
            object_kind, object_id, url, progress=lambda stage, done, total: report(task, stage, done, total)
        )
    except (ValueError, OSError, DomainError) as exc:
        raise JobError(f"Thumbnails could not be made: {exc}") from exc
    if result is None:
        return {"skipped": "The object is gone or its image changed since."}
    return result
